"""The quick-reference card: a stage table per procedure and the red lines, without a cover or TOC."""

from __future__ import annotations

from typing import Any

from cuishou.export.docx_quick_card import build_quick_card
from cuishou.schema.models.handbook import Handbook
from tests.unit.export.docs import all_text, headings, open_doc, rows, table_with_header


def test_stage_table_and_red_lines(mini: Handbook) -> None:
    doc = open_doc(build_quick_card(mini))
    procedure: Any = mini.entries["procedure"]["collection-lifecycle"].entry
    data = rows(table_with_header(doc, "阶段 / 逾期天数"))
    assert data[0] == ["阶段 / 逾期天数", "目标", "渠道", "可联系对象", "留存证据", "升级"]
    assert [r[0].split("\n")[0] for r in data[1:]] == [s.title for s in procedure.stages]
    assert data[1][0].endswith("到期前 3 天至到期日")
    assert data[2][-1] == "—"  # no escalation written for the early stage
    assert data[1][-1].startswith("→ ")  # the card names the target; the condition is in the handout
    red = rows(table_with_header(doc, "红线（详见手册）"))
    assert [r[0] for r in red[1:]] == [r.entry.title for r in mini.records("conduct_rule")]
    assert headings(doc, 1) == ["流程：逾期账户催收流程", "红线"]
    assert [p.text for p in doc.paragraphs if p.style.name == "Title"] == ["催收速查卡"]
    assert "目录" not in all_text(doc)


def test_procedures_without_day_windows_are_one_line_each(shipped: Handbook) -> None:
    doc = open_doc(build_quick_card(shipped))
    untimed = [r.entry for r in shipped.records("procedure") if all(s.days is None for s in r.entry.stages)]  # type: ignore[attr-defined]
    assert untimed, "the shipped handbook has a legal path without day windows"
    text = all_text(doc)
    assert "其他流程" in headings(doc, 1)
    for procedure in untimed:
        assert " → ".join(s.title for s in procedure.stages) in text


def test_card_is_landscape_with_small_table_text(mini: Handbook) -> None:
    from docx.enum.section import WD_ORIENT

    doc = open_doc(build_quick_card(mini))
    assert doc.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert doc.sections[0].page_width > doc.sections[0].page_height
    assert doc.styles["Table Text"].font.size.pt == 8  # the shipped card fits two pages (tests/render)
