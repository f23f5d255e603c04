"""Legal booklet (法律法规与行业规范汇编): every instrument with status and dates, each article as a heading with
its summary and, apart, how it applies to collection; standards and self-regulation set apart from law;
repealed instruments listed with their successors.

A learner document: no confidence codes (a reader sees "条号待核实" only where an article is unverified),
no provenance, nothing from ``author_notes``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..schema.models.legal import Legal
from .base import Selection
from .docx_common import DocWriter
from .docx_plan import PlannedDocument
from .docx_render import INSTRUMENT_ZH, LAW_KINDS, STATUS_ZH, Citations, zh_date

if TYPE_CHECKING:
    from ..schema.models.handbook import Handbook, Record

__all__ = ["KIND", "TITLE", "build_legal_booklet", "plan"]

KIND = "legal"
TITLE = "催收法律法规与行业规范汇编"
_CURRENT = ("in_force", "amended", "not_yet_effective")
#: places that cite an instrument, shown to learners: not the counter-examples (trainer material)
_LEARNER_PLACES = (
    "课程",
    "流程",
    "话术",
    "红线",
    "术语",
    "客户类型",
    "逾期原因",
    "风险等级",
    "考核指标",
    "岗位",
    "团队管理",
)


def plan(handbook: Handbook, selection: Selection) -> list[PlannedDocument]:
    return [PlannedDocument("legal-booklet", lambda: build_legal_booklet(handbook))]


def _date(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else "—"


def _successor(handbook: Handbook, legal: Legal) -> str:
    if legal.superseded_by is None:
        return "—"
    record = handbook.resolve(legal.superseded_by)
    return record.entry.title if record is not None else "—"


def build_legal_booklet(handbook: Handbook) -> DocWriter:
    assert handbook.meta is not None
    meta = handbook.meta
    w = DocWriter(meta, TITLE)
    records = list(handbook.records("legal"))
    w.cover(
        [
            ("收录", f"{len(records)} 件法律法规和规范文件"),
            ("手册", f"{meta.title}（版本 {meta.version}）"),
            ("手册生效日期", zh_date(meta.effective)),
        ]
    )
    w.contents()
    w.heading("阅读说明", 1)
    w.bullets(
        [
            "条文要旨为意译，不是法条原文；引用前请核对官方文本。",
            "“适用说明”是本手册对该条如何适用于催收工作的解读，不是条文内容。",
            "国家标准和行业自律规范不是法律，单独列出；机构自愿遵守或参照执行。",
            "标有“待核实”的条号或日期尚未与官方文本核对，引用时只引文件名称。",
            "“手册中相关内容”列出讲到该文件或条文的课程、流程、话术和红线，便于对照学习。",
        ]
    )
    citations = Citations.of(handbook)
    current = [r for r in records if _legal(r).status in _CURRENT]
    former = [r for r in records if _legal(r).status not in _CURRENT]
    law = [r for r in current if _legal(r).kind in LAW_KINDS]
    other = [r for r in current if _legal(r).kind not in LAW_KINDS]
    w.heading("现行法律法规", 1)
    for record in law:
        _render_instrument(w, handbook, record, citations)
    if not law:
        w.paragraph("手册中尚未收录现行法律文件。", "Note")
    if other:
        w.heading("国家标准与行业自律规范", 1)
        for record in other:
            _render_instrument(w, handbook, record, citations)
    w.heading("已废止或被替代的法律文件", 1)
    if former:
        rows = [
            [_legal(r).title, STATUS_ZH[_legal(r).status], _date(_legal(r).repealed), _successor(handbook, _legal(r))]
            for r in former
        ]
        w.table(["文件", "状态", "废止日期", "替代者"], rows, [3.2, 1.3, 1.5, 3.2])
        for record in former:
            _render_instrument(w, handbook, record, citations)
    else:
        w.paragraph("手册中没有已废止的法律文件。", "Note")
    return w


def _legal(record: Record) -> Legal:
    assert isinstance(record.entry, Legal)
    return record.entry


def _places(citations: Citations, legal_id: str, anchor: str = "") -> str:
    places = [p for p in citations.of_instrument(legal_id, anchor) if p.startswith(_LEARNER_PLACES)]
    return "；".join(places)


def _render_instrument(w: DocWriter, handbook: Handbook, record: Record, citations: Citations) -> None:
    legal = _legal(record)
    w.source(record)
    w.heading(legal.title, 2)
    pending = legal.confidence == "MEM"
    rows = [
        ["简称", legal.short_title],
        ["类型", INSTRUMENT_ZH[legal.kind]],
        ["制定机关", legal.issuer],
        ["文号", legal.number or "—"],
        ["公布日期", _date(legal.promulgated)],
        ["施行日期", _date(legal.effective)],
        ["状态", STATUS_ZH[legal.status]],
    ]
    if legal.repealed or legal.status not in _CURRENT:
        rows += [["废止日期", _date(legal.repealed)], ["替代者", _successor(handbook, legal)]]
    if pending:
        rows.append(["核实情况", "文号和日期待核实，引用时只引文件名称"])
    w.table(["项目", "内容"], rows, [1.2, 4.8], bold_first_column=True)
    if legal.history:
        w.paragraph("本条目仅用于说明法律沿革，不作为现行依据。", "Note")
    if legal.notes:
        w.titled_list("说明", legal.notes)
    whole = _places(citations, legal.id)
    if whole:
        w.labelled("手册中相关内容", whole, "Note")
    for article in legal.articles:
        w.heading(article.label + ("（条号待核实）" if article.confidence == "MEM" else ""), 3)
        w.paragraph(article.summary)
        if article.commentary:
            w.labelled("适用说明", article.commentary)
        details = [f"主题：{'、'.join(article.topics)}"] if article.topics else []
        places = _places(citations, legal.id, article.number)
        if places:
            details.append(f"手册中相关内容：{places}")
        if details:
            w.paragraph("　".join(details), "Note")
    w.source(None)
