"""``handbook new KIND ID``: write a new entry file with its schema modeline and required-field placeholders."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "新建条目文件：含 Schema modeline 和全部必填字段的注释占位，不覆盖已有文件。Scaffold a new entry."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", help="条目类型，如 course、script、customer-type（类型名、文件夹名或引用前缀均可）")
    parser.add_argument("id", help="新条目的标识（kebab-case），也是文件名")
    parser.add_argument(
        "--handbook", type=Path, default=None, help="手册目录（默认：./handbook，或当前目录所在的手册）"
    )
    parser.add_argument(
        "--schema-dir", type=Path, default=None, help="JSON Schema 目录（默认 手册目录的上一级/schema/json）"
    )


def run(args: argparse.Namespace) -> int:
    import re

    from ..schema.findings import HandbookError, define_messages, render_message
    from ..schema.json_schema import expected_modeline
    from ..schema.layout import default_handbook, schema_dir_for
    from ..schema.models import KIND_BY_FOLDER, KIND_BY_PREFIX, KINDS
    from ..schema.models.common import ID_PATTERN
    from ..schema.scaffold import render_scaffold

    define_messages(_MESSAGES)
    spec = KINDS.get(args.kind.replace("-", "_")) or KIND_BY_FOLDER.get(args.kind) or KIND_BY_PREFIX.get(args.kind)
    if spec is None:
        raise HandbookError("new.unknown-kind", kind=args.kind, kinds=", ".join(KINDS))
    if not re.fullmatch(ID_PATTERN, args.id) or len(args.id) > 80:
        raise HandbookError("new.bad-id", id=args.id)
    root: Path = args.handbook or default_handbook()
    if not root.is_dir():
        raise HandbookError("io.not-found", "io", path=str(root))
    existing = _where_defined(root, spec.name, args.id)
    if existing is not None:
        raise HandbookError("new.id-taken", "usage", kind=spec.zh, kind_en=spec.name, id=args.id, where=existing)
    schema_dir: Path = args.schema_dir or schema_dir_for(root.resolve())
    target = root / spec.folder / f"{args.id}.yaml"
    modeline = expected_modeline(target.resolve(), root.resolve(), schema_dir.resolve())
    assert modeline is not None  # the target sits in its kind's folder
    text = render_scaffold(spec.name, args.id, modeline)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # "x": never overwrite, even if the file appears between a check and the write
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise HandbookError("new.exists", "io", path=str(target)) from None
    except OSError as exc:
        raise HandbookError("io.cannot-write", "io", path=str(target), reason=exc.strerror or str(exc)) from exc
    print(target)
    print(render_message("new.created", {"path": target}, args.lang), file=sys.stderr)
    if not (schema_dir / f"{spec.name}.schema.json").is_file():
        print(render_message("new.no-schema", {"dir": schema_dir}, args.lang), file=sys.stderr)
    return 0


def _where_defined(root: Path, kind: str, entry_id: str) -> str | None:
    """Where an entry of ``kind`` with ``entry_id`` already is, in any file (terms share glossary/terms.yaml)."""
    from ..schema.check import load_handbook
    from ..schema.findings import HandbookError
    from ..schema.models.handbook import RawRecord

    try:
        handbook, _ = load_handbook(root)
    except HandbookError:
        return None  # no YAML yet: nothing to clash with
    found = handbook.entries[kind].get(entry_id)
    records: list[RawRecord] = [found] if found is not None else []
    records += [
        r for r in handbook.invalid if r.kind == kind and isinstance(r.raw, dict) and r.raw.get("id") == entry_id
    ]
    if not records:
        return None
    where = records[0].loc("id")
    return f"{where.file}:{where.line}:{where.col}"


_MESSAGES = {
    "new.unknown-kind": ("未知的条目类型“{kind}”（可用：{kinds}）", "unknown entry kind '{kind}' (known: {kinds})"),
    "new.bad-id": (
        "标识“{id}”格式不对：只能用小写字母、数字和短横线（kebab-case），如 first-call",
        "id '{id}' is not kebab-case (lowercase letters, digits, hyphens), e.g. first-call",
    ),
    "new.exists": ("{path} 已存在，未覆盖", "{path} already exists; not overwritten"),
    "new.id-taken": (
        "{kind}“{id}”已存在（{where}），未新建文件：请换一个标识",
        "{kind_en} '{id}' already exists ({where}); no file written: choose another id",
    ),
    "new.no-schema": (
        "提示：{dir} 中还没有 JSON Schema，编辑器补全需要先运行 handbook schema --out {dir}",
        "note: no JSON Schemas in {dir} yet; run handbook schema --out {dir} for editor completion",
    ),
    "new.created": (
        "已创建 {path}：去掉占位行开头的“# ”并填写，然后运行 handbook validate",
        "created {path}: uncomment the placeholder lines, fill them in, then run handbook validate",
    ),
}
