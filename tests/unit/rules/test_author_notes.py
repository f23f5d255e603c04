"""editorial.author-note: author-only wording stays out of every field that reaches learners."""

from __future__ import annotations

import pytest

from cuishou.schema.rules import author_notes
from tests.unit.rules.conftest import MakeHandbook

COURSE = """\
id: c
title: 课程
audience: 新员工
total_minutes: unknown
total_note: {total_note}
objectives: [目标]
sessions:
  - id: s
    title: 课次
    modules:
      - id: m
        title: 模块
        minutes: unknown
        minutes_note: 原课程材料未给出时长
        topics: [{topic}]
        author_notes: [种子在此处截断，具体内容待补]
author_notes: [TODO 补写展望；MEM 的日期待核实]
sources: [{{seed: "000", section: 种子第七章, note: 种子未给出时长，V1}}]
"""


def run(make_handbook: MakeHandbook, topic: str, total_note: str = "原课件没有给出时长") -> list[tuple[int, str]]:
    hb = make_handbook({"courses/c.yaml": COURSE.format(topic=topic, total_note=total_note)})
    return [(f.line, f.params["found"]) for f in author_notes.check(hb)]


def test_author_notes_and_sources_may_use_author_wording(make_handbook: MakeHandbook) -> None:
    assert run(make_handbook, "分阶段设计初级、中级、高级培训模块") == []


def test_teaching_fields_may_not(make_handbook: MakeHandbook) -> None:
    found = run(make_handbook, "分阶段设计培训模块（种子在此处截断，具体内容待补）", total_note="种子没有给出时长")
    assert found == [(5, "种子"), (15, "种子"), (15, "截断"), (15, "待补")]


def test_the_message_says_where_the_note_belongs(make_handbook: MakeHandbook) -> None:
    hb = make_handbook({"courses/c.yaml": COURSE.format(topic="TODO", total_note="原课件没有给出时长")})
    (finding,) = author_notes.check(hb)
    assert finding.severity.value == "warning"
    assert "author_notes" in finding.message("zh") and "author_notes" in finding.message("en")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("2025-04-01 印发（V1）", ["V1"]),
        ("令号为 MEM，不填", ["MEM"]),
        ("施行日期事实表未载明", ["事实表"]),
        ("条号未注明", ["未注明"]),
        ("TODO: 补一个案例", ["TODO"]),
        ("见 reference/legal-facts.md 第 9 节", ["reference/legal-facts.md"]),
        ("引用由法律条目补充后再加", ["补充后再加"]),
        ("来源 GH#71070311135", ["GH#7"]),
    ],
)
def test_vocabulary(text: str, found: list[str]) -> None:
    assert [hit for hit, _, _ in author_notes.author_wording(text)] == found


@pytest.mark.parametrize(
    "text",
    [
        "两个来源核实；一个来源核实；未经核实",
        "待补缴的金额以系统为准，补足后停止催收",
        "V2G 充电桩、MEMO、TV1 都不是代码",
        "逾期 1—5 天，录音保存五年",
    ],
)
def test_learner_wording_passes(text: str) -> None:
    assert list(author_notes.author_wording(text)) == []
