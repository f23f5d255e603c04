"""The conduct-lint engine: patterns compiled once, a statistical layer, and the register of the text.

Rules are data (``handbook/conduct/*.yaml``, model in ``models/conduct.py``). A pattern fires in one
clause (or sentence) when every keyword group matches, within ``within`` characters if given, with no
lawful-context exclusion (``none``) and no negator governing a group's match ("不会联系您的家人").
Contact-hour patterns also need a clock time outside ``meta.contact_window`` ("今晚十一点再打给你").
Patterns read the normalised text (``conduct_features.normalise``: full-width folded, lower case,
Traditional made Simplified), so one pattern serves every script.

The statistical layer (``conduct_model.py``) adds two things. Its register head says what kind of text a
line is — what a collector says (``spoken``), training prose (``instruction``), a third-person account
(``descriptive``) or a statement of rules (``rule``) — when the caller does not know; a line that reads
as a rule statement ("催收人员不得冒充公检法", a statute's definition of a crime) never fires, because text
that forbids a practice is not doing it. Its conduct head flags lines no pattern caught and names the
likeliest rule, with thresholds per register (``Decision``); it may drop a pattern hit only on descriptive
text, where that was measured to help, and never a clock-time hit (that rests on the configured window,
which the model cannot read).

Speed: an Aho–Corasick prefilter (``conduct_prefilter.py``) tells, in one pass per line, which patterns
can possibly match and which regexes can be skipped (a group whose literal alternative is present matches;
exceptions, exclusions and negators whose needles are absent cannot match), and only the rest is searched.
``prefilter=False`` searches everything as written: the reference the tests hold the fast path to.
``scan_many`` scores a whole batch with the model in one NumPy pass, reads each line's register and
probability from arrays made for the batch, and decides a repeated text once; ``scan`` memoises per
distinct text, because handbooks repeat lines.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from .conduct_features import normalise_many, simplify_many
from .conduct_prefilter import GroupCheck, Prefilter, alternative_needles, needles
from .models.conduct import DEFAULT_BREAKERS, DEFAULT_NEGATORS, ConductRule, Pattern

if TYPE_CHECKING:
    import numpy.typing as npt

    from .conduct_model import ConductModel, Scores

    Floats = npt.NDArray[np.float64]

__all__ = ["REGISTERS", "ConductEngine", "Decision", "Hit", "clock_times", "parse_window"]

_CLAUSE = re.compile(r"[^，,。！!？?；;：\n]+")
_SENTENCE = re.compile(r"[^。！!？?；;\n]+")
#: the pattern id of a hit that came from the model, not from a pattern
MODEL_PATTERN = "model"
#: how far back (characters) a negator reaches
_NEGATION_REACH = 16
REGISTERS = ("spoken", "instruction", "descriptive", "rule")
#: a sentence that opens by forbidding, addressed to no one in the second person, states a rule
#: ("不应透露债务人的逾期欠款金额", "严禁在22:00后催收"), whatever the register head thinks
_PROHIBITION = re.compile(
    r"^[^，,。；;！!？?]{0,16}?(?:不得|严禁|禁止|不应当?|不准|不许|切勿|杜绝|不可以|不宜|严格禁止|一律不|绝不能|绝对不能)"
)
_SECOND_PERSON = re.compile(r"[你您]")
#: the register given to a sentence that forbids a practice: it never fires, whatever the model thinks
_PROHIBITION_REGISTER = "prohibition"
#: words quoted inside prose ("告诉他们：“你们家里先替他还了”", 称“再不还钱就去你单位闹”) are speech
_QUOTE = re.compile(r"“([^“”]{4,})”|「([^「」]{4,})」|\"([^\"]{4,})\"")


@dataclass(frozen=True)
class Decision:
    """When the statistical layer speaks, in terms of its calibrated probability that a line is unlawful.

    The probability comes from the model's out-of-fold calibration per register (``ConductModel.probability``),
    so these settings keep their meaning when the model is retrained. They were chosen by
    ``tools/tune_conduct.py`` out of fold on the real train and dev splits (most recall and right rule with
    at most 5 % false alarms pooled and 8 % in any register, averaged over the registers), never on a
    held-out set;
    ``handbook train-conduct --evaluate`` shows what they give.
    """

    #: a line no pattern caught is flagged by the model at or above this probability, per register. A
    #: statement of rules has no pattern hits (it names the conduct it forbids) and is flagged only by the
    #: model, which learnt contract clauses that let a lender publish a defaulter's name or charge visit fees
    flag: dict[str, float] = field(
        default_factory=lambda: {"spoken": 0.5, "instruction": 0.6, "descriptive": 0.4, "rule": 0.3}
    )
    #: a pattern hit is dropped when the model's probability is below this (it is sure the line is lawful).
    #: On descriptive text, where the patterns (written on speech) over-fire on news and judgments
    #: ("被告人以非法拘禁罪被判处…" names a crime, it does not commit one), and on speech. Never on
    #: instructions (see ``VETOED`` in ``tools/tune_conduct.py``): that is what authors write in the handbook.
    veto: dict[str, float] = field(
        default_factory=lambda: {"spoken": 0.1, "instruction": 0.0, "descriptive": 0.4, "rule": 0.0}
    )
    #: a line is a rule statement (nothing fires) when the register head prefers ``rule`` by this margin
    statement: float = 0.0
    #: a pattern hit stands against ``veto`` when the pattern's hits in this register named a rule the line
    #: breaks at least this often in the real training lines (``conduct_reliability``; smoothed, and a
    #: pattern with no record in the register never stands): some patterns are as good in a judgment as on a call
    trust: float = 0.5
    #: name a further rule of the model's (beside a pattern's, or after its first) at this probability or more
    second_opinion: float = 0.9
    #: at most this many rules named by the model for one line (a line may break several) ...
    most_rules: int = 2
    #: ... and a further rule only when its margin is this close to the first's
    close: float = 0.8


@dataclass(frozen=True)
class Hit:
    """One rule firing on one utterance: where (0-based character offsets), which pattern, in which register."""

    rule: str
    severity: str
    pattern: str
    start: int
    end: int
    #: the model's margin for a hit that came from the model
    confidence: float | None = None
    register: str | None = None

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
    #: registers the pattern applies in (None: all)
    registers: frozenset[str] | None
    #: the groups in the order the quick "does every group occur?" check tries them: rarest first
    rare_first: tuple[re.Pattern[str], ...] = ()
    #: needles of ``none`` as a mask of the automaton's: none present, no unit can be excluded (0: no gate)
    none_gate: int = 0


@dataclass(frozen=True)
class _Rule:
    id: str
    severity: str
    exceptions: re.Pattern[str] | None
    negator: re.Pattern[str]
    patterns: tuple[_Compiled, ...]
    #: needle masks (see ``ConductEngine._gate``): a regex whose needles are all absent from a line cannot
    #: match in it, nor in any clause of it, so it is not searched
    exceptions_gate: int = 0
    negator_gate: int = 0


def _gated(rule: _Rule) -> list[re.Pattern[str]]:
    """The regexes of a rule that are searched only when one of their needles is in the line."""
    optional = [rule.exceptions, *(p.none for p in rule.patterns)]
    return [rule.negator, *(rx for rx in optional if rx is not None)]


def _states_a_prohibition(text: str) -> bool:
    return _PROHIBITION.search(text) is not None and _SECOND_PERSON.search(text) is None


def _commonness(group: Sequence[str]) -> int:
    """How often a keyword group is likely to match, from its needles: one-character needles match most.

    Only an order (which group to test first); the needles are the prefilter's, found per alternative."""
    found = alternative_needles(group)
    if found is None:
        return 1 << 20
    return sum(1000 if len(n) == 1 else 10 if len(n) == 2 else 1 for n in found)


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
        decision: Decision | None = None,
        *,
        prefilter: bool = True,
    ) -> None:
        self.window = parse_window(contact_window)
        self.model = model
        self.decision = decision or Decision()
        rules = list(rules)
        #: rule id → severity, for the rules the model may name (all the handbook's rules, patterns or not)
        self._severity = {r.id: r.severity for r in rules}
        self._known = frozenset(model.classes) if model is not None else frozenset()
        self.breaker = re.compile("|".join(DEFAULT_BREAKERS))
        compiled = []
        rules_with_patterns = [r for r in rules if r.patterns]
        for rule in rules_with_patterns:
            negator = re.compile("|".join(rule.negators if rule.negators is not None else DEFAULT_NEGATORS))
            pats = tuple(self._compile(rule, p) for p in rule.patterns)
            compiled.append(_Rule(rule.id, rule.severity, _union(rule.exceptions), negator, pats))
        self._clock_patterns = frozenset((r.id, p.pattern) for r in compiled for p in r.patterns if p.clock)
        #: (rule, pattern id) → the key of the pattern's record in the model (``conduct_reliability``): the ids
        #: and a digest of the definition, so an edited pattern does not inherit the old one's record
        self._pattern_keys = {
            (r.id, p.id): f"{r.id}/{p.id}@{_digest(p.model_dump_json(exclude={'note'}))}"
            for r in rules_with_patterns
            for p in r.patterns
        }
        # one key per (rule, pattern); the prefilter tells which keys a line can possibly satisfy
        self._keys = [(ri, pi) for ri, r in enumerate(rules_with_patterns) for pi in range(len(r.patterns))]
        clock_needles = needles(_CLOCK.pattern)
        self._prefilter = Prefilter(
            [
                (
                    k,
                    (
                        *(alternative_needles(g) for g in rules_with_patterns[ri].patterns[pi].all),
                        *((clock_needles,) if rules_with_patterns[ri].patterns[pi].clock else ()),
                    ),
                )
                for k, (ri, pi) in enumerate(self._keys)
            ],
            extra=[n for rule in compiled for rx in _gated(rule) for n in needles(rx.pattern) or ()],
        )
        self.rules = tuple(self._with_gates(rule) for rule in compiled)
        self._use_prefilter = prefilter
        #: per key, its groups' checks, rarest group first (what a line must pass before clauses are split)
        self._checks = [self._group_checks(rules_with_patterns[ri].patterns[pi]) for ri, pi in self._keys]
        self._memo = lru_cache(maxsize=65536)(self._scan_one)

    def _gate(self, regex: re.Pattern[str] | None) -> int:
        """The needles of ``regex`` as a mask of the automaton's (0: no gate, always search)."""
        return 0 if regex is None else self._prefilter.known(needles(regex.pattern))

    def _with_gates(self, rule: _Rule) -> _Rule:
        """``rule`` with the needle masks of its exceptions, negator and ``none`` exclusions filled in."""
        patterns = tuple(dataclasses.replace(p, none_gate=self._gate(p.none)) for p in rule.patterns)
        return dataclasses.replace(
            rule,
            patterns=patterns,
            exceptions_gate=self._gate(rule.exceptions),
            negator_gate=self._gate(rule.negator),
        )

    def _group_checks(self, pattern: Pattern) -> tuple[GroupCheck, ...]:
        """The checks of a pattern's groups, in the order of ``_Compiled.rare_first`` (rarest first).

        Left out: groups that match every text, and groups of plain literals only, whose needles are those
        literals: the prefilter offers the pattern only when one of them is in the line, so they match.
        A clock pattern also needs a clock time somewhere in the line."""
        order = sorted(range(len(pattern.all)), key=lambda i: (_commonness(pattern.all[i]), i))
        checks = []
        for i in order:
            check = GroupCheck.of(pattern.all[i], self._prefilter)
            required = self._prefilter.known(alternative_needles(pattern.all[i]))
            if check.always or (not check.searched and required and not required & ~check.literal):
                continue
            checks.append(check)
        if pattern.clock is not None:
            # a clock time in some sentence is a clock time in the line (the time regex has no anchors or
            # look-arounds), and most lines with 点 or 时 name none ("一点", "时候"): search the line once
            checks.append(GroupCheck(False, 0, ((_CLOCK, self._prefilter.known(needles(_CLOCK.pattern))),)))
        return tuple(checks)

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
            frozenset(pattern.registers) if pattern.registers is not None else None,
            tuple(groups[i] for i in sorted(range(len(groups)), key=lambda i: (_commonness(pattern.all[i]), i))),
        )

    def patterns_only(self) -> ConductEngine:
        """The same compiled patterns without the statistical layer (``--no-model``)."""
        if self.model is None:
            return self
        other = copy.copy(self)
        other.model = None
        other._memo = lru_cache(maxsize=65536)(other._scan_one)
        return other

    def pattern_key(self, rule: str, pattern: str) -> str | None:
        """The key of a pattern's record in the model file (``None``: not one of this engine's patterns)."""
        return self._pattern_keys.get((rule, pattern))

    def _stands(self, hit: Hit, register: str) -> bool:
        """Whether a pattern hit stands against a model veto: a clock time (it rests on the window), a rule
        the model does not know, or a pattern with a good record in the register."""
        return (
            (hit.rule, hit.pattern) in self._clock_patterns
            or hit.rule not in self._known
            or self._trusted(hit, register)
        )

    def _trusted(self, hit: Hit, register: str) -> bool:
        """Whether ``hit``'s pattern named a right rule often enough in this register to outvote the model."""
        assert self.model is not None
        key = self._pattern_keys.get((hit.rule, hit.pattern))
        record = self.model.patterns.get(key, {}).get(register) if key is not None else None
        if record is None:
            return False
        right, hits = record
        return (right + 0.5) / (hits + 1) >= self.decision.trust

    def rule_ids(self) -> list[str]:
        return [r.id for r in self.rules]

    def scan(self, text: str, register: str | None = None) -> tuple[Hit, ...]:
        """The rules ``text`` breaks; ``register`` when the caller knows it (a script turn is ``spoken``)."""
        return self._memo(text, register)

    def _scan_one(self, text: str, register: str | None) -> tuple[Hit, ...]:
        return self.scan_many([text], [register])[0]

    def scan_many(self, texts: Sequence[str], registers: Sequence[str | None] | None = None) -> list[tuple[Hit, ...]]:
        """``scan`` for a batch: one normalisation and one model pass for all of it.

        A text repeated in the batch (with the same register) is decided once: its findings are the same.
        """
        simple = simplify_many(texts)
        given = list(registers) if registers is not None else [None] * len(texts)
        done: dict[tuple[str, str | None], tuple[Hit, ...]] = {}
        if self.model is None:
            out = []
            for text, reg in zip(simple, given, strict=True):
                hits = done.get((text, reg))
                if hits is None:
                    hits = done[(text, reg)] = self._hits_with_quotes(text, reg or None)
                out.append(hits)
            return out
        scores = self.model.score_normalised(normalise_many(texts))
        model = self.model
        lawful = model.lawful
        conduct = scores.conduct - scores.conduct[:, [lawful]]  # each rule's margin over lawful
        allowed = np.array([c in self._severity for c in model.classes])
        conduct[:, ~allowed] = -np.inf
        conduct[:, lawful] = -np.inf
        register_scores = scores.register
        predicted = register_scores.argmax(axis=1).tolist()
        rule_index = model.registers.index("rule")
        others = register_scores.copy()
        others[:, rule_index] = -np.inf
        statement = (register_scores[:, rule_index] - others.max(axis=1) >= self.decision.statement).tolist()
        line_registers = []
        for i, (text, reg) in enumerate(zip(simple, given, strict=True)):
            register = reg or model.registers[predicted[i]]
            if reg != "spoken" and _states_a_prohibition(text):
                register = _PROHIBITION_REGISTER  # text that forbids a practice is not doing it
            elif reg != "spoken" and statement[i]:
                register = "rule"
            line_registers.append(register)
        best = conduct.max(axis=1)
        probability = self._probabilities(line_registers, best)
        # each line's rules by margin, best first (a stable sort of each row, as one sort of the batch)
        ranked = np.argsort(-conduct, axis=1, kind="stable")[:, : self.decision.most_rules].tolist()
        out = []
        for i, (text, raw, register) in enumerate(zip(simple, texts, line_registers, strict=True)):
            # the raw text is the key: the model read it normalised, the patterns read it simplified
            key = (raw, register)
            hits = done.get(key)
            if hits is None:
                hits = done[key] = self._decide(
                    text, register, conduct[i], float(best[i]), probability[i], scores, i, ranked[i]
                )
            out.append(hits)
        return out

    def _probabilities(self, registers: list[str], best: Floats) -> list[float]:
        """The model's probability that each line is unlawful, from its best margin, register by register."""
        assert self.model is not None
        out = [0.0] * len(registers)
        for register in set(registers) - {_PROHIBITION_REGISTER}:
            lines = [i for i, r in enumerate(registers) if r == register]
            for i, p in zip(lines, self.model.probabilities(register, best[lines]), strict=True):
                out[i] = p
        return out

    def _decide(
        self,
        text: str,
        register: str,
        margins: Floats,
        best: float,
        probability: float,
        scores: Scores,
        line: int,
        ranked: list[int],
    ) -> tuple[Hit, ...]:
        """Patterns first; the model flags what they missed, names further rules it is sure of, and may
        drop pattern hits on a line it is sure is lawful (never clock-time hits, which rest on the window, nor hits
        of a pattern with a good record in the register, see ``Decision.trust``).
        ``best`` is the line's largest margin and ``probability`` the model's for it (found for the batch)."""
        decision = self.decision
        assert self.model is not None
        if register == _PROHIBITION_REGISTER:
            return ()
        if register == "rule":
            # patterns were written for conduct, and a statement of rules names the conduct it forbids; only
            # the model, at its own (high) threshold, may flag one, such as a contract clause that lets the
            # lender publish a defaulter's name
            if probability < decision.flag.get(register, 2.0):
                return ()
            return self._model_hits(register, margins, best, scores, line, ranked, ())
        hits = self._hits_with_quotes(text, register)
        if hits and probability < decision.veto.get(register, 0.0):
            hits = tuple(h for h in hits if self._stands(h, register))
        if probability < decision.flag.get(register, 2.0):
            return hits
        return self._model_hits(register, margins, best, scores, line, ranked, hits)

    def _model_hits(
        self,
        register: str,
        margins: Floats,
        best: float,
        scores: Scores,
        line: int,
        ranked: list[int],
        hits: tuple[Hit, ...],
    ) -> tuple[Hit, ...]:
        """``hits`` plus the rules the model names for a line it flags (``best``: its largest margin;
        ``ranked``: its first ``Decision.most_rules`` rules by margin, best first)."""
        assert self.model is not None
        decision = self.decision
        classes = self.model.classes
        named = {h.rule for h in hits}
        extra = []
        for rank, k in enumerate(ranked):
            margin = float(margins[k])
            rule = classes[k]
            sure = self.model.probability(register, margin)
            # the model's first rule stands on its own when no pattern fired; any further rule, or a rule
            # beside a pattern's, only when the model is very sure of it (one line, few findings)
            needed = decision.second_opinion if (hits or rank > 0) else decision.flag.get(register, 2.0)
            if rule in named or sure < needed or (rank > 0 and margin < decision.close * best):
                continue
            start, end = self.model.evidence(scores, line, rule)
            extra.append(Hit(rule, self._severity[rule], MODEL_PATTERN, start, end, sure, register))
        return (*hits, *extra)

    def _hits_with_quotes(self, text: str, register: str | None) -> tuple[Hit, ...]:
        """Pattern hits of the text in its register, and of the words it quotes as speech.

        Training prose and accounts quote what collectors say ("直接打给他家里人：“你们家里先替他还了”"),
        and patterns written for speech must read those words as speech, whatever the register around them.
        """
        hits = self._pattern_hits(text, register)
        if register not in ("instruction", "descriptive") or ("“" not in text and "「" not in text and '"' not in text):
            return hits
        named = {h.rule for h in hits}
        extra = []
        for quote in _QUOTE.finditer(text):
            group = next(g for g in (1, 2, 3) if quote.group(g) is not None)
            offset = quote.start(group)
            for hit in self._pattern_hits(quote.group(group), "spoken"):
                if hit.rule not in named:
                    named.add(hit.rule)
                    extra.append(
                        dataclasses.replace(hit, start=hit.start + offset, end=hit.end + offset, register=register)
                    )
        return (*hits, *extra)

    def _pattern_hits(self, text: str, register: str | None = None) -> tuple[Hit, ...]:
        if not self._use_prefilter:
            return self._full_scan(text, register)
        present, keys = self._prefilter.scan(text)
        if not keys:
            return ()
        return self._hits_of(text, register, keys, self._checks, present)

    def _full_scan(self, text: str, register: str | None) -> tuple[Hit, ...]:
        """Every pattern tried with its groups' own regexes: the reference the prefiltered path must equal."""
        return self._hits_of(text, register, range(len(self._keys)), None, _EVERY_NEEDLE)

    def _hits_of(
        self,
        text: str,
        register: str | None,
        keys: Iterable[int],
        checks: list[tuple[GroupCheck, ...]] | None,
        present: int,
    ) -> tuple[Hit, ...]:
        """The first hit of each rule among the patterns ``keys`` (ascending). Before clauses are split, a
        cheap test that every group of the pattern matches somewhere in ``text``: with each key's ``checks``
        and ``present``, the automaton's needles found in ``text``; or (``checks`` None, ``present``
        ``_EVERY_NEEDLE``) with the groups' own regexes, every regex searched."""
        hits: list[Hit] = []
        clauses: list[tuple[int, str]] | None = None
        sentences: list[tuple[int, str]] | None = None
        seen_rule = done_rule = -1
        # keys are numbered rule by rule, pattern by pattern, so ascending keys visit rules in order
        for key in keys:
            ri, pi = self._keys[key]
            if ri == done_rule:
                continue
            rule = self.rules[ri]
            if ri != seen_rule:
                seen_rule = ri
                if (
                    rule.exceptions is not None
                    and (not rule.exceptions_gate or rule.exceptions_gate & present)
                    and rule.exceptions.search(text)
                ):
                    done_rule = ri
                    continue
            pattern = rule.patterns[pi]
            if register is not None and pattern.registers is not None and register not in pattern.registers:
                continue
            # every group must occur somewhere in the text before clauses are worth splitting
            if checks is None:
                if not all(g.search(text) is not None for g in pattern.rare_first):
                    continue
            elif not _all_occur(checks[key], text, present):
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
            hit = self._first_hit(rule, pattern, units, register, present)
            if hit is not None:
                hits.append(hit)
                done_rule = ri  # one finding per rule per utterance
        return tuple(hits)

    def _first_hit(
        self, rule: _Rule, pattern: _Compiled, units: list[tuple[int, str]], register: str | None, present: int
    ) -> Hit | None:
        # a regex with needle mask ``gate`` may match only when one of its needles is present (0: no gate)
        gate = pattern.none_gate
        none = pattern.none if pattern.none is not None and (not gate or gate & present) else None
        negatable = not rule.negator_gate or bool(rule.negator_gate & present)
        for offset, unit in units:
            if none is not None and none.search(unit):
                continue
            spans = self._spans(rule, pattern, unit, negatable)
            if spans is None:
                continue
            if pattern.clock:
                clock = self._clock_span(unit, rule, negatable and not pattern.groups)
                if clock is None:
                    continue
                spans.append(clock)
            if not spans:
                continue
            start = min(s for s, _ in spans)
            end = max(e for _, e in spans)
            if pattern.within is not None and end - start > pattern.within:
                continue
            return Hit(rule.id, rule.severity, pattern.pattern, offset + start, offset + end, None, register)
        return None

    def _spans(self, rule: _Rule, pattern: _Compiled, unit: str, negatable: bool) -> list[tuple[int, int]] | None:
        """One match per group: the first of group 0 from which the others lie closest (None: no match).
        ``negatable`` False: no negator can occur in the line, so no match is looked at for one."""
        found: list[list[tuple[int, int]]] = []
        for index, group in enumerate(pattern.groups):
            matches = self._group_spans(rule, group, unit, negatable and index in pattern.negate)
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
            span = match.span()
            if span[0] == span[1]:
                continue
            if negatable and self._negated(rule, unit, span[0]):
                continue
            out.append(span)
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


#: ``present`` meaning "every needle": no gate skips a search (the full scan, the reference of the fast path)
_EVERY_NEEDLE = -1


def _digest(definition: str) -> str:
    return hashlib.sha256(definition.encode("utf-8")).hexdigest()[:10]


def _all_occur(checks: tuple[GroupCheck, ...], text: str, present: int) -> bool:
    """``all(check.occurs(text, present) for check in checks)``, written out: it runs for every pattern
    the prefilter offers on every line, and the calls were most of its cost."""
    for check in checks:
        if check.always or check.literal & present:
            continue
        for alternative, mask in check.searched:
            if (not mask or mask & present) and alternative.search(text) is not None:
                break
        else:
            return False
    return True


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
