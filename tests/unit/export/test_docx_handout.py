"""The trainee handout: cover, TOC, real headings, schedule table, modules with scripts as dialogue, red lines,
glossary and legal references; robust to unknown minutes, missing references and optional fields."""

from __future__ import annotations

from typing import Any

import pytest
from docx.oxml.ns import qn

from cuishou.export.docx_handout import build_course_book
from cuishou.export.docx_render import MINUTES_BY_TRAINER
from cuishou.schema.models.handbook import Handbook
from tests.unit.export.docs import all_text, headings, open_doc, rows, table_with_header


@pytest.fixture(scope="module")
def shipped_doc(shipped: Handbook) -> Any:
    return open_doc(build_course_book(shipped, shipped.entries["course"]["collection-basics-2h"]))


@pytest.fixture(scope="module")
def rich_doc(rich: Handbook) -> Any:
    return open_doc(build_course_book(rich, rich.entries["course"]["rich-course"]))


def test_chapters_are_real_headings(shipped: Handbook, shipped_doc: Any) -> None:
    course = shipped.entries["course"]["collection-basics-2h"].entry
    top = headings(shipped_doc, 1)
    assert top[:2] == ["课程目标", "课程安排"]
    assert top[-3:] == ["红线", "术语表", "法律法规与行业规范"]
    modules = [m for s in course.sessions for m in s.modules]  # type: ignore[attr-defined]
    assert [h.split(" ", 1)[1].split("（")[0] for h in headings(shipped_doc, 2)] == [m.title for m in modules]
    assert shipped_doc.paragraphs[5].text == course.title  # cover title after the spacing lines
    assert shipped_doc.paragraphs[5].style.name == "Title"


def test_schedule_table(shipped: Handbook, shipped_doc: Any) -> None:
    course = shipped.entries["course"]["collection-basics-2h"].entry
    table = table_with_header(shipped_doc, "课次")
    data = rows(table)
    assert data[0] == ["课次", "模块", "时长（分钟）", "活动"]
    modules = [m for s in course.sessions for m in s.modules]  # type: ignore[attr-defined]
    assert [r[1] for r in data[1:-1]] == [m.title for m in modules]
    assert [r[2] for r in data[1:-1]] == [str(m.minutes) for m in modules]
    assert data[-1][0] == "合计" and data[-1][2] == str(course.total_minutes)  # type: ignore[attr-defined]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_script_as_dialogue_with_bold_speakers(shipped: Handbook, shipped_doc: Any) -> None:
    course = shipped.entries["course"]["collection-basics-2h"].entry
    # every script the course's modules reference is set out once, as dialogue
    names = {r.partition("#")[0] for s in course.sessions for m in s.modules for r in m.refs}  # type: ignore[attr-defined]
    scripts = [shipped.entries["script"][n.partition(":")[2]].entry for n in sorted(names) if n.startswith("script:")]
    assert "first-call" in [script.id for script in scripts]
    turns = [p for p in shipped_doc.paragraphs if p.style.name == "Dialogue"]
    assert len(turns) == sum(len(script.turns) for script in scripts)  # type: ignore[attr-defined]
    assert all(p.runs[0].bold and p.runs[0].text.endswith("：") for p in turns)
    assert turns[0].runs[0].text == "催收员："
    assert turns[0].paragraph_format.left_indent or turns[0].style.paragraph_format.left_indent


def test_red_line_box_glossary_and_law(shipped: Handbook, shipped_doc: Any) -> None:
    text = all_text(shipped_doc)
    for record in shipped.records("conduct_rule"):
        mark = "红线" if record.entry.kind == "prohibited" else "必须做到"  # type: ignore[attr-defined]
        assert f"{mark}｜{record.entry.title}" in text
    glossary = rows(table_with_header(shipped_doc, "术语"))
    assert "逾期" in [r[0] for r in glossary[1:]]
    assert "民法典第一百九十五条" in text
    assert "错误示范" not in headings(shipped_doc)  # counter-examples are for trainers only


def test_unknown_minutes_missing_refs_and_repeats(rich: Handbook, rich_doc: Any) -> None:
    data = rows(table_with_header(rich_doc, "课次"))
    # a printed schedule: minutes where known, blank where not (said once below), no total when unknown
    assert [r[2] for r in data[1:]] == ["20", "", "10"]
    assert f"未写时长的模块，{MINUTES_BY_TRAINER}。" in all_text(rich_doc)
    assert "时长说明" not in all_text(rich_doc) and "视人数而定" not in all_text(rich_doc)  # author notes stay out
    assert "2 演练" not in headings(rich_doc, 2) and "1.2 演练" in headings(rich_doc, 2)  # no minutes when unknown
    assert "情景演练：情景演练" not in all_text(rich_doc)
    top = headings(rich_doc, 1)
    assert "第 1 课次：第一天" in top and "第 2 课次：第二天" in top
    # the lifecycle procedure is referenced twice but set out once; the missing script is skipped
    assert headings(rich_doc, 3).count("流程：逾期账户催收流程") == 1
    assert "参见 1.1 中的“逾期账户催收流程”。" in all_text(rich_doc)
    assert "no-such-script" not in all_text(rich_doc)
    assert "总结回顾" in all_text(rich_doc)  # the vertical tab is gone


def test_cited_articles_carry_their_commentary_marked_as_such(shipped: Handbook) -> None:
    doc = open_doc(build_course_book(shipped, shipped.entries["course"]["car-loan-collection-2d"]))
    law: Any = shipped.entries["legal"]["civil-code"].entry
    article = next(a for a in law.articles if a.number == "410")
    texts = [p.text for p in doc.paragraphs]
    at = texts.index(f"民法典第四百一十条：{article.summary}")  # the summary alone, as the law says it
    assert texts[at + 1] == f"适用说明：{article.commentary}"  # the handbook's reading, apart and labelled
    assert doc.paragraphs[at + 1].runs[0].bold
