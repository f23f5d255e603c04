"""Conduct lint: scripts, procedure steps and course modules against the conduct rules (红线).

The rules are data in ``handbook/conduct/`` (one file per rule: what is prohibited, legal basis, patterns,
examples); ``conduct_engine.py`` runs them. Each finding's rule id is ``conduct.<rule-id>`` and its
severity comes from the rule's data. Only collector and supervisor turns of a script are linted: a
debtor may say anything. Unlawful text is allowed only where labelled as a counter-example
(``【错误示范】…`` or a turn note saying 错误示范), and a labelled text or a ``counter-examples/`` entry
must itself trigger (one of) the rule(s) it illustrates, so labels cannot hide lawful text or stale rules. The
rules' own examples are checked too: each violating example must trigger its rule, each compliant one
none.

PASS::

    turns: [{speaker: collector, text: 我们不会联系您的家人，这件事只和您本人沟通。}]

FAIL::

    turns: [{speaker: collector, text: 我是法务部的，已经收到立案材料了。}]   # conduct.impersonation-authority
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..conduct_engine import ConductEngine, Hit
from ..findings import Finding, HandbookError, Location, Severity, define_messages
from ..models.common import VISIBLE_PATTERN
from ..models.walk import iter_texts
from .base import RuleInfo

if TYPE_CHECKING:
    from ..conduct_model import ConductModel
    from ..models.handbook import Handbook, RawRecord

#: the fixed rule ids shared by every helper (handbook/conduct/<id>.yaml)
CONDUCT_IDS = (
    "impersonation-authority",
    "fabricated-document",
    "false-legal-consequence",
    "threat-violence",
    "insult",
    "third-party-collection",
    "third-party-disclosure",
    "third-party-data",
    "contact-hours",
    "contact-frequency",
    "stalking-shaming",
    "unlawful-detention",
    "borrow-to-repay",
    "unlawful-demand",
    "identity-disclosure",
    "recording",
)

RULES = (
    *(RuleInfo(f"conduct.{i}", Severity.ERROR, f"违反红线 {i}", f"breaks conduct rule {i}") for i in CONDUCT_IDS),
    RuleInfo(
        "conduct.counter-example-silent",
        Severity.ERROR,
        "错误示范没有触发它所示范的红线",
        "a counter-example does not trigger the rule it illustrates",
    ),
    RuleInfo(
        "conduct.review-stale",
        Severity.WARNING,
        "红线复核记录已不对应任何误报",
        "a conduct review no longer matches a finding",
    ),
    RuleInfo(
        "conduct.example-missed", Severity.ERROR, "红线的违规示例未被识别", "a rule's violating example is missed"
    ),
    RuleInfo(
        "conduct.example-false-alarm", Severity.ERROR, "红线的合规示例被误报", "a rule's compliant example is flagged"
    ),
)

define_messages(
    {
        "conduct.violation": (
            "“{excerpt}”可能违反红线“{title}”（{rule}）：请改为合法表述；如为错误示范，请标注【错误示范】",
            "'{excerpt}' may break conduct rule '{title_en}' ({rule}): rephrase lawfully, or label it "
            "【错误示范】 if it is a counter-example",
        ),
        "conduct.review-stale": (
            "红线复核记录（{rule}：“{excerpt}”）已不对应任何误报：文本已改动或不再触发该红线，请删除这条记录",
            "conduct review ({rule}: '{excerpt}') matches no finding: the text changed or no longer triggers "
            "that rule; delete the review",
        ),
        "conduct.counter-example-silent": (
            "错误示范“{excerpt}”没有触发它所示范的红线 {rules}：请改写示范内容或补充该红线的识别模式",
            "counter-example '{excerpt}' does not trigger {rules}: rewrite it or extend that rule's patterns",
        ),
        "conduct.example-missed": (
            "红线“{rule}”的违规示例“{excerpt}”没有被该红线识别{others}",
            "violating example '{excerpt}' of rule '{rule}' is not flagged by that rule{others_en}",
        ),
        "conduct.violation-text": (
            "“{excerpt}”可能违反红线“{title}”（{rule}）",
            "'{excerpt}' may break conduct rule '{title_en}' ({rule})",
        ),
        "conduct.violation-model": (
            "“{excerpt}”可能违反红线“{title}”（{rule}；统计模型判断，把握 {confidence}）：请改为合法表述；"
            "如为错误示范，请标注【错误示范】",
            "'{excerpt}' may break conduct rule '{title_en}' ({rule}; statistical model, {confidence} sure): "
            "rephrase lawfully, or label it 【错误示范】 if it is a counter-example",
        ),
        "conduct.violation-text-model": (
            "“{excerpt}”可能违反红线“{title}”（{rule}；统计模型判断，把握 {confidence}）",
            "'{excerpt}' may break conduct rule '{title_en}' ({rule}; statistical model, {confidence} sure)",
        ),
        "conduct.model-unreadable": (
            "红线统计模型 {path} 无法读取（{reason}）：请重新安装，或在 meta.yaml 设 conduct_model: false、"
            "或用 --no-model",
            "the conduct model {path} cannot be read ({reason}): reinstall, or set conduct_model: false in "
            "meta.yaml, or pass --no-model",
        ),
        "lint.no-rules": (
            "{path} 中没有红线规则（conduct/）：请用 --handbook 指定手册目录",
            "no conduct rules (conduct/) under {path}: point --handbook at the handbook folder",
        ),
        "lint.rules-broken": (
            "红线规则有 {count} 处错误，首处 {path}：{message}。请先修正（handbook validate）再检查文本",
            "the conduct rules have {count} error(s), first at {path}: {message}. Fix them (handbook validate) "
            "before linting text",
        ),
        "lint.jobs": (
            "--jobs 须为正整数或 auto，而不是“{value}”",
            "--jobs must be a positive number or auto, not '{value}'",
        ),
        "lint.no-input": ("没有可读的标准输入", "standard input is closed or unreadable"),
        "lint.line-too-long": (
            "此行超过 {limit} KiB，只检查了前 {limit} KiB",
            "this line is longer than {limit} KiB; only the first {limit} KiB were checked",
        ),
        "conduct.example-false-alarm": (
            "红线“{rule}”的合规示例“{excerpt}”被误报为 {flagged}",
            "compliant example '{excerpt}' of rule '{rule}' is flagged as {flagged}",
        ),
    }
)

_SEVERITY = {"error": Severity.ERROR, "warning": Severity.WARNING}
_VISIBLE = re.compile(VISIBLE_PATTERN)
#: an inline counter-example label at the start of a text
_LABEL = re.compile(r"^\s*(?:【错误示范】|\[错误示范\]|错误示范[：:])\s*")
#: speakers whose words are the collector side's and therefore linted
_LINTED_SPEAKERS = frozenset({"collector", "supervisor"})


def engine_for(handbook: Handbook, *, model: bool | None = None) -> ConductEngine:
    """Compile the handbook's conduct rules with its contact window (once per run).

    ``model`` overrides ``meta.conduct_model`` (whether the shipped statistical model is a second opinion).
    """
    meta = handbook.meta
    window = meta.contact_window if meta is not None else "08:00-22:00"
    use_model = model if model is not None else (meta.conduct_model if meta is not None else True)
    second = load_shipped_model() if use_model else None
    return ConductEngine((r.entry for r in handbook.records("conduct_rule")), window, second)  # type: ignore[misc]


def load_shipped_model() -> ConductModel:
    """The shipped statistical model; a plain located error (not a traceback) when it cannot be read."""
    from .. import conduct_model

    try:
        return conduct_model.load_model()
    except (OSError, ValueError, KeyError, IndexError, UnicodeDecodeError) as exc:
        where = str(conduct_model.MODEL_PATH)
        raise HandbookError("conduct.model-unreadable", "io", path=where, reason=type(exc).__name__) from exc


def excerpt(text: str, hit: Hit | None = None, width: int = 40) -> str:
    """The part of ``text`` around a hit, short enough for one message line."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    if hit is None:
        return flat[: width - 1] + "…"
    lo = max(0, min(hit.start - 8, len(text) - width))
    part = " ".join(text[lo : lo + width].split())
    return ("…" if lo else "") + part + ("…" if lo + width < len(text) else "")


