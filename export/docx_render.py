"""How each kind of handbook entry looks in a Word document: ``render_<kind>`` functions over a ``DocWriter``.

The document builders decide *which* entries go into which file; these functions decide *how* a course
schedule, a procedure, a script, a red line or a legal instrument is set. Every optional field may be
absent and every list may be empty; a reference to a missing entry is skipped, never a crash.

What is written for authors never reaches a page: ``author_notes``, ``sources`` (the trainer guide's
appendix names the source documents instead), the notes explaining a module's or course's minutes, and
confidence codes (a reader sees "条号待核实" where it matters, nothing where a fact is verified).
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..schema.models import KIND_BY_PREFIX, KINDS
from ..schema.models.conduct import ConductRule, CounterExample
from ..schema.models.course import Activity, Course, Module
from ..schema.models.glossary import Term
from ..schema.models.legal import Legal
from ..schema.models.procedure import DayWindow, Procedure, Stage
from ..schema.models.script import Script

if TYPE_CHECKING:
    from ..schema.models.handbook import Handbook, Record
    from .docx_common import DocWriter

__all__ = [
    "MINUTES_BY_TRAINER",
    "Citations",
    "collect_refs",
    "days_text",
    "minutes_suffix",
    "record_refs",
    "render_conduct_rule",
    "render_counter_example",
    "render_glossary",
    "render_legal_citations",
    "render_module",
    "render_procedure",
    "render_schedule",
    "render_script",
    "render_sources",
    "render_stage_table",
    "source_title",
    "zh_date",
]

#: what a printed schedule says where the course gives no minutes
MINUTES_BY_TRAINER = "时长由讲师安排"
SPEAKER_ZH = {
    "collector": "催收员",
    "debtor": "借款人",
    "third_party": "第三方",
    "guarantor": "担保人",
    "supervisor": "主管",
}
CHANNEL_ZH = {
    "phone": "电话",
    "sms": "短信",
    "letter": "信函",
    "email": "电子邮件",
    "app": "应用内消息",
    "visit": "上门",
    "lawyer": "律师函",
    "court": "法院",
    "internal": "内部流转",
}
ACTIVITY_ZH = {
    "role_play": "情景演练",
    "case_study": "案例分析",
    "discussion": "讨论",
    "exercise": "练习",
    "demo": "示范",
    "quiz": "测验",
    "homework": "课后作业",
}
MODULE_KIND_ZH = {"lecture": "讲授", "practice": "练习", "break": "休息", "discussion": "讨论", "assessment": "考核"}
STATUS_ZH = {
    "in_force": "现行有效",
    "amended": "已修正",
    "repealed": "已废止",
    "superseded": "已被替代",
    "not_yet_effective": "尚未施行",
}
INSTRUMENT_ZH = {
    "law": "法律",
    "judicial_interpretation": "司法解释",
    "judicial_policy": "司法政策文件",
    "administrative_regulation": "行政法规",
    "departmental_rule": "部门规章",
    "normative_document": "规范性文件",
    "national_standard": "国家标准",
    "self_regulation": "行业自律规范",
    "foreign": "境外规范",
}
#: instrument kinds that are law (statutes, interpretations, regulations, rules, regulators' documents);
#: national standards, self-regulation and foreign texts are set apart as 标准与行业规范
LAW_KINDS = frozenset(
    {
        "law",
        "judicial_interpretation",
        "judicial_policy",
        "administrative_regulation",
        "departmental_rule",
        "normative_document",
    }
)
#: fields of the models that hold references (``kind:id[#anchor]``)
REF_FIELDS = frozenset({"refs", "basis", "breaks", "stage", "superseded_by", "to"})


# --- small formatters ----------------------------------------------------------------------------------


def zh_date(value: dt.date) -> str:
    """2026 年 12 月 1 日: how dates are written on covers and cards."""
    return f"{value.year} 年 {value.month} 月 {value.day} 日"


def minutes_suffix(minutes: int | str) -> str:
    """``（20 分钟）`` after a module title, nothing when the course gives no minutes."""
    return f"（{minutes} 分钟）" if isinstance(minutes, int) else ""


def activity_title(activity: Activity) -> str:
    """``情景演练：title``, without repeating the kind when the title already starts with it."""
    kind = ACTIVITY_ZH[activity.kind]
    return activity.title if activity.title.startswith(kind) else f"{kind}：{activity.title}"


def days_text(days: DayWindow | None) -> str:
    """A day window in words: 到期前 3 天至到期日, 逾期 1—5 天, 逾期 91 天起."""
    if days is None:
        return "不按逾期天数划分"
    start, end = days.from_, days.to

    def point(n: int) -> str:
        if n < 0:
            return f"到期前 {-n} 天"
        return "到期日" if n == 0 else f"逾期 {n} 天"

    if end is None:
        return f"{point(start)}起"
    if start == end:
        return point(start)
    if start > 0:
        return f"逾期 {start}—{end} 天"
    return f"{point(start)}至{point(end)}"


def _join(items: Iterable[str], sep: str = "、") -> str:
    return sep.join(i for i in items if i)


def iter_refs(model: BaseModel) -> Iterator[str]:
    """Every reference string held anywhere in ``model`` (its ``refs``, ``basis``, ``breaks`` … fields)."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, BaseModel):
                yield from iter_refs(item)
            elif name in REF_FIELDS and isinstance(item, str):
                yield item


