"""No reporter prints a raw control character: findings quote what authors wrote (keys, excerpts, file names)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cuishou.reporters import REPORTER_BY_NAME, visible
from cuishou.schema.findings import Finding, Location, Severity
from tests.helpers import run_cli

#: what a terminal would act on: C0/C1 controls (tab and line feed end or separate output lines only),
#: line and paragraph separators, bidi controls
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "T\x00\x07\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil\u2028next\r\nline\tend"


def _finding() -> Finding:
    return Finding(
        "parse.unreadable",
        Severity.ERROR,
        Location(f"hb/{HOSTILE}.yaml", 3, 1),
        "io.unreadable",
        {"path": HOSTILE, "reason": "Permission denied"},
    )


@pytest.mark.parametrize("name", sorted(REPORTER_BY_NAME))
def test_output_carries_no_raw_control_character(name: str) -> None:
    out = REPORTER_BY_NAME[name]([_finding()], "en", False)
    assert RAW.search(out) is None, repr(out)
    assert out.count("\n") == len(out.splitlines()), "no line break but the ones between lines"


@pytest.mark.parametrize("name", ["json", "sarif"])
def test_json_keeps_the_text_exactly(name: str) -> None:
    data = json.loads(REPORTER_BY_NAME[name]([_finding()], "en", False))
    assert HOSTILE in _strings(data), "JSON escapes the characters; a JSON reader gets the text back unchanged"


def _strings(data: object) -> str:
    if isinstance(data, str):
        return data
    if isinstance(data, dict):
        return "\n".join(_strings(v) for v in data.values())
    if isinstance(data, list):
        return "\n".join(_strings(v) for v in data)
    return ""


def test_visible_shows_each_control_as_an_escape() -> None:
    assert visible("a\x1b[2Jb\u202ec\td") == "a\\x1b[2Jb\\u202ec\\x09d"


def test_a_usage_error_naming_a_hostile_path_prints_it_escaped(tmp_path: Path) -> None:
    result = run_cli("validate", tmp_path / "\x1b[2Jnope")
    assert result.code == 2 and "\\x1b[2Jnope" in result.err and "\x1b" not in result.err, result