def check(handbook: Handbook) -> Iterator[Finding]:
    engine = engine_for(handbook)
    rules: dict[str, Any] = {r.entry.id: r.entry for r in handbook.records("conduct_rule")}
    # entries that failed their model too: an unknown key must not hide an unlawful topic in the same file
    for record in handbook.raw_records():
        if not isinstance(record.raw, dict):
            continue
        reviews = _reviews(record.raw)
        used: set[int] = set()
        if record.kind in ("script", "procedure", "course"):
            for path, text, register in _lintable(record):
                yield from _lint(engine, rules, record, path, text, register, reviews, used)
        for index, (text, rule) in enumerate(reviews):
            if index not in used and rule:
                where = record.loc("conduct_reviewed", index)
                params = {"rule": f"conduct:{rule}", "excerpt": excerpt(text)}
                yield Finding("conduct.review-stale", Severity.WARNING, where, "conduct.review-stale", params)
    yield from _counter_examples(engine, handbook)
    yield from _rule_examples(engine, handbook)


#: per kind, the fields that hold what a collector says or does (linted); provenance (``sources``),
#: trainer notes, lists of prohibitions (``donts``) and evidence rationales describe conduct, they do
#: not prescribe it, and quoting a forbidden act there is how the handbook teaches it
_SCRIPT_FIELDS = ("scenario", "goal", "dos")
_STAGE_FIELDS = ("goal", "contacts")
_STEP_FIELDS = ("action", "timing")
_MODULE_FIELDS = ("objectives", "topics", "activities", "timing_cue")


