"""YAML loader that keeps file:line:col for every key and value and refuses unsafe or surprising input.

PyYAML composes a node tree (libyaml's C composer when present) and we build plain Python values from
it ourselves, so no tag ever constructs an object and every value's position is kept in a side table
keyed by its path, the same path pydantic reports in its errors. Checks done here, before any model
sees the data: UTF-8 only, duplicate keys, non-standard tags, alias expansion, nesting depth, size.
"""

from __future__ import annotations

import codecs
import gc
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from .findings import Finding, Location, Severity, define_messages

__all__ = ["Limits", "LoadedFile", "Marks", "Path_", "display_path", "iter_yaml_files", "load_file", "load_text"]

_BASE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: first characters that can start a non-string plain scalar (int, float, bool, null, date, merge, value)
_RESOLVABLE_FIRST = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k is not None)


class _Composer(_BASE_LOADER):  # type: ignore[misc]
    """The safe loader with a fast path in tag resolution.

    libyaml calls the pure-Python resolver for every scalar, which runs a list of regular expressions;
    text that is quoted, or plain text whose first character cannot start a number, boolean, null or
    date (all Chinese text, most keys), is a string without asking them.
    """

    # the safe loader has no path resolvers, so the per-node bookkeeping libyaml asks for is not needed
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and (not implicit[0] or (value and value[0] not in _RESOLVABLE_FIRST)):
            return _STR
        return super().resolve(kind, value, implicit)


_COMPOSER = _Composer
#: nesting that libyaml's recursive composer handles without exhausting the C stack (it fails near 100 000)
_COMPOSER_SAFE_DEPTH = 5_000

_STR = "tag:yaml.org,2002:str"

