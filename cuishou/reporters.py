"""Reporters: print a list of findings as text, JSON, GitHub workflow commands or SARIF, for one audience each.

All reporters read the same sorted findings; none of them decides anything about exit codes. Findings quote
what authors wrote (a key, an excerpt, a file name), so nothing they print carries a raw control character:
text output shows ``\x1b`` instead of an escape sequence, and JSON escapes what ``json.dumps`` leaves raw.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from .schema.findings import Finding, Severity

__all__ = [
    "REPORTER_BY_NAME",
    "default_format",
    "dumps",
    "render_github",
    "render_json",
    "render_sarif",
    "render_text",
    "summary_line",
    "use_color",
    "visible",
]

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}

#: characters a terminal or log viewer may act on instead of showing: C0 and C1 controls (escape sequences,
#: bell, backspace, line breaks inside a one-line finding), line and paragraph separators, and the bidi
#: controls that reorder what is shown ("Trojan Source")
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: the same set minus what ``json.dumps`` already escapes (C0 controls)
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character shown as an escape (``\x1b``, ``\u202e``), never sent raw."""
    return _UNSAFE.sub(_escape, text)


def dumps(data: object, *, indent: int | None = 2) -> str:
    """JSON for people and tools: readable Chinese, indented (one line with ``indent=None``), and no control
    character left raw (``\u009b``)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def use_color(choice: str, stream: TextIO) -> bool:
    """``--color auto`` colours only a terminal, and never when ``NO_COLOR`` is set."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def render_text(findings: Sequence[Finding], lang: str = "zh", color: bool = False) -> str:
    """``path:line:col: severity rule-id message``, one per line (yamllint's parsable format)."""
    lines = []
    for f in findings:
        sev = f.severity.value
        if color:
            sev = f"{_COLORS[f.severity]}{sev}\033[0m"
        lines.append(f"{visible(f.file)}:{f.line}:{f.col}: {sev} {f.rule} {visible(f.message(lang))}")
    return "\n".join(lines) + ("\n" if lines else "")


def finding_dict(f: Finding, lang: str) -> dict[str, object]:
    out: dict[str, object] = {
        "file": f.file,
        "line": f.line,
        "col": f.col,
        "severity": f.severity.value,
        "rule": f.rule,
        "message": f.message(lang),
    }
    if f.related is not None:
        out["related"] = {"file": f.related.file, "line": f.related.line, "col": f.related.col}
    return out


def render_json(findings: Sequence[Finding], lang: str = "zh", color: bool = False) -> str:
    """A JSON list of ``{file, line, col, severity, rule, message}`` objects."""
    return dumps([finding_dict(f, lang) for f in findings])


def summary_line(findings: Sequence[Finding], files: int, lang: str = "zh") -> str:
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = sum(f.severity is Severity.WARNING for f in findings)
    if lang == "zh":
        return f"检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告"
    return f"checked {files} files: {errors} errors, {warnings} warnings"


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    """Workflow-command message escaping (as @actions/core does): ``%``, CR and LF; other controls shown."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    """Property values also escape ``:`` and ``,``, which would end the value early."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Sequence[Finding], lang: str = "zh", color: bool = False) -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=rule::message``, shown inline."""
    lines = []
    for f in findings:
        props = [f"file={_escape_property(_uri_path(f.file))}"]
        if f.line > 0:
            props.append(f"line={f.line}")
            if f.col > 0:
                props.append(f"col={f.col}")
        props.append(f"title={_escape_property(f.rule)}")
        lines.append(f"::{_GITHUB_LEVEL[f.severity]} {','.join(props)}::{_escape_data(f.message(lang))}")
    return "\n".join(lines) + ("\n" if lines else "")


def _uri_path(file: str) -> str:
    """A finding's file relative to the working directory when possible, with forward slashes."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_posix()
    return path.as_posix()


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _sarif_location(file: str, line: int, col: int) -> dict[str, object]:
    rel = _uri_path(file)
    artifact: dict[str, object]
    if Path(rel).is_absolute():
        artifact = {"uri": Path(rel).as_uri()}
    else:
        artifact = {"uri": quote(rel, safe="/"), "uriBaseId": "%SRCROOT%"}
    physical: dict[str, object] = {"artifactLocation": artifact}
    if line > 0:  # SARIF lines and columns are 1-based; 0 means "the whole file"
        region: dict[str, int] = {"startLine": line}
        if col > 0:
            region["startColumn"] = col
        physical["region"] = region
    return {"physicalLocation": physical}


def render_sarif(findings: Sequence[Finding], lang: str = "zh", color: bool = False) -> str:
    """SARIF 2.1.0 with every rule's metadata, so code-scanning tools show findings inline with their rule."""
    from . import __version__
    from .schema.rules import RULES

    rules: list[dict[str, object]] = []
    index: dict[str, int] = {}

    def add_rule(rule_id: str, zh: str, en: str, level: str) -> None:
        index[rule_id] = len(rules)
        rules.append(
            {
                "id": rule_id,
                # SARIF: id is the stable key, name a readable identifier and never the id again
                "name": _friendly_name(rule_id),
                "shortDescription": {"text": zh if lang == "zh" else en},
                "fullDescription": {"text": f"{zh} / {en}"},
                "defaultConfiguration": {"level": level},
                "properties": {"summary_zh": zh, "summary_en": en},
            }
        )

    for info in RULES.values():
        add_rule(info.id, info.summary_zh, info.summary_en, _SARIF_LEVEL[info.severity])
    results = []
    for f in findings:
        if f.rule not in index:  # a rule id not in the registry still gets a descriptor
            add_rule(f.rule, f.rule, f.rule, _SARIF_LEVEL[f.severity])
        result: dict[str, object] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message(lang)},
            "locations": [_sarif_location(f.file, f.line, f.col)],
        }
        if f.related is not None:
            related = _sarif_location(f.related.file, f.related.line, f.related.col)
            result["relatedLocations"] = [{"id": 0, **related}]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "handbook",
                        "fullName": "cuishou-handbook validate",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": _information_uri(),
                        "rules": rules,
                    }
                },
                "language": "zh-CN" if lang == "zh" else "en-US",
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return dumps(log)


#: the tool's identity when its package names no web page: a URN, as the schemas' $id values are (README)
TOOL_URN = "urn:cuishou-handbook"


def _information_uri() -> str:
    """Where to read about the tool: the page the installed package's metadata names, else ``TOOL_URN``.

    Nothing is published at a URL this project knows, so none is made up; an organisation that publishes
    the tool adds ``[project.urls]`` to pyproject.toml and SARIF then carries that address.
    """
    from importlib import metadata

    try:
        urls: list[str] = metadata.metadata("cuishou-handbook").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        url = str(entry).partition(",")[2].strip()
        if url.startswith("https://"):
            return url
    return TOOL_URN


def _friendly_name(rule_id: str) -> str:
    """``parse.duplicate-key`` -> ``ParseDuplicateKey``: the Pascal-case name SARIF viewers show."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[.\-_]", rule_id) if part)


def default_format(choice: str | None) -> str:
    """``--format`` if given; otherwise ``github`` inside GitHub Actions (as yamllint does), else ``text``."""
    if choice:
        return choice
    return "github" if os.environ.get("GITHUB_ACTIONS") else "text"


Reporter = Callable[[Sequence[Finding], str, bool], str]

#: ``--format`` choices
REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
}


def write(text: str, stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(text)