def collect_refs(handbook: Handbook, roots: Iterable[BaseModel], depth: int = 4) -> list[str]:
    """References reachable from ``roots`` (following referenced entries ``depth`` levels), first-seen order."""
    seen: dict[str, None] = {}
    frontier = list(roots)
    visited: set[int] = set()
    for _ in range(depth):
        following: list[BaseModel] = []
        for model in frontier:
            if id(model) in visited:
                continue
            visited.add(id(model))
            for ref in iter_refs(model):
                if ref in seen:
                    continue
                seen[ref] = None
                record = handbook.resolve(ref)
                if record is not None and not isinstance(record.entry, Legal):
                    following.append(record.entry)
        frontier = following
    return list(seen)


#: id(handbook) -> (the handbook, weakly; its entries' references by ``kind:id``)
_RECORD_REFS: dict[int, tuple[weakref.ref[Handbook], dict[str, list[str]]]] = {}


def record_refs(handbook: Handbook, record: Record) -> list[str]:
    """``collect_refs`` of one entry, computed once per handbook: every course book asks for each red line's."""
    held = _RECORD_REFS.get(id(handbook))
    if held is None or held[0]() is not handbook:
        held = _RECORD_REFS[id(handbook)] = (weakref.ref(handbook), {})
    cache = held[1]
    key = f"{record.kind}:{record.entry.id}"
    if key not in cache:
        cache[key] = collect_refs(handbook, [record.entry])
    return cache[key]


def entries_of(handbook: Handbook, refs: Iterable[str], kind: str) -> list[Record]:
    """Resolvable entries of one kind among ``refs``, once each, in order; missing ones are skipped."""
    out: dict[str, Record] = {}
    for ref in refs:
        if not ref.startswith(f"{KINDS[kind].prefix}:"):
            continue
        record = handbook.resolve(ref)
        if record is not None and record.kind == kind:
            out.setdefault(record.entry.id, record)
    return list(out.values())


def _stage_title(handbook: Handbook, ref: str) -> str:
    """The title of the stage ``procedure:ID#STAGE`` names, or the reference itself when it does not resolve."""
    record = handbook.resolve(ref)
    anchor = ref.partition("#")[2]
    if record is not None and isinstance(record.entry, Procedure):
        for stage in record.entry.stages:
            if stage.id == anchor:
                return stage.title
        return record.entry.title
    return ref


def _title_of(handbook: Handbook, ref: str) -> str | None:
    record = handbook.resolve(ref)
    return record.entry.title if record is not None else None


# --- course ----------------------------------------------------------------------------------------------


