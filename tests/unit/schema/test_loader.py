"""The located loader: marks, and every refusal (encoding, duplicates, tags, aliases, depth, 1.1)."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest

from cuishou.schema.loader import Limits, load_file, load_text
from tests.helpers import load_findings, where


def test_marks_are_one_based_and_count_characters_not_bytes() -> None:
    loaded = load_text("标题: 中文\nlist:\n  - a\n  - b: 1\n")
    assert loaded.marks.values[("标题",)] == (1, 5)
    assert loaded.marks.keys[("list",)] == (2, 1)
    assert loaded.marks.values[("list", 1, "b")] == (4, 8)
    assert loaded.data == {"标题": "中文", "list": ["a", {"b": 1}]}


def test_marks_fall_back_to_nearest_ancestor() -> None:
    loaded = load_text("a:\n  b: 1\n")
    assert loaded.marks.at(("a", "missing")) == (2, 3)


def test_duplicate_key_reports_both_locations_and_keeps_first() -> None:
    loaded = load_text("id: a\ntitle: x\ntitle: y\n")
    (finding,) = loaded.findings
    assert (finding.line, finding.col, finding.rule) == (3, 1, "parse.duplicate-key")
    assert finding.related is not None and (finding.related.line, finding.related.col) == (2, 1)
    assert loaded.data["title"] == "x"
    assert loaded.usable


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo pwned']\n",
        "a: !!python/name:os.system\n",
        "a: !custom 1\n",
        "a: !!binary aGVsbG8=\n",
        "!!python/object:collections.OrderedDict {}\n",
    ],
)
def test_non_standard_tags_are_refused_and_never_constructed(text: str) -> None:
    loaded = load_text(text)
    assert [f.rule for f in loaded.findings] == ["parse.tag"]
    assert not loaded.usable


def test_alias_bomb_is_refused_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    loaded = load_text("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1.0
    assert [f.rule for f in loaded.findings] == ["parse.alias-limit"]
    assert loaded.data is None


def test_alias_count_limit() -> None:
    text = "a: &x 1\nb: [" + ", ".join(["*x"] * 5) + "]\n"
    assert load_findings(text) == []
    loaded = load_text(text, limits=Limits(max_aliases=3))
    assert [f.rule for f in loaded.findings] == ["parse.alias-count"]


def test_deep_nesting_is_refused_without_crashing() -> None:
    assert [r for _, _, r in load_findings("[" * 200_000 + "]" * 200_000)] == ["parse.too-deep"]
    assert [r for _, _, r in load_findings("a: " + "[" * 100 + "]" * 100 + "\n")] == ["parse.too-deep"]


@pytest.mark.parametrize(
    ("text", "kind", "source"),
    [
        ("t: 21:00\n", "int", "21:00"),
        ("t: no\n", "bool", "no"),
        ("t: on\n", "bool", "on"),
        ("t: 2024-01-01\n", "date", "2024-01-01"),
        ("t: 1.10\n", "float", "1.10"),
        ("t: 0755\n", "int", "0755"),
    ],
)
def test_yaml11_surprises_are_recorded_with_source_text(text: str, kind: str, source: str) -> None:
    loaded = load_text(text)
    assert loaded.marks.surprises[("t",)] == (kind, source)


def test_quoted_values_are_not_surprises() -> None:
    loaded = load_text("t: \"21:00\"\nu: 'no'\n")
    assert loaded.marks.surprises == {}
    assert loaded.data == {"t": "21:00", "u": "no"}


def test_keys_keep_their_text() -> None:
    assert load_text("no: 1\non: 2\n").data == {"no": 1, "on": 2}


def test_syntax_error_is_located_with_a_hint() -> None:
    loaded = load_text("a: 1\nb: [1, 2\n")
    (finding,) = loaded.findings
    assert finding.rule == "parse.syntax"
    assert finding.line >= 2
    assert "YAML" in finding.message("zh")


def test_tab_indentation_hint() -> None:
    (finding,) = load_text("a:\n\tb: 1\n").findings
    assert "Tab" in finding.message("zh")


def test_empty_file() -> None:
    assert load_findings("") == [(1, 1, "parse.empty")]
    assert load_findings("# only a comment\n") == [(1, 1, "parse.empty")]


def test_control_character_is_located() -> None:
    assert load_findings("a: ok\nb: x\x0by\n") == [(2, 5, "parse.control-char")]


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    return path


def test_gbk_file_names_the_encoding(tmp_path: Path) -> None:
    loaded = load_file(_write(tmp_path, "title: 催收培训\n".encode("gbk")))
    (finding,) = loaded.findings
    assert finding.rule == "parse.encoding"
    assert "GBK" in finding.message("zh") and "UTF-8" in finding.message("zh")
    assert (finding.line, finding.col) == (1, 8)


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, b""])
def test_utf16_is_refused(tmp_path: Path, bom: bytes) -> None:
    loaded = load_file(_write(tmp_path, bom + "title: 催收\n".encode("utf-16-le")))
    assert [f.rule for f in loaded.findings] == ["parse.encoding"]
    assert "UTF-16" in loaded.findings[0].message("en")


def test_utf8_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    loaded = load_file(_write(tmp_path, codecs.BOM_UTF8 + "a: 催收\r\nb: 2\r\n".encode()))
    assert loaded.findings == []
    assert loaded.data == {"a": "催收", "b": 2}
    assert loaded.marks.values[("b",)] == (2, 4)


def test_too_large_file(tmp_path: Path) -> None:
    loaded = load_file(_write(tmp_path, b"a: " + b"x" * 2000 + b"\n"), limits=Limits(max_file_bytes=1000))
    assert [f.rule for f in loaded.findings] == ["parse.too-large"]


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85", "\r"])
def test_a_line_break_editors_do_not_count_is_reported_where_it_is_and_shifts_nothing(char: str) -> None:
    loaded = load_text(f"a: 文本{char}接着\nb: [\n", "t.yaml")
    assert where(loaded.findings) == [(1, 6, "parse.line-break"), (3, 1, "parse.syntax")]
    assert f"U+{ord(char):04X}" in loaded.findings[0].message("en")


def test_crlf_is_an_ordinary_line_break() -> None:
    assert load_findings("a: 1\r\nb: 2\r\n") == []


def test_odd_line_breaks_are_reported_once_per_kind_with_a_count() -> None:
    loaded = load_text("a: x\u2028y\u2028z\nb: \u2028w\n", "t.yaml")
    assert where(loaded.findings) == [(1, 5, "parse.line-break")]
    assert "2 more" in loaded.findings[0].message("en")
    assert loaded.data == {"a": "x y z", "b": "w"}
