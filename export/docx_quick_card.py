"""Quick-reference card (速查卡): one or two pages to keep by the phone — stages as a table, then the red lines."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..schema.models.conduct import ConductRule
from ..schema.models.procedure import Procedure
from .base import Selection
from .docx_common import DocWriter
from .docx_plan import PlannedDocument
from .docx_render import citation_label, render_stage_table, zh_date

if TYPE_CHECKING:
    from ..schema.models.handbook import Handbook

__all__ = ["KIND", "build_quick_card", "plan"]

KIND = "quickref"


def plan(handbook: Handbook, selection: Selection) -> list[PlannedDocument]:
    return [PlannedDocument("quick-reference-card", lambda: build_quick_card(handbook))]


_ARTICLE = re.compile(r"^(?P<law>.+?)(?P<article>第[^第]+条.*)$")


def _grouped(labels: list[str]) -> str:
    """``民法典第一千零三十三条；民法典第一千零三十八条`` as ``民法典第一千零三十三条、第一千零三十八条``."""
    order: dict[str, list[str]] = {}
    for label in labels:
        m = _ARTICLE.match(label)
        law, article = (m.group("law"), m.group("article")) if m else (label, "")
        order.setdefault(law, [])
        if article:
            order[law].append(article)
    return "；".join(law + "、".join(articles) for law, articles in order.items())


def build_quick_card(handbook: Handbook) -> DocWriter:
    assert handbook.meta is not None
    meta = handbook.meta
    w = DocWriter(meta, "催收速查卡", side_margin_mm=10, landscape=True, table_text_pt=8, title_pt=16)
    # a title line, not a cover: the card must stay on two pages
    w.title_line()
    w.paragraph(
        f"{meta.title} 版本 {meta.version}，{zh_date(meta.effective)}起施行。"
        f"允许联系时段：{meta.contact_window}，其余时间不得主动联系。",
        "Note",
    )
    procedures = list(handbook.records("procedure"))
    timed = [r for r in procedures if any(s.days is not None for s in r.entry.stages)]  # type: ignore[attr-defined]
    for record in timed:
        procedure = record.entry
        assert isinstance(procedure, Procedure)
        w.source(record)
        w.heading(f"流程：{procedure.title}", 1)
        render_stage_table(w, handbook, procedure, compact=True)
    others = [r for r in procedures if r not in timed]
    if others:
        # procedures without day windows (legal path, collateral) as one line each: the card stays short
        w.heading("其他流程", 1)
        for record in others:
            procedure = record.entry
            assert isinstance(procedure, Procedure)
            w.source(record)
            w.labelled(procedure.title, " → ".join(s.title for s in procedure.stages), "Note")
    if not procedures:
        w.paragraph("手册中尚未收录催收流程。", "Note")
    w.heading("红线", 1)
    rows = []
    for record in handbook.records("conduct_rule"):
        rule = record.entry
        assert isinstance(rule, ConductRule)
        w.source(record)
        basis = _grouped([label for ref in rule.basis if (label := citation_label(handbook, ref))])
        rows.append([rule.title, basis or "机构政策"])
    w.source(None)
    if rows:
        w.table(["红线（详见手册）", "依据"], rows, [3.0, 7.0], bold_first_column=True)
    else:
        w.paragraph("手册中尚未收录行为规范。", "Note")
    return w