def _lintable(record: RawRecord) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Each linted text with its path and register: a turn is ``spoken``, every other field ``instruction``
    (what staff are told to do); the engine still recognises a rule statement inside a topic."""
    for path, text in _descriptive(record):
        yield path, text, "instruction"
    if record.kind == "script":
        for i, turn in enumerate(_dicts(record.raw.get("turns"))):
            if turn.get("speaker") in _LINTED_SPEAKERS and isinstance(turn.get("text"), str):
                # a note saying 错误示范 labels the turn's text
                note = turn.get("note")
                note = note if isinstance(note, str) else ""
                text = turn["text"]
                yield ("turns", i, "text"), (f"【错误示范】{text}" if "错误示范" in note else text), "spoken"


def _reviews(raw: dict[str, Any]) -> list[tuple[str, str]]:
    """(text, rule id) of each ``conduct_reviewed`` entry as written; ``""`` where one is malformed (its
    model reports that, and a review without a reason silences nothing), so indexes stay those of the file."""
    out: list[tuple[str, str]] = []
    for item in _dicts(raw.get("conduct_reviewed")):
        text, ref, reason = item.get("text"), item.get("rule"), item.get("reason")
        if isinstance(text, str) and isinstance(ref, str) and ref.startswith("conduct:") and _visible(reason):
            out.append((text, ref.partition(":")[2]))
        else:
            out.append(("", ""))
    return out


def _visible(value: Any) -> bool:
    return isinstance(value, str) and _VISIBLE.search(value) is not None


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    """The mappings of a list as written (an entry that failed its model may hold anything there)."""
    if isinstance(value, list):
        for item in value:
            yield item if isinstance(item, dict) else {}


def _descriptive(record: RawRecord) -> Iterator[tuple[tuple[str | int, ...], str]]:
    raw = record.raw
    if record.kind == "script":
        for key in _SCRIPT_FIELDS:
            if key in raw:
                yield from iter_texts(raw[key], (key,))
    elif record.kind == "course":
        for si, session in enumerate(_dicts(raw.get("sessions"))):
            for mi, module in enumerate(_dicts(session.get("modules"))):
                for key in _MODULE_FIELDS:
                    if key in module:
                        yield from iter_texts(module[key], ("sessions", si, "modules", mi, key))
    else:
        for si, stage in enumerate(_dicts(raw.get("stages"))):
            for key in _STAGE_FIELDS:
                if key in stage:
                    yield from iter_texts(stage[key], ("stages", si, key))
            for ti, step in enumerate(_dicts(stage.get("steps"))):
                for key in _STEP_FIELDS:
                    if key in step:
                        yield from iter_texts(step[key], ("stages", si, "steps", ti, key))


def _lint(
    engine: ConductEngine,
    rules: dict[str, Any],
    record: RawRecord,
    path: tuple[str | int, ...],
    text: str,
    register: str,
    reviews: list[tuple[str, str]],
    used: set[int],
) -> Iterator[Finding]:
    label = _LABEL.match(text)
    if label is not None:
        body = text[label.end() :]
        if not engine.scan(body, register):
            where = record.loc(*path)
            yield Finding(
                "conduct.counter-example-silent",
                Severity.ERROR,
                where,
                "conduct.counter-example-silent",
                {"excerpt": excerpt(body), "rules": "（任一红线）/ any rule"},
            )
        return
    for hit in engine.scan(text, register):
        reviewed = [i for i, review in enumerate(reviews) if review == (text, hit.rule)]
        if reviewed:
            used.update(reviewed)  # a reviewer judged this finding a false alarm (conduct_reviewed)
            continue
        yield violation(hit, text, record.loc(*path), rules.get(hit.rule))


def violation(hit: Hit, text: str, where: Location, rule: Any, key: str = "conduct.violation") -> Finding:
    """The finding for one hit; the severity is the rule's own (data, not code).

    A hit from the model says so, with its confidence, so a reviewer knows no pattern matched.
    """
    title = rule.title if rule is not None else hit.rule
    title_en = (rule.title_en or rule.title) if rule is not None else hit.rule
    params = {"excerpt": excerpt(text, hit), "title": title, "title_en": title_en, "rule": hit.rule}
    if hit.from_model:
        key += "-model"
        # floor, so a near-certain verdict reads 99 %, never a 100 % no statistical model can claim
        params["confidence"] = f"{min(99, math.floor((hit.confidence or 0.0) * 100))}%"
    return Finding(f"conduct.{hit.rule}", _SEVERITY[hit.severity], where, key, params)


def _counter_examples(engine: ConductEngine, handbook: Handbook) -> Iterator[Finding]:
    linted = set(engine.rule_ids())
    for record in handbook.records("counter_example"):
        entry: Any = record.entry
        # a technique is told as staff practice or as an account of it: let the engine read which
        found = {h.rule for h in engine.scan(entry.technique)}
        # a technique usually breaks several rules; the lint must recognise it as at least one of them
        # (a silent counter-example would mean a label hides lawful text, or every rule it cites went stale)
        listed = [ref.partition(":")[2].partition("#")[0] for ref in entry.breaks if ref.partition(":")[0] == "conduct"]
        wanted = [ident for ident in listed if ident in linted]
        if wanted and not found.intersection(wanted):
            yield Finding(
                "conduct.counter-example-silent",
                Severity.ERROR,
                record.loc("breaks"),
                "conduct.counter-example-silent",
                {"excerpt": excerpt(entry.technique), "rules": ", ".join(f"conduct:{i}" for i in wanted)},
            )


def _rule_examples(engine: ConductEngine, handbook: Handbook) -> Iterator[Finding]:
    linted = set(engine.rule_ids())
    for record in handbook.records("conduct_rule"):
        rule: Any = record.entry
        for i, sentence in enumerate(rule.examples.violating):
            rules = _rules_of(engine.scan(sentence, "spoken"))
            if rule.id in linted and rule.id not in rules:
                others = ", ".join(sorted(rules))
                yield Finding(
                    "conduct.example-missed",
                    Severity.ERROR,
                    record.loc("examples", "violating", i),
                    "conduct.example-missed",
                    {
                        "rule": rule.id,
                        "excerpt": excerpt(sentence),
                        "others": f"（只被 {others} 识别）" if others else "",
                        "others_en": f" (only by {others})" if others else "",
                    },
                )
        for i, sentence in enumerate(rule.examples.compliant):
            rules = _rules_of(engine.scan(sentence, "spoken"))
            if rules:
                yield Finding(
                    "conduct.example-false-alarm",
                    Severity.ERROR,
                    record.loc("examples", "compliant", i),
                    "conduct.example-false-alarm",
                    {"rule": rule.id, "excerpt": excerpt(sentence), "flagged": ", ".join(sorted(rules))},
                )


def _rules_of(hits: Iterable[Hit]) -> set[str]:
    return {h.rule for h in hits}