def render_schedule(w: DocWriter, course: Course) -> None:
    """The schedule table: session, module, minutes, activity; the header row repeats on each page.

    Printed the way a training schedule is: minutes where the course gives them, a blank cell and one line
    under the table ("时长由讲师安排") where it does not, and no minutes column (and no total) when it gives
    none at all.
    """
    modules = [(session, module) for session in course.sessions for module in session.modules]
    timed = any(isinstance(m.minutes, int) for _, m in modules)
    untimed = any(not isinstance(m.minutes, int) for _, m in modules)
    rows: list[list[str]] = []
    for session, module in modules:
        activities = _join((activity_title(a) for a in module.activities), "\n") or MODULE_KIND_ZH[module.kind]
        minutes = [str(module.minutes) if isinstance(module.minutes, int) else ""] if timed else []
        rows.append([session.title, module.title, *minutes, activities])
    if timed and isinstance(course.total_minutes, int):
        rows.append(["合计", "", str(course.total_minutes), ""])
    if timed:
        w.table(["课次", "模块", "时长（分钟）", "活动"], rows, [2.2, 4.0, 2.0, 4.5])
        if untimed:
            w.paragraph(f"未写时长的模块，{MINUTES_BY_TRAINER}。", "Note")
    else:
        w.table(["课次", "模块", "活动"], rows, [2.2, 5.0, 5.5])
        w.paragraph(f"各模块{MINUTES_BY_TRAINER}。", "Note")


@dataclass
class RenderState:
    """What one document has already set out, so a procedure or script referenced twice appears once."""

    rendered: dict[str, str] = field(default_factory=dict)


def render_module(
    w: DocWriter, handbook: Handbook, module: Module, number: str, state: RenderState, *, trainer: bool
) -> None:
    """A module: heading with minutes, objectives, topics, activities, then the entries it references."""
    w.heading(f"{number} {module.title}{minutes_suffix(module.minutes)}", 2)
    if trainer and not isinstance(module.minutes, int):
        w.paragraph(f"{MINUTES_BY_TRAINER}。", "Note")
    if trainer and module.timing_cue:
        w.labelled("时间提示", module.timing_cue)
    w.titled_list("学习目标", module.objectives, numbered=True)
    w.titled_list("要点", module.topics)
    for activity in module.activities:
        w.paragraph(activity_title(activity), bold=True)
        if activity.roles:
            w.labelled("角色", _join(activity.roles))
        if activity.questions and trainer:
            w.paragraph("讨论问题：")
            w.numbered(activity.questions)
        elif activity.questions:
            w.paragraph("思考：")
            w.bullets(activity.questions)
        if trainer and activity.instructions:
            w.paragraph("组织步骤：")
            w.numbered(activity.instructions)
    for ref in module.refs:
        _render_ref(w, handbook, ref, number, state, trainer=trainer)


def _render_ref(w: DocWriter, handbook: Handbook, ref: str, where: str, state: RenderState, *, trainer: bool) -> None:
    record = handbook.resolve(ref)
    if record is None:
        return
    key = f"{record.kind}:{record.entry.id}"
    entry = record.entry
    if isinstance(entry, Procedure | Script):
        if key in state.rendered:
            w.paragraph(f"参见 {state.rendered[key]} 中的“{entry.title}”。", "Note")
            return
        state.rendered[key] = where
        w.source(record)
        if isinstance(entry, Procedure):
            render_procedure(w, handbook, entry, 3)
        else:
            render_script(w, handbook, entry, 3)
        w.source(None)
    elif isinstance(entry, ConductRule):
        w.labelled("本模块涉及红线", f"{entry.title}（详见“红线”一章）", "Note")
    elif isinstance(entry, CounterExample):
        if trainer:
            w.labelled("错误示范", f"{entry.title}（详见“错误示范”一章）", "Note")
    elif isinstance(entry, Term | Legal):
        return  # collected into the glossary and the legal references at the end
    else:
        _render_profile(w, record)


