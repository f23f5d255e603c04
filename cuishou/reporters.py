"""Reporters: print a list of findings as text, JSON (and, later, GitHub or SARIF) for one audience each.

All reporters read the same sorted findings; none of them decides anything about exit codes.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from .schema.findings import Finding, Severity

__all__ = ["REPORTER_BY_NAME", "render_json", "render_text", "summary_line", "use_color"]

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}


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
        lines.append(f"{f.file}:{f.line}:{f.col}: {sev} {f.rule} {f.message(lang)}")
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
    return json.dumps([finding_dict(f, lang) for f in findings], ensure_ascii=False, indent=2) + "\n"


def summary_line(findings: Sequence[Finding], files: int, lang: str = "zh") -> str:
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = sum(f.severity is Severity.WARNING for f in findings)
    if lang == "zh":
        return f"检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告"
    return f"checked {files} files: {errors} errors, {warnings} warnings"


Reporter = Callable[[Sequence[Finding], str, bool], str]

#: ``--format`` choices
REPORTER_BY_NAME: dict[str, Reporter] = {"text": render_text, "json": render_json}


def write(text: str, stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(text)
