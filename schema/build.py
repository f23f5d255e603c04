"""Build the in-memory ``Handbook`` from loaded files; turn every pydantic error into a located finding.

A file's kind comes from its folder (``courses/``, ``legal/`` …, see ``models.KINDS``); a file holds one
entry (a mapping) or a list of entries. Nothing here re-reads YAML: later stages use the ``Handbook``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .findings import Finding, Location, Severity, define_messages
from .layout import META_FILE
from .loader import Limits, LoadedFile, Path_, display_path
from .models import KIND_BY_FOLDER, KIND_BY_PREFIX, KINDS, SCHEMA_VERSION, KindSpec, Meta
from .models.common import REF_SHAPE, VISIBLE_PATTERN
from .models.coverage import Coverage
from .models.handbook import Handbook, RawRecord, Record

__all__ = ["META_FILE", "build_handbook", "kind_of", "pydantic_findings"]

COVERAGE_FILE = "sources.yaml"
#: the only files at the handbook root; every entry lives in its kind's folder
ROOT_FILES = (META_FILE, COVERAGE_FILE)

define_messages(
    {
        "schema.missing": ("缺少必填字段“{field}”", "missing required field '{field}'"),
        "schema.extra-key": (
            "未知字段“{field}”{suggest}（此处可用字段：{allowed}）",
            "unknown field '{field}'{suggest_en} (fields allowed here: {allowed})",
        ),
        "schema.yaml11-surprise": (
            '“{text}”没有加引号，YAML 把它读成了{kind_zh} {value!r}，而这里需要文本：请加引号写成 "{text}"',
            "'{text}' is unquoted, so YAML read it as {kind_en} {value!r} but text is expected here: "
            'quote it as "{text}"',
        ),
        "schema.unquoted-date": (
            "日期 {text} 没有加引号：YAML 1.1 的读取器（如 PyYAML、js-yaml）把它读成日期，YAML 1.2 的读取器读成文本，"
            '第三方工具按 Schema 检查的结果会不一致；请写成 "{text}"',
            "the date {text} is unquoted: YAML 1.1 readers (PyYAML, js-yaml) read it as a date, YAML 1.2 readers as "
            'text, so schema checks in other tools disagree; write "{text}"',
        ),
        "schema.type": (
            "类型错误：这里应为{expected_zh}，实际是{actual_zh}{hint}",
            "wrong type: expected {expected_en}, got {actual_en}{hint_en}",
        ),
        "schema.enum": ("取值“{value}”无效，可选：{expected}", "invalid value '{value}'; choose one of: {expected}"),
        "schema.id": (
            "标识“{value}”格式不对：只能用小写字母、数字和短横线（kebab-case），如 early-dpd{odd}",
            "id '{value}' is not kebab-case (lowercase letters, digits, hyphens), e.g. early-dpd{odd_en}",
        ),
        "schema.ref-format": (
            "引用“{value}”格式不对：应为 类型:标识 或 类型:标识#锚点，如 legal:civil-code#188{odd}",
            "reference '{value}' is malformed: use kind:id or kind:id#anchor, e.g. legal:civil-code#188{odd_en}",
        ),
        "schema.pattern": ("取值“{value}”格式不对（应匹配 {pattern}）", "'{value}' does not match {pattern}"),
        "schema.empty": ("不能为空（至少 {min} 项/字符）", "must not be empty (at least {min})"),
        "schema.blank": (
            "只有空白或看不见的字符（{chars}）：请写入内容",
            "only blank or invisible characters ({chars}): write the text",
        ),
        "schema.too-long": ("过长（最多 {max} 项/字符）", "too long (at most {max})"),
        "schema.range": ("数值 {value} 超出范围：{limit_zh}", "value {value} out of range: {limit_en}"),
        "schema.minutes": (
            "时长“{value}”无效：应为正整数分钟数，来源未给出时写 unknown",
            "minutes '{value}' invalid: use a positive whole number, or unknown where the source gives none",
        ),
        "schema.date": ("日期“{value}”无效：请写成 YYYY-MM-DD", "date '{value}' is invalid: write YYYY-MM-DD"),
        "schema.window-order": (
            "逾期天数范围颠倒：to 小于 from",
            "days-past-due window reversed: 'to' is smaller than 'from'",
        ),
        "schema.contact-window": (
            "联系时段“{value}”无法识别：请写成 HH:MM-HH:MM（半角数字和冒号，开始早于结束），如 08:00-21:00{odd}",
            "contact window '{value}' cannot be read: write HH:MM-HH:MM (ASCII digits and colons, start before "
            "end), e.g. 08:00-21:00{odd_en}",
        ),
        "schema.legal-status-incomplete": (
            "已废止或被替代的法律文件须写明 superseded_by（替代者）或 repealed（废止日期）",
            "a repealed or superseded instrument needs superseded_by or a repealed date",
        ),
        "schema.coverage-mapped-or-excluded": (
            "每个章节须二选一：列出对应条目（entries），或写明排除原因（excluded）",
            "each section needs either entries or an excluded reason, not both or neither",
        ),
        "schema.invalid": ("取值无效：{detail}", "invalid value: {detail}"),
        "schema.not-mapping": (
            "文件内容应为一个条目（映射）或条目列表，实际是{actual_zh}",
            "file must hold one entry (a mapping) or a list of entries, not {actual_en}",
        ),
        "schema.unknown-folder": (
            "无法判断文件类型：文件夹“{folder}”不是已知类型（可用：{folders}）",
            "cannot tell the kind of this file: folder '{folder}' is not a known kind ({folders})",
        ),
        "schema.unknown-root-file": (
            "手册根目录只放 meta.yaml 和 sources.yaml，{name} 不会被检查：条目请放进对应类型的文件夹{suggest}",
            "only meta.yaml and sources.yaml belong at the handbook root; {name} would not be checked: put entries "
            "in their kind's folder{suggest_en}",
        ),
        "schema.no-entry": (
            "文件中没有条目（只有 ~、null 或空列表）：请写入条目，或删除此文件",
            "the file holds no entry (only ~, null or an empty list): add an entry or delete the file",
        ),
        "schema.meta-missing": (
            "手册根目录缺少 meta.yaml（手册名称、版本、生效日期）",
            "the handbook root has no meta.yaml (title, version, effective date)",
        ),
        "schema.version-major": (
            "本手册按数据模型 {found} 编写，本工具支持 {supported}：主版本不同，请先按 CHANGELOG 迁移数据，"
            "已跳过其余检查",
            "this handbook was written for data model {found}; this tool supports {supported}: the major "
            "version differs, migrate the data as CHANGELOG says (other checks skipped)",
        ),
        "schema.too-many-entries": (
            "条目过多（超过 {limit} 个）：已停止读取",
            "too many entries (over {limit}); stopped reading",
        ),
        "ref.unknown-kind": (
            "引用“{ref}”的类型前缀“{prefix}”未知（可用：{prefixes}）",
            "'{ref}': unknown kind prefix '{prefix}' (known: {prefixes})",
        ),
        "id.duplicate": (
            "{kind_zh}标识“{id}”重复（另一处：{other}）",
            "duplicate {kind} id '{id}' (also at {other})",
        ),
    }
)

_TYPE_NAMES = {
    "str": ("文本", "text"),
    "int": ("整数", "an integer"),
    "float": ("数字", "a number"),
    "bool": ("布尔值", "a boolean"),
    "NoneType": ("空值", "null"),
    "list": ("列表", "a list"),
    "dict": ("映射", "a mapping"),
    "date": ("日期", "a date"),
    "datetime": ("日期时间", "a date-time"),
    "bytes": ("二进制", "bytes"),
}
_EXPECTED_BY_ERROR = {
    "string_type": "str",
    "int_type": "int",
    "int_parsing": "int",
    "int_from_float": "int",
    "bool_type": "bool",
    "bool_parsing": "bool",
    "list_type": "list",
    "dict_type": "dict",
    "model_type": "dict",
    "model_attributes_type": "dict",
    "date_type": "date",
    "float_type": "float",
}
_SURPRISE_NAMES = {
    "int": ("整数", "the integer"),
    "float": ("小数", "the number"),
    "bool": ("布尔值", "the boolean"),
    "date": ("日期", "the date"),
}


def kind_of(file: Path, root: Path) -> KindSpec | None:
    """The kind a file holds, from the first folder of its path under the handbook root."""
    try:
        parts = file.relative_to(root).parts
    except ValueError:
        parts = file.parts[-2:]
    return KIND_BY_FOLDER.get(parts[0]) if len(parts) > 1 else None


def build_handbook(
    root: Path, files: Iterable[LoadedFile], limits: Limits | None = None
) -> tuple[Handbook, list[Finding]]:
    """Validate each file's data against its kind's model; collect entries and findings."""
    limits = limits or Limits()
    handbook = Handbook(root=root)
    findings: list[Finding] = []
    # meta.yaml first: a handbook for another major data-model version is refused before anything else
    ordered = sorted(files, key=lambda f: _rel_parts(f.path, root) != (META_FILE,))
    entries = 0
    for loaded in ordered:
        handbook.files.append(loaded)
        findings.extend(loaded.findings)
        rel_parts = _rel_parts(loaded.path, root)
        if rel_parts == (META_FILE,):
            handbook.meta_file = loaded  # present even when broken: not "missing"
        if loaded.usable and not loaded.findings and loaded.data in (None, []):
            findings.append(_finding(loaded, (), "schema.no-entry", rule="parse.empty"))
            continue
        if loaded.data is None or not loaded.usable:
            # files are named after their entry's id by convention: references to an entry whose file
            # could not be read are not reported again on top of the file's own finding
            spec = KIND_BY_FOLDER.get(rel_parts[0]) if len(rel_parts) > 1 else None
            if spec is not None:
                handbook.broken.add((spec.name, loaded.path.stem))
            continue
        if len(rel_parts) == 1:
            if not _build_root_file(handbook, loaded, rel_parts[0], findings):
                return handbook, [f for f in findings if f.rule == "schema.version"]
            continue
        spec = KIND_BY_FOLDER.get(rel_parts[0])
        if spec is None:
            findings.append(
                _finding(
                    loaded,
                    (),
                    "schema.unknown-folder",
                    rule="schema.unknown-kind",
                    folder=rel_parts[0],
                    folders=", ".join(KIND_BY_FOLDER),
                )
            )
            continue
        for base, item in _items(loaded, findings):
            entries += 1
            if entries > limits.max_entries:
                findings.append(
                    _finding(loaded, base, "schema.too-many-entries", rule="limit.entries", limit=limits.max_entries)
                )
                return handbook, findings
            entry = _validate(spec.model, item, loaded, base, findings)
            if entry is None:
                if isinstance(item, dict):
                    handbook.invalid.append(RawRecord(spec.name, loaded, base))
                    if isinstance(item.get("id"), str):
                        handbook.broken.add((spec.name, item["id"]))
                continue
            _add_record(handbook, Record(spec.name, loaded, base, entry), findings)
    findings.extend(_unquoted_dates(handbook.files, findings))
    if handbook.meta is None and handbook.meta_file is None:
        findings.append(
            Finding("schema.meta-missing", Severity.ERROR, Location(_display_root(root), 1, 1), "schema.meta-missing")
        )
    return handbook, findings


def _unquoted_dates(files: list[LoadedFile], found: list[Finding]) -> Iterator[Finding]:
    """An unquoted 2021-01-01 is a date to YAML 1.1 readers (PyYAML, js-yaml) and text to YAML 1.2 readers,
    so a file that passes here would fail its own JSON Schema in some third-party tools: ask for quotes.
    Where the value was refused already (a date where text belongs), that finding says it."""
    taken = {(f.file, f.line, f.col) for f in found}
    for loaded in files:
        for path, (kind, text) in loaded.marks.surprises.items():
            if kind != "date" or not loaded.usable:
                continue
            where = loaded.location(path)
            if (where.file, where.line, where.col) not in taken:
                yield Finding("schema.yaml11-surprise", Severity.ERROR, where, "schema.unquoted-date", {"text": text})


def _display_root(root: Path) -> str:
    return display_path(root / META_FILE)


def _rel_parts(path: Path, root: Path) -> tuple[str, ...]:
    try:
        return path.relative_to(root).parts
    except ValueError:
        return (path.name,)


def _build_root_file(handbook: Handbook, loaded: LoadedFile, name: str, findings: list[Finding]) -> bool:
    """Build ``meta.yaml`` (or keep another root file aside); False when the data-model major differs."""
    if name == COVERAGE_FILE:
        coverage = _validate(Coverage, loaded.data, loaded, (), findings)
        if isinstance(coverage, Coverage):
            handbook.coverage = coverage
            handbook.coverage_file = loaded
        return True
    if name != META_FILE:
        # a course copied to the root, sources.yml, notes.yaml: nothing would check it, so say so
        stems = {Path(f).stem: f for f in ROOT_FILES}
        close = [stems[s] for s in difflib.get_close_matches(Path(name).stem, list(stems), n=1, cutoff=0.75)]
        findings.append(
            _finding(
                loaded,
                (),
                "schema.unknown-root-file",
                rule="schema.unknown-kind",
                name=name,
                suggest=f"（是不是想写 {close[0]}？）" if close else "",
                suggest_en=f" (did you mean {close[0]}?)" if close else "",
            )
        )
        return True
    handbook.meta_file = loaded
    data = loaded.data
    version = data.get("schema_version") if isinstance(data, dict) else None
    if isinstance(version, str) and version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        findings.append(
            _finding(
                loaded,
                ("schema_version",),
                "schema.version-major",
                rule="schema.version",
                found=version,
                supported=SCHEMA_VERSION,
            )
        )
        return False
    meta = _validate(Meta, data, loaded, (), findings)
    if isinstance(meta, Meta):
        handbook.meta = meta
    return True


def _items(loaded: LoadedFile, findings: list[Finding]) -> Iterator[tuple[Path_, Any]]:
    data = loaded.data
    if isinstance(data, dict):
        yield (), data
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield (i,), item
    else:
        zh, en = _TYPE_NAMES.get(type(data).__name__, (type(data).__name__,) * 2)
        findings.append(_finding(loaded, (), "schema.not-mapping", rule="schema.type", actual_zh=zh, actual_en=en))


def _add_record(handbook: Handbook, record: Record, findings: list[Finding]) -> None:
    table = handbook.entries[record.kind]
    other = table.get(record.entry.id)
    if other is None:
        table[record.entry.id] = record
        return
    there = other.loc("id")
    spec = KINDS[record.kind]
    findings.append(
        Finding(
            "id.duplicate",
            Severity.ERROR,
            record.loc("id"),
            "id.duplicate",
            {
                "kind": record.kind,
                "kind_zh": spec.zh,
                "id": record.entry.id,
                "other": f"{there.file}:{there.line}:{there.col}",
            },
            related=there,
        )
    )


def _validate(model: type[BaseModel], data: Any, loaded: LoadedFile, base: Path_, findings: list[Finding]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        findings.extend(pydantic_findings(exc, data, loaded, base, model))
        return None


def _finding(
    loaded: LoadedFile, path: Path_, key: str, *, rule: str | None = None, at_key: bool = False, **params: Any
) -> Finding:
    return Finding(rule or key, Severity.ERROR, loaded.location(path, key=at_key), key, params)


def pydantic_findings(
    exc: ValidationError, data: Any, loaded: LoadedFile, base: Path_, model: type[BaseModel]
) -> list[Finding]:
    """Translate pydantic errors into located findings, one per data path (union branches merged)."""
    grouped: dict[Path_, list[Any]] = {}
    for error in exc.errors(include_url=False):
        path = _data_path(error["loc"], data, error["type"])
        grouped.setdefault(path, []).append(error)
    out: list[Finding] = []
    for path, errors in grouped.items():
        out.append(_translate(path, errors, data, loaded, base, model))
    return out


def _data_path(loc: tuple[Any, ...], data: Any, etype: str) -> Path_:
    """Drop the union-branch tags pydantic puts in ``loc``, keeping only steps into the data."""
    path: list[str | int] = []
    node = data
    for i, step in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict) and isinstance(step, str) and (step in node or (last and etype == "missing")):
            path.append(step)
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            path.append(step)
            node = node[step]
        elif isinstance(node, dict) and isinstance(step, str) and etype == "extra_forbidden" and last:
            path.append(step)
    return tuple(path)


def _value_at(data: Any, path: Path_) -> Any:
    node = data
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _translate(
    path: Path_, errors: list[dict[str, Any]], data: Any, loaded: LoadedFile, base: Path_, model: type[BaseModel]
) -> Finding:
    full = (*base, *path)
    value = _value_at(data, path)
    field_name = str(path[-1]) if path else ""
    error = _pick(errors)
    etype = error["type"]
    ctx = error.get("ctx") or {}

    def make(key: str, rule: str, *, at_key: bool = False, **params: Any) -> Finding:
        return Finding(rule, Severity.ERROR, loaded.location(full, key=at_key), key, params)

    if etype == "missing":
        return make("schema.missing", "schema.missing", field=field_name)
    if etype == "extra_forbidden":
        allowed = _allowed_fields(model, path[:-1], data)
        close = difflib.get_close_matches(field_name, allowed, n=1)
        return make(
            "schema.extra-key",
            "schema.extra-key",
            at_key=True,
            field=field_name,
            allowed=", ".join(allowed) or "-",
            suggest=f"，是不是想写“{close[0]}”？" if close else "",
            suggest_en=f" (did you mean '{close[0]}'?)" if close else "",
        )
    if field_name in ("minutes", "total_minutes") and etype != "missing":
        return make("schema.minutes", "schema.minutes", value=value)
    surprise = loaded.marks.surprises.get(full)
    expected = _EXPECTED_BY_ERROR.get(etype)
    if surprise is not None and (expected == "str" or _union_wants_str(errors)):
        kind, text = surprise
        zh, en = _SURPRISE_NAMES[kind]
        return make("schema.yaml11-surprise", "schema.yaml11-surprise", text=text, value=value, kind_zh=zh, kind_en=en)
    if expected is not None:
        ezh, een = _TYPE_NAMES[expected]
        azh, aen = _TYPE_NAMES.get(type(value).__name__, (type(value).__name__,) * 2)
        hint = _type_hint(value, expected, surprise)
        return make(
            "schema.type",
            "schema.type",
            expected_zh=ezh,
            expected_en=een,
            actual_zh=azh,
            actual_en=aen,
            hint=hint["hint"],
            hint_en=hint["hint_en"],
        )
    if etype in ("literal_error", "enum"):
        return make("schema.enum", "schema.enum", value=value, expected=ctx.get("expected", ""))
    if etype == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern == VISIBLE_PATTERN:
            shown = sorted({f"U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip() for c in str(value)})
            return make("schema.blank", "schema.empty", chars=", ".join(shown))
        odd = _odd_characters(str(value))
        if field_name == "id" or pattern.startswith("^[a-z0-9]+(?:-"):
            return make("schema.id", "schema.id", value=value, **odd)
        if ":" in pattern:
            prefix = str(value).partition(":")[0]
            if re.fullmatch(REF_SHAPE, str(value)) and prefix not in KIND_BY_PREFIX:
                prefixes = ", ".join(KIND_BY_PREFIX)
                return make("ref.unknown-kind", "ref.unknown-kind", ref=value, prefix=prefix, prefixes=prefixes)
            return make("schema.ref-format", "schema.ref-format", value=value, **odd)
        return make("schema.pattern", "schema.pattern", value=value, pattern=pattern)
    if etype in ("too_short", "string_too_short"):
        return make("schema.empty", "schema.empty", min=ctx.get("min_length", 1))
    if etype in ("too_long", "string_too_long"):
        return make("schema.too-long", "schema.too-long", max=ctx.get("max_length", ""))
    if etype in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        sign = {"greater_than": ">", "greater_than_equal": "≥", "less_than": "<", "less_than_equal": "≤"}[etype]
        bound = next(iter(ctx.values()), "")
        return make(
            "schema.range",
            "schema.range",
            value=value,
            limit_zh=f"应 {sign} {bound}",
            limit_en=f"must be {sign} {bound}",
        )
    if etype.startswith("date") or etype.startswith("datetime"):
        return make("schema.date", "schema.date", value=value)
    if etype == "value_error":
        reason = str(ctx.get("error", ""))
        if "contact-window" in reason:
            return make("schema.contact-window", "schema.contact-window", value=value, **_odd_characters(str(value)))
        for key in ("window-order", "legal-status-incomplete", "coverage-mapped-or-excluded"):
            if key in reason:
                return make(f"schema.{key}", f"schema.{key}")
    return make("schema.invalid", "schema.invalid", detail=error.get("msg", etype))


_BOOL_WORDS = frozenset({"yes", "no", "true", "false", "on", "off", "y", "n"})


def _type_hint(value: Any, expected: str, surprise: tuple[str, str] | None) -> dict[str, str]:
    """How to write the value so that it has the expected type; nothing is ever converted for the author."""
    if surprise is not None and surprise[0] in ("bool", "date"):
        kind, text = surprise
        zh, en = _SURPRISE_NAMES[kind]
        return {
            "hint": f"（YAML 把没有引号的“{text}”读成了{zh} {value!r}）",
            "hint_en": f" (YAML read the unquoted '{text}' as {en} {value!r})",
        }
    if isinstance(value, str) and expected in ("int", "float"):
        try:
            float(value)
        except ValueError:
            pass
        else:
            return {
                "hint": f"：数字不加引号，请写成 {value.strip()}",
                "hint_en": f": numbers take no quotes, write {value.strip()}",
            }
    if isinstance(value, float) and expected == "int" and value.is_integer():
        return {"hint": f"：请写成整数 {int(value)}", "hint_en": f": write the whole number {int(value)}"}
    if isinstance(value, str) and expected == "bool" and value.lower() in _BOOL_WORDS:
        return {"hint": "：请写成 true 或 false（不加引号）", "hint_en": ": write true or false (no quotes)"}
    return {"hint": "", "hint_en": ""}


def _odd_characters(value: str) -> dict[str, Any]:
    """Name the first character an author cannot see or tell apart (zero-width, full-width, homoglyph)."""
    for ch in value:
        if ch.isascii():
            continue
        name = unicodedata.name(ch, "UNKNOWN")
        code = f"U+{ord(ch):04X} {name}"
        return {
            "odd": f"（含有非 ASCII 字符 {code}，可能是全角、零宽或形近字符）",
            "odd_en": f" (contains the non-ASCII character {code}: full-width, zero-width or a look-alike)",
        }
    return {"odd": "", "odd_en": ""}


def _pick(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """Among a union's branch errors, prefer one where the type matched but a constraint failed."""
    for error in errors:
        if error["type"] not in _EXPECTED_BY_ERROR and error["type"] != "literal_error":
            return error
    return errors[0]


def _union_wants_str(errors: list[dict[str, Any]]) -> bool:
    return any(e["type"] == "string_type" for e in errors)


def _allowed_fields(model: type[BaseModel], path: Path_, data: Any) -> list[str]:
    """Field names (as written in YAML) of the model found at ``path``, for 'did you mean'."""
    current: Any = model
    for step in path:
        if isinstance(step, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(step) or next(
            (f for f in current.model_fields.values() if f.alias == step), None
        )
        if info is None:
            return []
        current = _model_in(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside ``list[X]``, ``X | None`` and the like."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
