"""Test helpers: run the CLI in process and report exit code, stdout and stderr together."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuishou.cli import main
from cuishou.schema.findings import Finding
from cuishou.schema.loader import load_text

if TYPE_CHECKING:
    from cuishou.schema.models.conduct import ConductRule


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def __str__(self) -> str:  # shown by pytest when an assertion fails
        return f"exit={self.code}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


def run_cli(*args: str | Path) -> CliResult:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
    return CliResult(code, out.getvalue(), err.getvalue())


def where(findings: list[Finding]) -> list[tuple[int, int, str]]:
    """(line, col, rule) of each finding: what tests compare, not the wording."""
    return [(f.line, f.col, f.rule) for f in findings]


def load_findings(text: str) -> list[tuple[int, int, str]]:
    return where(load_text(text, "t.yaml").findings)


def iter_strings(data: Any) -> Iterator[str]:
    """Every string anywhere in loaded YAML data (for content checks such as "no Traditional characters")."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from iter_strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from iter_strings(item)


def conduct_rule(rule_id: str, patterns: list[dict[str, object]]) -> ConductRule:
    """A minimal valid conduct rule with these patterns (the fields a rule needs besides its patterns)."""
    from cuishou.schema.models.conduct import ConductRule

    return ConductRule.model_validate(
        {
            "id": rule_id,
            "title": "t",
            "severity": "error",
            "kind": "prohibited",
            "description": "d",
            "examples": {"violating": ["a", "b"], "compliant": ["c", "d"]},
            "sources": [{"seed": "house", "section": "s"}],
            "patterns": patterns,
        }
    )