def _render_profile(w: DocWriter, record: Record) -> None:
    """Customer types, causes, risk grades, KPIs, roles, team practice: title and their key lists."""
    entry: Any = record.entry
    w.source(record)
    w.heading(f"{KINDS[record.kind].zh}：{entry.title}", 3)
    for attr, label in (("description", "说明"), ("formula", "公式"), ("meaning", "含义"), ("category", "类别")):
        value = getattr(entry, attr, None)
        if isinstance(value, str):
            w.labelled(label, value)
    for attr, label in (
        ("voice", "语音特征"),
        ("behaviour", "行为特征"),
        ("signals", "识别信号"),
        ("criteria", "判定标准"),
        ("strategy", "应对策略"),
        ("actions", "处置"),
        ("duties", "职责"),
        ("caveats", "注意"),
    ):
        value = getattr(entry, attr, None)
        if value:
            w.paragraph(label, bold=True)
            w.bullets(value)
    for section in getattr(entry, "sections", []) or []:
        w.paragraph(section.title, bold=True)
        w.bullets(section.points)
    w.source(None)


# --- procedure and script --------------------------------------------------------------------------------


def render_procedure(w: DocWriter, handbook: Handbook, procedure: Procedure, level: int) -> None:
    """A procedure as prose: summary, principles, then each stage with its steps, evidence and escalation."""
    w.heading(f"流程：{procedure.title}", level)
    w.paragraph(procedure.summary)
    w.titled_list("原则", procedure.principles)
    for stage in procedure.stages:
        _render_stage(w, handbook, stage)


def _render_stage(w: DocWriter, handbook: Handbook, stage: Stage) -> None:
    days = days_text(stage.days)
    w.paragraph(f"阶段：{stage.title}" + ("" if "天" in stage.title else f"（{days}）"), bold=True)
    w.labelled("目标", stage.goal)
    w.labelled("渠道", _join(CHANNEL_ZH[c] for c in stage.channels))
    if stage.contacts:
        w.labelled("可联系对象", _join(stage.contacts))
    steps = []
    for step in stage.steps:
        extra = _join([CHANNEL_ZH[step.channel] if step.channel else "", step.timing or ""], "，")
        steps.append(f"{step.actor}：{step.action}" + (f"（{extra}）" if extra else ""))
    if steps:
        w.paragraph("步骤：")
        w.numbered(steps)
    evidence = [f"{e.item}：{e.why}" for e in stage.evidence]
    evidence += [e for step in stage.steps for e in step.evidence if all(e != x.item for x in stage.evidence)]
    if evidence:
        w.paragraph("留存证据：")
        w.bullets(dict.fromkeys(evidence))
    for escalation in stage.escalation:
        w.labelled("升级", f"{escalation.condition} → {_stage_title(handbook, escalation.to)}")


def render_script(w: DocWriter, handbook: Handbook, script: Script, level: int) -> None:
    """A script as dialogue: scenario, goal, turns (speaker in bold, indented), dos and don'ts."""
    w.heading(f"话术：{script.title}", level)
    w.labelled("场景", script.scenario)
    if script.stage:
        w.labelled("适用阶段", _stage_title(handbook, script.stage))
    if script.goal:
        w.labelled("目标", script.goal)
    w.dialogue((SPEAKER_ZH[t.speaker], t.text, t.note) for t in script.turns)
    w.titled_list("应当", script.dos)
    w.titled_list("不得", script.donts)


# --- conduct ---------------------------------------------------------------------------------------------


def _basis_text(handbook: Handbook, refs: Sequence[str]) -> str:
    return _join((citation_label(handbook, r) or "" for r in refs), "；")


def render_conduct_rule(w: DocWriter, handbook: Handbook, record: Record, *, examples: bool = False) -> None:
    """A red line in a red box: what is prohibited or required, its legal basis, optionally examples."""
    rule = record.entry
    assert isinstance(rule, ConductRule)
    w.source(record)
    mark = "红线" if rule.kind == "prohibited" else "必须做到"
    lines: list[tuple[str, str]] = [("", rule.description)]
    basis = _basis_text(handbook, rule.basis)
    if basis:
        lines.append(("依据", basis))
    if rule.basis_note:
        lines.append(("说明", rule.basis_note))
    if examples:
        lines += [("违规示例", e) for e in rule.examples.violating]
        lines += [("合规示例", e) for e in rule.examples.compliant]
    w.box(f"{mark}｜{rule.title}", lines)
    w.source(None)


