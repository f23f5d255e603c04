"""The conduct-lint engine: compile the conduct rules' patterns once, then scan utterances quickly.

Rules are data (``handbook/conduct/*.yaml``, model in ``models/conduct.py``). A pattern fires in one
clause (or sentence) when every keyword group matches, within ``within`` characters if given, with no
lawful-context exclusion (``none``) and no negator governing a group's match ("不会联系您的家人").
Contact-hour patterns also need a clock time outside ``meta.contact_window`` ("今晚十一点再打给你").

A statistical second opinion (``conduct_model.py``) may be attached: it is asked only when no pattern
fires, and it names the likeliest rule among the handbook's own. A pattern hit the model is near certain
is lawful (below ``veto``) is dropped, except clock-time hits, which rest on a fact the model cannot
read (the configured window), and hits of rules the model was not trained on.

Speed: each rule has one gate regex (the union of its patterns' first groups); a text that passes no gate
costs one search per rule, and results are memoised per distinct text, because handbooks repeat lines.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .models.conduct import DEFAULT_BREAKERS, DEFAULT_NEGATORS, ConductRule, Pattern

if TYPE_CHECKING:
    from .conduct_model import ConductModel

__all__ = ["ConductEngine", "Hit", "clock_times", "parse_window"]

_CLAUSE = re.compile(r"[^，,。！!？?；;：\n]+")
_SENTENCE = re.compile(r"[^。！!？?；;\n]+")
#: the pattern id of a hit that came from the model, not from a pattern
MODEL_PATTERN = "model"
#: a pattern hit stands unless the model puts the line's chance of breaking any rule below this
MODEL_VETO = 1e-6
#: how far back (characters) a negator reaches
_NEGATION_REACH = 16


@dataclass(frozen=True)
class Hit:
    """One rule firing on one utterance: where (0-based character offsets) and which pattern."""

    rule: str
    severity: str
    pattern: str
    start: int
    end: int
    #: the model's probability that the line breaks some rule, for a hit from the model
    confidence: float | None = None

    @property
    def from_model(self) -> bool:
        return self.pattern == MODEL_PATTERN


@dataclass(frozen=True)
class _Compiled:
    rule: str
    severity: str
    pattern: str
    groups: tuple[re.Pattern[str], ...]
    negate: frozenset[int]
    none: re.Pattern[str] | None
    within: int | None
    scope: str
    clock: bool


@dataclass(frozen=True)
class _Rule:
    id: str
    severity: str
    gate: re.Pattern[str] | None
    exceptions: re.Pattern[str] | None
    negator: re.Pattern[str]
    patterns: tuple[_Compiled, ...]


def _union(alternatives: Iterable[str]) -> re.Pattern[str] | None:
    alts = list(alternatives)
    return re.compile("|".join(f"(?:{a})" for a in alts)) if alts else None


class ConductEngine:
    """Compiled conduct rules; ``scan(text)`` returns the rules an utterance breaks."""

    def __init__(
        self,
        rules: Iterable[ConductRule],
        contact_window: str = "08:00-22:00",
        model: ConductModel | None = None,
    ) -> None:
        self.window = parse_window(contact_window)
        self.model = model
        rules = list(rules)
        #: rule id → severity, for the rules the model may name (all the handbook's rules, patterns or not)
        self._severity = {r.id: r.severity for r in rules}
        self._known = frozenset(model.classes) if model is not None else frozenset()
        self.breaker = re.compile("|".join(DEFAULT_BREAKERS))
        compiled = []
        for rule in rules:
            if not rule.patterns:
                continue
            negator = re.compile("|".join(rule.negators if rule.negators is not None else DEFAULT_NEGATORS))
            pats = tuple(self._compile(rule, p) for p in rule.patterns)
            gates = [f"(?:{'|'.join(p.all[0])})" for p in rule.patterns if p.all]
            if any(p.clock for p in rule.patterns):
                gates.append(_CLOCK.pattern)
            gate = None if any(not p.all and not p.clock for p in rule.patterns) else _union(gates)
            compiled.append(_Rule(rule.id, rule.severity, gate, _union(rule.exceptions), negator, pats))
        self.rules = tuple(compiled)
        self._clock_patterns = frozenset((r.id, p.pattern) for r in compiled for p in r.patterns if p.clock)
        self.scan = lru_cache(maxsize=65536)(self._scan)  # type: ignore[method-assign]

    @staticmethod
    def _compile(rule: ConductRule, pattern: Pattern) -> _Compiled:
        groups = tuple(re.compile("|".join(f"(?:{a})" for a in group)) for group in pattern.all)
        negate = frozenset(range(len(groups)) if pattern.negate is None else pattern.negate)
        return _Compiled(
            rule.id,
            rule.severity,
            pattern.id,
            groups,
            negate,
            _union(pattern.none),
            pattern.within,
            pattern.scope,
            pattern.clock is not None,
        )

    def patterns_only(self) -> ConductEngine:
        """The same compiled patterns without the model, for descriptive text the model was not trained on."""
        if self.model is None:
            return self
        other = copy.copy(self)
        other.model = None
        other.scan = lru_cache(maxsize=65536)(other._scan)  # type: ignore[method-assign]
        return other

    def rule_ids(self) -> list[str]:
        return [r.id for r in self.rules]

    def scan(self, text: str) -> tuple[Hit, ...]:  # replaced by a memoised bound method in __init__
        return self._scan(text)

    def _scan(self, text: str) -> tuple[Hit, ...]:
        hits = self._pattern_hits(text)
        if self.model is None:
            return hits
        probability, judgement = self.model.assess(text, self._severity)
        kept = tuple(
            h
            for h in hits
            if probability >= MODEL_VETO or (h.rule, h.pattern) in self._clock_patterns or h.rule not in self._known
        )
        if kept:
            return kept
        if judgement is None:
            return ()
        rule = judgement.rule
        return (Hit(rule, self._severity[rule], MODEL_PATTERN, judgement.start, judgement.end, judgement.probability),)

    def _pattern_hits(self, text: str) -> tuple[Hit, ...]:
        hits: list[Hit] = []
        clauses: list[tuple[int, str]] | None = None
        sentences: list[tuple[int, str]] | None = None
        for rule in self.rules:
            if rule.gate is not None and rule.gate.search(text) is None:
                continue
            if rule.exceptions is not None and rule.exceptions.search(text):
                continue
            for pattern in rule.patterns:
                # every group must occur somewhere in the text before clauses are worth splitting
                if any(group.search(text) is None for group in pattern.groups):
                    continue
                if pattern.scope == "text":
                    units = [(0, text)]
                elif pattern.scope == "sentence":
                    if sentences is None:
                        sentences = [(m.start(), m.group()) for m in _SENTENCE.finditer(text)]
                    units = sentences
                else:
                    if clauses is None:
                        clauses = [(m.start(), m.group()) for m in _CLAUSE.finditer(text)]
                    units = clauses
                hit = self._first_hit(rule, pattern, units)
                if hit is not None:
                    hits.append(hit)
                    break  # one finding per rule per utterance
        return tuple(hits)

    def _first_hit(self, rule: _Rule, pattern: _Compiled, units: list[tuple[int, str]]) -> Hit | None:
        for offset, unit in units:
            if pattern.none is not None and pattern.none.search(unit):
                continue
            spans = self._spans(rule, pattern, unit)
            if spans is None:
                continue
            if pattern.clock:
                clock = self._clock_span(unit, rule, not pattern.groups)
                if clock is None:
                    continue
                spans.append(clock)
            if not spans:
                continue
            start = min(s for s, _ in spans)
            end = max(e for _, e in spans)
            if pattern.within is not None and end - start > pattern.within:
                continue
            return Hit(rule.id, rule.severity, pattern.pattern, offset + start, offset + end)
        return None

    def _spans(self, rule: _Rule, pattern: _Compiled, unit: str) -> list[tuple[int, int]] | None:
        """One match per group: the first of group 0 from which the others lie closest (None: no match)."""
        found: list[list[tuple[int, int]]] = []
        for index, group in enumerate(pattern.groups):
            matches = self._group_spans(rule, group, unit, index in pattern.negate)
            if not matches:
                return None
            found.append(matches)
        if not found:
            return []
        best: list[tuple[int, int]] | None = None
        best_width = -1
        for anchor in found[0]:
            chosen = [anchor]
            for matches in found[1:]:
                chosen.append(min(matches, key=lambda m: abs(m[0] - anchor[0])))
            width = max(e for _, e in chosen) - min(s for s, _ in chosen)
            if best is None or width < best_width:
                best, best_width = chosen, width
            if pattern.within is None or width <= pattern.within:
                return chosen
        return best

    def _group_spans(self, rule: _Rule, group: re.Pattern[str], unit: str, negatable: bool) -> list[tuple[int, int]]:
        out = []
        for match in group.finditer(unit):
            if match.end() == match.start():
                continue
            if negatable and self._negated(rule, unit, match.start()):
                continue
            out.append((match.start(), match.end()))
        return out

    def _negated(self, rule: _Rule, unit: str, at: int) -> bool:
        """A negator within reach before ``at`` with no breaker between it and ``at``."""
        lo = max(0, at - _NEGATION_REACH)
        last = None
        # search the whole unit so negator look-aheads ("不是……吗" is not a negation) see past ``at``
        for m in rule.negator.finditer(unit, lo):
            if m.end() > at:
                break
            last = m
        if last is None:
            return False
        return self.breaker.search(unit, last.end(), at) is None

    def _clock_span(self, unit: str, rule: _Rule, negatable: bool) -> tuple[int, int] | None:
        start, end = self.window
        for t_start, t_end, minute, after in clock_times(unit):
            outside = minute < start or minute >= end
            if not outside:
                continue
            if after == "before" and minute >= end:
                continue  # "晚上十点前" bounds the contact inside the window ("早上七点前" does not)
            if after == "after" and start - 60 <= minute < start:
                continue  # "早上七点以后" runs into the window soon
            if negatable and self._negated(rule, unit, t_start):
                continue
            return t_start, t_end
        return None


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_QUALIFIER = (
    r"凌晨|清晨|早上|早晨|明早|一早|大早|上午|中午|下午|傍晚|晚上|今晚|明晚|昨晚|前晚|当晚"
    r"|夜里|夜间|今夜|昨夜|后半夜|大半夜|半夜|深夜|午夜|晚间"
)
_NUM = r"\d{1,2}|[零〇一二两三四五六七八九十]{1,3}"
_CLOCK = re.compile(
    rf"(?:(?P<q>{_QUALIFIER})的?)?(?P<h>{_NUM})(?:(?P<colon>[:：])(?P<mm>\d{{2}})|[点時时](?P<m>半|一刻|三刻|(?:{_NUM})分?)?)"
    r"(?P<after>以前|之前|前|为止|以后|之后|后|过后)?"
)


#: what joins the two ends of a time range: 08:00—22:00, 八点到晚上十点, 9:00~21:00
_RANGE_JOIN = re.compile(r"\s*(?:[-–—~～至到]|——)\s*")


def _cn_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _CN_DIGITS.get(tens, 1) if tens else 1
        o = _CN_DIGITS.get(ones, 0) if ones else 0
        return t * 10 + o
    if len(text) == 1:
        return _CN_DIGITS.get(text)
    return None


def clock_times(text: str) -> list[tuple[int, int, int, str | None]]:
    """Clock times named in ``text``: (start, end, minute of day, "before"/"after"/None).

    Hours without a qualifier are used only when unambiguous (13–23 or hh:mm); "晚上十一点" is 23:00,
    "凌晨两点" 02:00, "半夜十二点" 00:00.
    """
    out: list[tuple[int, int, int, str | None]] = []
    for m in _CLOCK.finditer(text):
        hour = _cn_number(m.group("h"))
        if hour is None or hour > 24:
            continue
        q = m.group("q")
        if q is None and m.group("colon") is None and hour <= 12:
            continue
        if q in ("凌晨", "午夜"):
            hour = 0 if hour == 12 else hour
        elif q in ("夜里", "夜间", "今夜", "昨夜", "后半夜", "大半夜", "半夜", "深夜", "晚间"):
            hour = 0 if hour == 12 else (hour + 12 if 6 <= hour < 12 else hour)
        elif q == "中午":
            hour = hour + 12 if hour < 6 else hour
        elif q in ("下午", "傍晚", "晚上", "今晚", "明晚", "昨晚", "前晚", "当晚"):
            hour = 0 if hour == 12 else (hour + 12 if hour < 12 else hour)
        hour %= 24
        minute = 0
        if m.group("mm"):
            minute = int(m.group("mm"))
        elif m.group("m"):
            word = m.group("m").rstrip("分")
            minute = {"半": 30, "一刻": 15, "三刻": 45}.get(word) or (_cn_number(word) or 0)
        if minute >= 60:
            continue
        after = m.group("after")
        kind = None
        if after in ("以前", "之前", "前", "为止"):
            kind = "before"
        elif after:
            kind = "after"
        elif out and _RANGE_JOIN.fullmatch(text[out[-1][1] : m.start()]):
            kind = "before"  # the end of a range ("08:00—22:00 之间") bounds the contact like "22:00 前"
        out.append((m.start(), m.end(), hour * 60 + minute, kind))
    return out


def parse_window(window: str) -> tuple[int, int]:
    """``"08:00-22:00"`` as (start, end) minutes of the day; end exclusive."""
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*[-–—~至到]\s*(\d{1,2}):(\d{2})\s*", window)
    if m is None:
        return (8 * 60, 22 * 60)
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    return (h1 * 60 + m1, h2 * 60 + m2)