#: a path inside one file's data, as pydantic reports it: mapping keys and list indexes
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile or broken file from hanging the tool or exhausting memory."""

    #: largest file read, in bytes
    max_file_bytes: int = 5 * 1024 * 1024
    #: deepest nesting of mappings and lists
    max_depth: int = 64
    #: most alias uses (``*name``) in one file; handbook data rarely needs any
    max_aliases: int = 100
    #: most nodes after expanding aliases (a "billion laughs" file exceeds this at once)
    max_nodes: int = 1_000_000
    #: most entries in one handbook tree
    max_entries: int = 100_000


@dataclass
class Marks:
    """Positions (1-based line, col) of the values and keys of one file, keyed by path."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    #: plain scalars that YAML 1.1 read as something other than text: path -> (kind, source text)
    surprises: dict[Path_, tuple[str, str]] = field(default_factory=dict)

    def at(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor when the path itself is absent."""
        table = self.keys if key else self.values
        probe = path
        while True:
            hit = table.get(probe) or self.values.get(probe)
            if hit is not None:
                return hit
            if not probe:
                return (1, 1)
            probe = probe[:-1]


@dataclass
class LoadedFile:
    """One YAML file: its data (``None`` when it could not be read) and where every value sits."""

    path: Path
    #: the path as shown in findings (relative to the working directory when possible)
    display: str
    #: the file's values; ``None`` when it could not be read or parsed at all
    data: Any = None
    #: True when the data is usable despite findings (e.g. a duplicate key: the first value is kept)
    usable: bool = True
    marks: Marks = field(default_factory=Marks)
    findings: list[Finding] = field(default_factory=list)

    def location(self, path: Path_ = (), *, key: bool = False) -> Location:
        line, col = self.marks.at(path, key=key)
        return Location(self.display, line, col)


define_messages(
    {
        "parse.encoding": (
            "文件不是 UTF-8 编码（看起来是 {guess}）：请用 UTF-8 重新保存此文件",
            "file is not UTF-8 (it looks like {guess}): save it again as UTF-8",
        ),
        "parse.encoding-unknown": (
            "文件不是 UTF-8 编码（第 {byte} 字节无法解码）：请用 UTF-8 重新保存此文件",
            "file is not UTF-8 (byte {byte} cannot be decoded): save it again as UTF-8",
        ),
        "parse.too-large": (
            "文件过大（{size} 字节，上限 {limit} 字节）：请拆分为多个文件",
            "file too large ({size} bytes, limit {limit}): split it into several files",
        ),
        "parse.empty": ("文件为空：每个文件至少应包含一个条目", "file is empty: each file must hold an entry"),
        "parse.syntax": ("YAML 语法错误：{problem}{hint}", "YAML syntax error: {problem}{hint_en}"),
        "parse.control-char": (
            "文件含有不允许的控制字符 {char}：请删除它",
            "file contains a control character {char} that is not allowed: remove it",
        ),
        "parse.control-escape": (
            "文本中的转义序列写出了控制字符 {char}：请删除它",
            "an escape sequence in this text produces the control character {char}: remove it",
        ),
        "parse.line-break": (
            "这里有 {char}{count}：YAML 把它当作换行，编辑器不会，此后的行号都会错位；请删除它或改用普通换行",
            "{char} here{count_en}: YAML reads it as a line break but editors do not, so every later line number "
            "would be off; delete it or use a normal line break",
        ),
        "parse.duplicate-key": (
            "重复的键“{key}”（第一次出现在第 {first_line} 行第 {first_col} 列）："
            "YAML 会静默保留后一个值，请删除其中一个",
            "duplicate key '{key}' (first at line {first_line}, col {first_col}): YAML would silently keep "
            "the last one; remove one of them",
        ),
        "parse.tag": (
            "不允许使用标签 {tag}：手册数据只能是普通的文本、数字、列表和映射",
            "tag {tag} is not allowed: handbook data is plain text, numbers, lists and mappings only",
        ),
        "parse.complex-key": ("键必须是简单的文本", "mapping keys must be plain text"),
        "parse.alias-limit": (
            "别名（*引用）展开后过大（超过 {limit} 个节点），已拒绝读取：请不要用别名复制大段内容",
            "aliases expand too far (over {limit} nodes); refused: do not copy large blocks with aliases",
        ),
        "parse.alias-count": (
            "别名（*引用）过多（{count} 个，上限 {limit} 个）",
            "too many aliases ({count}, limit {limit})",
        ),
        "parse.alias-cycle": ("别名引用了自身，形成循环", "an alias refers to itself (a cycle)"),
        "parse.symlink-outside": (
            "符号链接 {path} 指向手册目录之外，已忽略：请把文件放进手册目录",
            "symbolic link {path} points outside the handbook and was skipped: move the file into the handbook",
        ),
        "parse.symlink-repeat": (
            "符号链接 {path} 指向已经读过的{what} {target}（循环或重复），已跳过：请删除这个链接",
            "symbolic link {path} leads to the {what_en} {target}, which was already read (a loop or a second "
            "path); skipped: remove the link",
        ),
        "parse.unreadable-folder": (
            "无法读取文件夹 {path}：{reason}（其中的条目没有检查，引用它们的地方也不报告“不存在”）",
            "cannot read the folder {path}: {reason} (its entries were not checked, and references to them are "
            "not reported as missing)",
        ),
        "parse.too-deep": (
            "嵌套层级过深（超过 {limit} 层）：请简化结构",
            "nesting too deep (over {limit} levels): flatten the structure",
        ),
    }
)

_SYNTAX_HINTS: tuple[tuple[str, str, str], ...] = (
    ("'\\t'", "（请用空格缩进，不要用 Tab）", " (indent with spaces, not tabs)"),
    (
        "mapping values are not allowed",
        "（可能缺少空格，或文本中的冒号需要加引号）",
        " (a missing space, or a colon in text that needs quotes)",
    ),
    ("could not find expected ':'", "（可能缺少冒号，或缩进不一致）", " (a missing colon or inconsistent indentation)"),
    ("found unexpected end of stream", "（引号或括号没有闭合）", " (an unclosed quote or bracket)"),
    ("did not find expected key", "（缩进不一致）", " (inconsistent indentation)"),
    (
        "expected a single document",
        "（一个文件只能有一个文档，请删除多余的 ---）",
        " (one document per file: remove the extra ---)",
    ),
)

_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)

_CONSTRUCT = SafeConstructor()
_SCALAR_BUILDERS = {
    "tag:yaml.org,2002:int": _CONSTRUCT.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCT.construct_yaml_float,
    "tag:yaml.org,2002:bool": _CONSTRUCT.construct_yaml_bool,
    "tag:yaml.org,2002:null": _CONSTRUCT.construct_yaml_null,
    "tag:yaml.org,2002:timestamp": _CONSTRUCT.construct_yaml_timestamp,
}
_SURPRISE_KIND = {
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:timestamp": "date",
}

# C0 controls other than tab, LF, CR; DEL; C1 controls. YAML forbids them and XML cannot carry them.
_BRACKETS = re.compile(r"[\[\]{}]")
_LEADING = re.compile(r"^[ -]{64,}", re.MULTILINE)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
#: what a double-quoted escape (\0, \e, \x07, \r, \N …) may not produce: every control character but tab and
#: line feed. Such text would reach terminals, documents and the JSON bundle as raw control codes.
#: line breaks for YAML 1.1 (and libyaml) but not for editors, which count lines on LF and CRLF only: NEL,
#: LINE SEPARATOR, PARAGRAPH SEPARATOR (pasted from Word) and a CR without LF
_ODD_BREAK = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
_ESCAPED_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def display_path(path: Path, cwd: str | None = None) -> str:
    """The path as authors see it in findings: relative to the working directory when below it."""
    text = str(path)
    prefix = (cwd if cwd is not None else os.getcwd()).rstrip(os.sep) + os.sep
    return text[len(prefix) :] if text.startswith(prefix) else text


def load_file(path: Path, display: str | None = None, limits: Limits | None = None) -> LoadedFile:
    """Read and compose one file. Problems come back as findings on the result, never as exceptions."""
    limits = limits or Limits()
    shown = display if display is not None else str(path)
    loaded = LoadedFile(path=path, display=shown)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            _add(loaded, "parse.too-large", 1, 1, size=size, limit=limits.max_file_bytes)
            return loaded
        raw = path.read_bytes()
    except OSError as exc:
        _add(loaded, "io.unreadable", 1, 1, rule="parse.unreadable", path=shown, reason=exc.strerror or exc)
        return loaded
    text = _decode(raw, loaded)
    if text is not None:
        _compose_into(text, loaded, limits)
    return loaded


def load_text(text: str, display: str = "<text>", limits: Limits | None = None) -> LoadedFile:
    """Compose YAML given as text (tests, stdin)."""
    loaded = LoadedFile(path=Path(display), display=display)
    _compose_into(text, loaded, limits or Limits())
    return loaded


def _add(
    loaded: LoadedFile,
    message_key: str,
    line: int,
    col: int,
    *,
    rule: str | None = None,
    related: Location | None = None,
    **params: Any,
) -> None:
    loaded.findings.append(
        Finding(rule or message_key, Severity.ERROR, Location(loaded.display, line, col), message_key, params, related)
    )


def _decode(raw: bytes, loaded: LoadedFile) -> str | None:
    """UTF-8 (with or without BOM) only; name the likely encoding of anything else."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(raw):
        _add(loaded, "parse.encoding", 1, 1, guess="UTF-16")
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            _add(loaded, "parse.encoding-unknown", line, col, rule="parse.encoding", byte=exc.start)
        else:
            _add(loaded, "parse.encoding", line, col, guess="GBK/GB18030")
        return None


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a BOM: ASCII text then has a NUL in every other byte."""
    head = raw[:64]
    return len(head) >= 4 and head.count(0) * 3 >= len(head)


def _compose_into(text: str, loaded: LoadedFile, limits: Limits) -> None:
    bad = _CONTROL.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        _add(loaded, "parse.control-char", line, col, char=_char_name(bad.group()))
        return
    if _ODD_BREAK.search(text):
        text = _blank_odd_breaks(text, loaded)
    # libyaml's composer recurses in C and crashes the process near 100 000 levels; refuse long before
    # that on a cheap upper bound, and check the exact depth against the limit on the node tree below.
    if _flow_depth(text) + _indent_depth(text) > _COMPOSER_SAFE_DEPTH:
        _add(loaded, "parse.too-deep", 1, 1, limit=limits.max_depth)
        return
    # The cyclic GC rescans the growing node tree many times while composing and building; pausing it
    # makes a located load cost about half a plain load instead of 2.6 times (DESIGN.md, measured here).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        _compose_and_build(text, loaded, limits)
    finally:
        if was_enabled:
            gc.enable()


def _compose_and_build(text: str, loaded: LoadedFile, limits: Limits) -> None:
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        _add(loaded, "parse.syntax", line, col, **_syntax_params(exc, _char_at(text, mark)))
        return
    except yaml.YAMLError as exc:  # ReaderError and friends carry no mark
        _add(loaded, "parse.syntax", 1, 1, problem=str(exc).splitlines()[0], hint="", hint_en="")
        return
    except RecursionError:
        _add(loaded, "parse.too-deep", 1, 1, limit=limits.max_depth)
        return
    if node is None:
        _add(loaded, "parse.empty", 1, 1)
        return
    loaded.data = _Builder(loaded, limits).build_root(node)


#: names of the control characters authors meet (``unicodedata`` has none for C0 and C1 controls)
_CONTROL_NAMES = {
    "\x00": "NULL",
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}


def _blank_odd_breaks(text: str, loaded: LoadedFile) -> str:
    """Report each kind of odd line break once, at its first place, and read the file with spaces there.

    libyaml would start a new line at each of them and every later finding would point lines too far; as
    spaces, the file reads the way the author's editor shows it, so the other findings stay where they are.
    """
    first: dict[str, tuple[int, int, int]] = {}
    for m in _ODD_BREAK.finditer(text):
        char = m.group()
        if char in first:
            line, col, count = first[char]
            first[char] = (line, col, count + 1)
        else:
            line = text.count("\n", 0, m.start()) + 1
            col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
            first[char] = (line, col, 1)
    for char, (line, col, count) in first.items():
        more = count - 1
        _add(
            loaded,
            "parse.line-break",
            line,
            col,
            char=_char_name(char),
            count=f"（本文件另有 {more} 处）" if more else "",
            count_en=f" ({more} more in this file)" if more else "",
        )
    return _ODD_BREAK.sub(" ", text)


def _char_name(char: str) -> str:
    """``U+001B ESCAPE``: the code point and, where there is one, its name."""
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")  # lines as editors count them (LF, CRLF), as libyaml does once odd breaks are gone
    if mark.line < len(lines) and mark.column < len(lines[mark.line].rstrip("\r")):
        return lines[mark.line][mark.column]
    return ""


def _syntax_params(exc: yaml.MarkedYAMLError, char: str) -> dict[str, Any]:
    problem = exc.problem or exc.context or "invalid YAML"
    # libyaml does not name the character; the pure-Python scanner does ('\t')
    text = f"{exc.context or ''} {problem} {char!r}"
    for needle, zh, en in _SYNTAX_HINTS:
        if needle in text:
            return {"problem": problem, "hint": zh, "hint_en": en}
    return {"problem": problem, "hint": "", "hint_en": ""}


def _flow_depth(text: str) -> int:
    """An upper bound on flow-collection nesting, counted cheaply before libyaml recurses into it."""
    if "[" not in text and "{" not in text:
        return 0
    depth = deepest = 0
    for ch in _BRACKETS.findall(text):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}" and depth:
            depth -= 1
    return deepest


def _indent_depth(text: str) -> int:
    """An upper bound on block nesting: each level indents by at least one column, except a ``- ``
    item, which may open a level in place, so those are counted too."""
    return max((len(m) for m in _LEADING.findall(text)), default=0)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Refused(Exception):
    """Stops building: the node that broke a limit, and the finding to report."""

    def __init__(self, node: yaml.Node, message_key: str, **params: Any) -> None:
        self.node = node
        self.message_key = message_key
        self.params = params


class _Builder:
    """Turns composed nodes into plain values in one pass, recording marks and enforcing limits.

    Aliases are the same node object met twice: the value built the first time is reused and its node
    count added again, so a "billion laughs" file trips ``max_nodes`` after a few steps instead of
    being expanded.
    """

    def __init__(self, loaded: LoadedFile, limits: Limits) -> None:
        self.loaded = loaded
        self.values = loaded.marks.values
        self.keys = loaded.marks.keys
        self.surprises = loaded.marks.surprises
        self.limits = limits
        self.done: dict[int, tuple[Any, int]] = {}
        self.active: set[int] = set()
        self.nodes = 0
        self.aliases = 0

    def build_root(self, node: yaml.Node) -> Any:
        try:
            return self.build(node, (), 0)
        except _Refused as exc:
            _add(self.loaded, exc.message_key, *_mark(exc.node), **exc.params)
            self.loaded.usable = False
            return None

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        mark = node.start_mark
        self.values[path] = (mark.line + 1, mark.column + 1)
        key = id(node)
        seen = self.done.get(key)
        if seen is not None:
            return self._alias(node, *seen)
        if key in self.active:
            raise _Refused(node, "parse.alias-cycle")
        if depth > self.limits.max_depth:
            raise _Refused(node, "parse.too-deep", limit=self.limits.max_depth)
        start = self.nodes
        self.nodes += 1
        tag = node.tag
        if tag not in _STANDARD_TAGS:
            _add(self.loaded, "parse.tag", mark.line + 1, mark.column + 1, tag=tag)
            self.loaded.usable = False
            value: Any = None
        elif isinstance(node, yaml.ScalarNode):
            value = node.value if tag == _STR else self._scalar(node, path)
            if node.style == '"':
                self._check_escapes(node)
        else:
            self.active.add(key)
            if isinstance(node, yaml.SequenceNode):
                value = [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
            else:
                assert isinstance(node, yaml.MappingNode)
                value = self._mapping(node, path, depth)
            self.active.discard(key)
        self.done[key] = (value, self.nodes - start)
        return value

    def _check_escapes(self, node: yaml.ScalarNode) -> None:
        """Raw control characters are refused before composing; escapes (``"\\e[2J"``) can still write them."""
        bad = _ESCAPED_CONTROL.search(node.value)
        if bad is not None:
            line, col = _mark(node)
            _add(
                self.loaded, "parse.control-escape", line, col, rule="parse.control-char", char=_char_name(bad.group())
            )

    def _alias(self, node: yaml.Node, value: Any, size: int) -> Any:
        self.aliases += 1
        self.nodes += size
        if self.nodes > self.limits.max_nodes:
            raise _Refused(node, "parse.alias-limit", limit=self.limits.max_nodes)
        if self.aliases > self.limits.max_aliases:
            raise _Refused(node, "parse.alias-count", count=self.aliases, limit=self.limits.max_aliases)
        return value

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        tag = node.tag
        build = _SCALAR_BUILDERS[tag]
        try:
            value = build(node)
        except (ConstructorError, ValueError, OverflowError):
            return node.value
        if not node.style and tag in _SURPRISE_KIND:  # plain style: None (Python) or '' (libyaml)
            self.surprises[path] = (_SURPRISE_KIND[tag], node.value)
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            where = (mark.line + 1, mark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode):
                _add(self.loaded, "parse.complex-key", *where)
                self.loaded.usable = False
                continue
            if key_node.tag not in _STANDARD_TAGS:
                _add(self.loaded, "parse.tag", *where, tag=key_node.tag)
                self.loaded.usable = False
                continue
            # keys are names: take their text as written, so `no:` stays "no", not False
            key = key_node.value
            if key_node.style == '"':
                self._check_escapes(key_node)
            if key in first_seen:
                line, col = first_seen[key]
                _add(
                    self.loaded,
                    "parse.duplicate-key",
                    *where,
                    related=Location(self.loaded.display, line, col),
                    key=key,
                    first_line=line,
                    first_col=col,
                )
                continue
            first_seen[key] = where
            child = (*path, key)
            self.keys[child] = where
            result[key] = self.build(value_node, child, depth + 1)
        return result


def iter_yaml_files(root: Path) -> Iterator[Path | Finding]:
    """Every ``*.yaml``/``*.yml`` under ``root``, sorted, and a finding for each place the walk stopped.

    Every command that reads a handbook walks it here. Hidden folders (``.git``) are skipped. Symbolic links
    are followed only while they stay inside the handbook, so a link cannot make the tool read (or an exporter
    publish) files from elsewhere; a link to a folder or file already read (``roles/a -> .``) is reported
    once and not followed, so a loop ends at once. A folder that cannot be read is one finding.
    """
    if root.is_file():
        yield root
        return
    walker = _TreeWalker(root)
    walker.run()
    yield from sorted(walker.found, key=lambda p: str(p) if isinstance(p, Path) else p.file)


def _is_yaml(name: str) -> bool:
    # x.YAML is YAML too (and the same file as x.yaml on Windows and macOS)
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in (".yaml", ".yml")


class _TreeWalker:
    """Walks real folders first and follows symbolic links afterwards, each folder and file once.

    Folders and files are known by (device, inode), so a link back to an ancestor, two links to one folder
    or a second name for a file are each reported instead of being read again: the walk is finite whatever
    the links, and the real path of a file always wins over a link to it.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.base = root.resolve()
        self.found: list[Path | Finding] = []
        self.folders: dict[tuple[int, int], Path] = {}
        self.files: dict[tuple[int, int], Path] = {}
        self.links: list[Path] = []

    def run(self) -> None:
        self._walk(self.root)
        while self.links:  # links met in real folders, then those met in folders reached through links
            self._follow(self.links.pop(0))

    def _walk(self, top: Path) -> None:
        stack = [top]
        while stack:
            here = stack.pop()
            try:
                key = _key(here.stat())
                with os.scandir(here) as listing:
                    entries = sorted(listing, key=lambda e: e.name)
            except OSError as exc:
                self.found.append(_unreadable_folder(here, exc))
                continue
            if key in self.folders:
                self.found.append(_repeat(here, self.folders[key], folder=True))
                continue
            self.folders[key] = here
            subfolders = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = here / entry.name
                try:
                    if entry.is_symlink():
                        self.links.append(path)
                    elif entry.is_dir(follow_symlinks=False):
                        subfolders.append(path)
                    elif _is_yaml(entry.name) and entry.is_file(follow_symlinks=False):
                        self._file(path, entry.stat(follow_symlinks=False))
                    # FIFOs and devices would block or never end: not read
                except OSError as exc:
                    self.found.append(_unreadable_folder(path, exc))
            stack.extend(reversed(subfolders))

    def _follow(self, link: Path) -> None:
        if not _inside(link, self.base):
            self.found.append(_outside(link))
            return
        try:
            info = link.stat()
        except OSError:
            if _is_yaml(link.name):
                self.found.append(link)  # a dangling link: load_file reports it as unreadable
            return
        if stat.S_ISDIR(info.st_mode):
            seen = self.folders.get(_key(info))
            if seen is not None:
                self.found.append(_repeat(link, seen, folder=True))
            else:
                self._walk(link)
        elif stat.S_ISREG(info.st_mode) and _is_yaml(link.name):
            self._file(link, info)

    def _file(self, path: Path, info: os.stat_result) -> None:
        key = _key(info)
        seen = self.files.get(key)
        if seen is not None:
            self.found.append(_repeat(path, seen, folder=False))
            return
        self.files[key] = path
        self.found.append(path)


def _key(info: os.stat_result) -> tuple[int, int]:
    return (info.st_dev, info.st_ino)


def _repeat(path: Path, first: Path, *, folder: bool) -> Finding:
    shown = display_path(path)
    params = {"path": shown, "target": display_path(first), "what": "文件夹" if folder else "文件"}
    params["what_en"] = "folder" if folder else "file"
    return Finding("parse.symlink-repeat", Severity.ERROR, Location(shown, 1, 1), "parse.symlink-repeat", params)


def _unreadable_folder(path: Path, exc: OSError) -> Finding:
    shown = display_path(path)
    params = {"path": shown, "reason": exc.strerror or str(exc)}
    return Finding("parse.unreadable", Severity.ERROR, Location(shown, 1, 1), "parse.unreadable-folder", params)


def _inside(path: Path, base: Path) -> bool:
    try:
        path.resolve().relative_to(base)
    except (ValueError, OSError, RuntimeError):  # outside, unreadable, or a link loop
        return False
    return True


def _outside(path: Path) -> Finding:
    shown = display_path(path)
    return Finding(
        "parse.symlink-outside", Severity.ERROR, Location(shown, 1, 1), "parse.symlink-outside", {"path": shown}
    )