def render_counter_example(w: DocWriter, handbook: Handbook, example: CounterExample) -> None:
    """A counter-example, clearly marked 错误示范, with the rule it breaks and the lawful alternative."""
    broken = _join((_title_of(handbook, r) or "" for r in example.breaks), "；")
    lines: list[tuple[str, str]] = [("错误做法", example.technique)]
    if broken:
        lines.append(("违反的红线", broken))
    basis = _basis_text(handbook, example.basis)
    if basis:
        lines.append(("依据", basis))
    lines += [("为何违规", example.why), ("合规做法", example.lawful_alternative)]
    w.box(f"错误示范｜{example.title}", lines, color="7F3F00", fill="FFF4E5")


# --- glossary and legal ---------------------------------------------------------------------------------


def terms_used(handbook: Handbook, refs: Iterable[str], text: str) -> list[Term]:
    """Glossary terms the document references, or whose term or alias appears in its text; by term."""
    wanted = {r.entry.id for r in entries_of(handbook, refs, "glossary")}
    out: list[Term] = []
    for record in handbook.records("glossary"):
        term = record.entry
        assert isinstance(term, Term)
        if term.id in wanted or any(name in text for name in (term.title, *term.aliases)):
            out.append(term)
    return sorted(out, key=lambda t: t.title)


def render_glossary(w: DocWriter, terms: Sequence[Term]) -> None:
    if not terms:
        w.paragraph("本文档未使用手册术语表中的术语。", "Note")
        return
    rows = []
    for term in terms:
        name = term.title + (f"\n（又称：{_join(term.aliases)}）" if term.aliases else "")
        rows.append([name, term.definition])
    w.table(["术语", "释义"], rows, [1, 3.2], bold_first_column=True)


def citation_label(handbook: Handbook, ref: str) -> str | None:
    """``民法典第一百八十八条`` for ``legal:civil-code#188``; None when the instrument is missing."""
    record = handbook.resolve(ref)
    if record is None or not isinstance(record.entry, Legal):
        return None
    legal = record.entry
    anchor = ref.partition("#")[2]
    article = next((a for a in legal.articles if a.number == anchor), None)
    label = legal.short_title + (article.label if article else (f"第{anchor}条" if anchor else ""))
    if legal.status not in ("in_force", "amended"):
        successor = _title_of(handbook, legal.superseded_by) if legal.superseded_by else None
        label += f"（{STATUS_ZH[legal.status]}" + (f"，现依{successor}）" if successor else "）")
    return label


@dataclass
class Citations:
    """Where the handbook cites each instrument and article: ``legal:ID[#N]`` -> places (in order)."""

    places: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, handbook: Handbook) -> Citations:
        citations = cls()
        for record in handbook.records():
            if record.kind == "legal":
                continue
            place = f"{KINDS[record.kind].zh}“{record.entry.title}”"
            for ref in iter_refs(record.entry):
                if ref.startswith("legal:"):
                    places = citations.places.setdefault(ref, [])
                    if place not in places:
                        places.append(place)
        return citations

    def of_instrument(self, legal_id: str, anchor: str = "") -> list[str]:
        key = f"legal:{legal_id}" + (f"#{anchor}" if anchor else "")
        return self.places.get(key, [])


