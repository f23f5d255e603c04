"""Trainee handout (学员讲义), one per course: cover, contents, objectives, schedule, modules, red lines, terms, law.

The trainer guide is the same book with the trainer's material switched on, so both are built here by
``build_course_book`` and ``docx_trainer_guide`` only chooses ``trainer=True``. Only the trainer guide says
where its material comes from (an appendix naming the source documents); the handout is for learners.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ..schema.findings import HandbookError
from ..schema.models.conduct import ConductRule, CounterExample
from ..schema.models.course import Course
from .base import Selection
from .docx_common import DocWriter
from .docx_plan import PlannedDocument
from .docx_render import (
    RenderState,
    collect_refs,
    record_refs,
    render_conduct_rule,
    render_counter_example,
    render_glossary,
    render_legal_citations,
    render_module,
    render_schedule,
    render_sources,
    terms_used,
    zh_date,
)

if TYPE_CHECKING:
    from ..schema.models.handbook import Handbook, Record

__all__ = ["KIND", "build_course_book", "plan", "selected_courses"]

KIND = "handout"
LABEL = "学员讲义"


def selected_courses(handbook: Handbook, selection: Selection) -> list[Record]:
    """The courses to export, in id order; an unknown id in ``--course`` is a usage error."""
    table = handbook.entries["course"]
    for course_id in selection.courses:
        if course_id not in table:
            raise HandbookError("export.unknown-course", "usage", course=course_id, available=", ".join(table) or "-")
    ids = selection.courses or tuple(table)
    return [table[i] for i in sorted(dict.fromkeys(ids))]


def plan(handbook: Handbook, selection: Selection) -> list[PlannedDocument]:
    return [
        PlannedDocument(f"{record.entry.id}-handout", functools.partial(build_course_book, handbook, record))
        for record in selected_courses(handbook, selection)
    ]


def build_course_book(handbook: Handbook, record: Record, *, trainer: bool = False) -> DocWriter:
    """The handout (or, with ``trainer``, the trainer guide) of one course."""
    course = record.entry
    assert isinstance(course, Course) and handbook.meta is not None
    meta = handbook.meta
    w = DocWriter(meta, course.title, "培训师手册" if trainer else LABEL)
    w.source(record)
    w.cover(
        [
            ("对象", course.audience),
            *([("总时长", f"{course.total_minutes} 分钟")] if isinstance(course.total_minutes, int) else []),
            ("手册", f"{meta.title}（版本 {meta.version}）"),
            ("生效日期", zh_date(meta.effective)),
            *([("编制", meta.organisation)] if meta.organisation else []),
        ]
    )
    w.contents()

    w.heading("课程目标", 1)
    if course.summary:
        w.paragraph(course.summary)
    w.numbered(course.objectives)
    w.heading("课程安排", 1)
    render_schedule(w, course)

    state = RenderState()
    for s_index, session in enumerate(course.sessions, start=1):
        w.source(record)
        prefix = f"第 {s_index} 课次：" if len(course.sessions) > 1 else "课程内容："
        w.heading(f"{prefix}{session.title}", 1)
        for m_index, module in enumerate(session.modules, start=1):
            render_module(w, handbook, module, f"{s_index}.{m_index}", state, trainer=trainer)

    w.source(record)
    if trainer and (course.assessment or course.follow_up):
        w.heading("教学评价", 1)
        if course.assessment:
            rows = [
                [a.method, a.description, f"{a.weight_percent}%" if a.weight_percent is not None else "—"]
                for a in course.assessment
            ]
            w.table(["方式", "说明", "权重"], rows, [1.5, 5, 1])
        w.titled_list("课后延伸", course.follow_up)

    refs = collect_refs(handbook, [course])
    w.heading("红线", 1)
    w.paragraph("以下行为规范适用于每一位催收人员，任何情况下不得突破。", "Note", keep_with_next=True)
    rules = sorted(handbook.records("conduct_rule"), key=_rule_order)
    for rule in rules:
        render_conduct_rule(w, handbook, rule, examples=trainer)
    if not rules:
        w.paragraph("手册中尚未收录行为规范。", "Note")
    if trainer:
        w.heading("错误示范", 1)
        w.paragraph(
            "以下做法来自真实材料，均为违法违规的反面教材，仅供培训识别使用，严禁模仿。", "Note", keep_with_next=True
        )
        examples = list(handbook.records("counter_example"))
        for example in examples:
            assert isinstance(example.entry, CounterExample)
            w.source(example)
            render_counter_example(w, handbook, example.entry)
        if not examples:
            w.paragraph("手册中尚未收录错误示范。", "Note")
        refs += [r for e in examples for r in record_refs(handbook, e)]
    refs += [r for rule in rules for r in record_refs(handbook, rule)]
    refs = list(dict.fromkeys(refs))

    w.source(None)
    w.heading("术语表", 1)
    render_glossary(w, terms_used(handbook, refs, "".join(w.text_seen)))
    w.heading("法律法规与行业规范", 1)
    render_legal_citations(w, handbook, refs)
    if trainer:
        w.heading("附录：资料来源", 1)
        w.paragraph(
            "本课程的内容整理自下列资料，并已按合规要求改写；原资料中的违规做法只作为错误示范出现。备课时可据此查阅原文。",
            "Note",
            keep_with_next=True,
        )
        render_sources(w, handbook, list(w.rendered.values()))
    return w


def _rule_order(record: Record) -> tuple[int, str]:
    rule = record.entry
    assert isinstance(rule, ConductRule)
    return (0 if rule.severity == "error" else 1, rule.id)
