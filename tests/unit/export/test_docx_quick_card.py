"""The quick-reference card: a stage table per procedure and the red lines, without a cover or TOC."""

from __future__ import annotations

from typing import Any

from cuishou.export.docx_quick_card import build_quick_card
from cuishou.schema.build import Handbook
from tests.unit.export.docs import all_text, headings, open_doc, rows, table_with_header


def test_stage_table_and_red_lines(mini: Handbook) -> None:
    doc = open_doc(build_quick_card(mini))
    procedure: Any = mini.entries["procedure"]["collection-lifecycle"].entry
    data = rows(table_with_header(doc, "阶段 / 逾期天数"))
    assert data[0] == ["阶段 / 逾期天数", "目标", "渠道", "可联系对象", "留存证据", "升级"]
    assert [r[0].split("\n")[0] for r in data[1:]] == [s.title for s in procedure.stages]
    assert data[1][0].endswith("到期前 3 天至到期日")
    assert data[2][-1] == "—"  # no escalation written for the early stage
    red = rows(table_with_header(doc, "红线"))
    assert [r[0] for r in red[1:]] == [r.entry.title for r in mini.records("conduct_rule")]
    assert headings(doc, 1) == ["流程：逾期账户催收流程", "红线"]
    assert "目录" not in all_text(doc)