def render_legal_citations(w: DocWriter, handbook: Handbook, refs: Sequence[str]) -> None:
    """What a document cites: law first, then standards and self-regulation (which are not law), one bullet
    per article with its summary, and the handbook's reading of it apart, labelled 适用说明."""
    groups: dict[bool, list[tuple[str, str | None]]] = {True: [], False: []}
    for record in entries_of(handbook, refs, "legal"):
        legal = record.entry
        assert isinstance(legal, Legal)
        anchors = [r.partition("#")[2] for r in refs if r.startswith(f"legal:{legal.id}")]
        for anchor in dict.fromkeys(a for a in anchors):
            label = citation_label(handbook, f"legal:{legal.id}" + (f"#{anchor}" if anchor else ""))
            article = next((a for a in legal.articles if a.number == anchor), None)
            if article is not None:
                pending = "（条号待核实）" if article.confidence == "MEM" else ""
                item = (f"{label}{pending}：{article.summary}", article.commentary)
            else:
                item = (label or legal.title, None)
            groups[legal.kind in LAW_KINDS].append(item)
    for is_law, items in groups.items():
        if not items:
            continue
        if groups[not is_law]:
            w.paragraph("法律法规" if is_law else "标准与行业规范（不是法律，机构自愿遵守或参照）", bold=True)
        for text, commentary in items:
            w.bullets([text])
            if commentary:
                w.labelled("适用说明", commentary, "Note")
    if not groups[True] and not groups[False]:
        w.paragraph("本文档未引用法律法规或行业规范。", "Note")


#: how the trainer guide names a source that is not one of the seed documents
_OTHER_SOURCES = {
    "house": "本机构编写",
    "reference/legal-facts.md": "法律法规核对资料",
    "reference/conduct-rules.md": "催收行为规范核对资料",
}


def source_title(handbook: Handbook, seed: str) -> str:
    """``《催收执行力培训》`` for a seed document (its title from sources.yaml), or what a house source is."""
    if seed in _OTHER_SOURCES:
        return _OTHER_SOURCES[seed]
    if seed.startswith("reference/"):
        return "核对资料"
    titles = {s.seed: s.title for s in handbook.coverage.seeds} if handbook.coverage is not None else {}
    return f"《{titles[seed]}》" if seed in titles else f"来源资料 {seed}"


def render_sources(w: DocWriter, handbook: Handbook, records: Sequence[Record]) -> None:
    """The trainer guide's appendix: where each course, procedure, script or red line in it comes from."""
    rows = []
    for record in records:
        places = [f"{source_title(handbook, s.seed)}：{s.section}" for s in record.entry.sources]
        rows.append([f"{KINDS[record.kind].zh}“{record.entry.title}”", "\n".join(dict.fromkeys(places))])
    if rows:
        w.table(["内容", "来源"], rows, [2.2, 4.8])


def render_stage_table(w: DocWriter, handbook: Handbook, procedure: Procedure, *, compact: bool = False) -> None:
    """One row per stage with days, goal, channels, contacts, evidence, escalation.

    ``compact`` (the quick card) keeps the stage's own evidence and only the escalation target, so the
    whole card fits on one or two pages; the handout shows step evidence and conditions too.
    """
    rows = []
    for stage in procedure.stages:
        evidence = [e.item for e in stage.evidence]
        if not compact:
            evidence += [e for s in stage.steps for e in s.evidence]
        if compact:
            escalation = [f"→ {_stage_title(handbook, e.to)}" for e in stage.escalation]
        else:
            escalation = [f"{e.condition} → {_stage_title(handbook, e.to)}" for e in stage.escalation]
        rows.append(
            [
                stage.title if "天" in stage.title else f"{stage.title}\n{days_text(stage.days)}",
                stage.goal,
                _join(CHANNEL_ZH[c] for c in stage.channels),
                # contacts keep their qualifiers (仅在无法联系本人时…): they are the compliance rule itself
                _join(stage.contacts, "\n") or "—",
                _join(dict.fromkeys(_brief(e) if compact else e for e in evidence), "\n"),
                _join(dict.fromkeys(escalation), "\n") or "—",
            ]
        )
    widths = [1.6, 2.6, 1.4, 4.6, 2.6, 1.4] if compact else [2.3, 2.8, 1.3, 2.0, 2.2, 2.6]
    w.table(["阶段 / 逾期天数", "目标", "渠道", "可联系对象", "留存证据", "升级"], rows, widths)


_PARENTHESES = re.compile(r"（[^（）]*）|\([^()]*\)")


def _brief(text: str) -> str:
    """The text without its parenthesised remarks: the quick card names things, the handout explains."""
    return _PARENTHESES.sub("", text).strip() or text


def kind_zh(prefix: str) -> str:
    spec = KIND_BY_PREFIX.get(prefix)
    return spec.zh if spec else prefix
