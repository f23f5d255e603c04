"""minutes.*: a course's modules add up to its total; unknown minutes are explained."""

from __future__ import annotations

from cuishou.schema.rules import minutes
from tests.unit.rules.conftest import MakeHandbook

COURSE = """\
id: c
title: 课程
audience: 新员工
total_minutes: {total}
objectives: [目标]
sessions:
  - id: s
    title: 课次
    modules:
      - {{id: a, title: 甲, minutes: 15}}
      - {{id: b, title: 乙, minutes: {second}{note}}}
sources: [{{seed: "000", section: 课程}}]
"""


def run(make_handbook: MakeHandbook, total: str, second: str, note: str = "") -> list[tuple[str, int]]:
    hb = make_handbook({"courses/c.yaml": COURSE.format(total=total, second=second, note=note)})
    return [(f.rule, f.line) for f in minutes.check(hb)]


def test_total_matches_modules(make_handbook: MakeHandbook) -> None:
    assert run(make_handbook, "45", "30") == []


def test_total_differs_from_modules(make_handbook: MakeHandbook) -> None:
    hb = make_handbook({"courses/c.yaml": COURSE.format(total="120", second="30", note="")})
    found = list(minutes.check(hb))
    assert [(f.rule, f.line, f.col) for f in found] == [("minutes.total", 4, 16)]
    assert found[0].params["diff"] == 75
    assert "75" in found[0].message("en")


def test_unknown_module_needs_note_and_cannot_exceed_total(make_handbook: MakeHandbook) -> None:
    assert run(make_handbook, "45", "unknown") == [("minutes.unknown-unexplained", 11)]
    assert run(make_handbook, "45", "unknown", ", minutes_note: 来源未给出") == []
    assert run(make_handbook, "10", "unknown", ", minutes_note: 来源未给出") == [("minutes.total", 4)]


def test_unknown_total_is_not_summed(make_handbook: MakeHandbook) -> None:
    assert run(make_handbook, "unknown", "30") == []
