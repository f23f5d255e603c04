"""Legal booklet (法律依据汇编): every instrument with status and dates, the articles cited and where the
handbook cites them; repealed instruments listed with their successors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..schema.models.legal import Legal
from .base import Selection
from .docx_common import DocWriter
from .docx_plan import PlannedDocument
from .docx_render import CONFIDENCE_ZH, INSTRUMENT_ZH, STATUS_ZH, Citations, zh_date

if TYPE_CHECKING:
    from ..schema.models.handbook import Handbook, Record

__all__ = ["KIND", "build_legal_booklet", "plan"]

KIND = "legal"
_CURRENT = ("in_force", "amended", "not_yet_effective")


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
    w = DocWriter(meta, "催收法律依据汇编", "法律依据汇编")
    records = list(handbook.records("legal"))
    w.cover(
        [
            ("收录", f"{len(records)} 件法律文件"),
            ("手册", f"{meta.title}（版本 {meta.version}）"),
            ("手册生效日期", zh_date(meta.effective)),
        ]
    )
    w.toc()
    w.heading("阅读说明", 1)
    w.bullets(
        [
            "条文要旨为意译，不是法条原文；引用前请核对官方文本。",
            "“适用说明”是本手册对该条如何适用于催收的解读，不是条文的内容。",
            "核实程度：两个来源核实、一个来源核实、未核实（未核实的内容不得作为培训依据）。",
            "“手册引用处”列出手册中引用该文件或条文的条目，便于修订时同步更新。",
        ]
    )
    citations = Citations.of(handbook)
    current = [r for r in records if _legal(r).status in _CURRENT]
    former = [r for r in records if _legal(r).status not in _CURRENT]
    w.heading("现行法律文件", 1)
    for record in current:
        _render_instrument(w, handbook, record, citations)
    if not current:
        w.paragraph("手册中尚未收录现行法律文件。", "Note")
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


def _render_instrument(w: DocWriter, handbook: Handbook, record: Record, citations: Citations) -> None:
    legal = _legal(record)
    w.source(record)
    w.heading(legal.title, 2)
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
    rows.append(["核实程度", CONFIDENCE_ZH[legal.confidence]])
    w.table(["项目", "内容"], rows, [1.2, 4.8], bold_first_column=True)
    if legal.history:
        w.paragraph("本条目仅用于说明法律沿革，不作为现行依据。", "Note")
    if legal.notes:
        w.bullets(legal.notes)
    whole = citations.of_instrument(legal.id)
    if whole:
        w.labelled("手册引用处", "；".join(whole))
    for article in legal.articles:
        w.paragraph(f"{article.label}", bold=True)
        w.paragraph(article.summary)
        if article.commentary:
            w.labelled("适用说明", article.commentary, "Note")
        details = [f"核实程度：{CONFIDENCE_ZH[article.confidence]}"]
        if article.topics:
            details.insert(0, f"主题：{'、'.join(article.topics)}")
        places = citations.of_instrument(legal.id, article.number)
        details.append(f"手册引用处：{'；'.join(places) if places else '未引用'}")
        w.paragraph("　".join(details), "Note")
    w.source(None)
