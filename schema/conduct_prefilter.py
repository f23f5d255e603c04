"""Which patterns can possibly match a line, found with one Aho–Corasick pass instead of hundreds of searches.

A pattern's keyword groups are regular expressions, and Python's ``re`` tries every alternative at every
position: scanning a line with all the rules' groups costs dozens of searches. But nearly every group has
*needles*: literal strings of which any match must contain at least one (``(你|您)是(他|她)的?`` needs one
of 你是他, 你是她, 您是他, 您是她; ``\\d{1,2}[点时]`` needs 点 or 时). One automaton over all needles tells, in a
single C-level pass per line, which needles occur, hence which patterns are still possible; only those are
searched. Groups without needles (``.{0,3}`` alone) are always searched. The needles are derived from the
regex syntax tree, so they stay right when authors edit patterns; a test checks on the corpus that no
match is ever skipped.

Needles should be long: a one-character needle (是, 人, 不) is in most lines and rules nothing out, which
is why short exactly-known runs are expanded into their strings. The same pass answers more than which
patterns are possible (``GroupCheck``): a group's plain-literal alternatives need no regex at all, and a
regex whose needles are all absent (a rule's exceptions, a pattern's exclusions, the negators) is not
searched.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick_rs

__all__ = ["GroupCheck", "Prefilter", "alternative_needles", "has_backreference", "literal", "needles"]

# the syntax-tree parser of ``re`` (private modules since 3.11, stable in practice; typeshed omits them)
_sre: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

#: a needle set larger than this is no use as a filter (it would match nearly every line)
_MAX_NEEDLES = 400
_IN_LIMIT = 12
#: at most this many strings in an exactly-known run (see ``_sequence``)
_RUN_LIMIT = 256


@lru_cache(maxsize=8192)
def _parse(pattern: str) -> Any:
    """The syntax tree of ``pattern`` (``None`` if it does not parse), parsed once: three questions are
    asked of every alternative, and parsing is most of the engine's start-up. Callers only read the tree."""
    try:
        return _sre.parse(pattern)
    except (re.error, RecursionError):
        return None


@lru_cache(maxsize=8192)
def needles(pattern: str) -> frozenset[str] | None:
    """Literal strings one of which every match of ``pattern`` contains; ``None`` when there are none.

    Cached: the engine asks for each group twice (to order groups and to build the automaton), and parsing
    a regex's syntax tree is most of the engine's start-up.
    """
    tree = _parse(pattern)
    if tree is None:
        return None
    if tree.state.flags & re.IGNORECASE or "(?i" in pattern:
        return None  # literals would have to be matched in every case: do not filter
    found = _sequence(list(tree))
    if found is None or not found or len(found) > _MAX_NEEDLES or "" in found:
        return None
    return _shortest(found)


def _shortest(found: set[str]) -> frozenset[str]:
    """``found`` without needles that hold another of its needles (that one is found wherever they are)."""
    kept: set[str] = set()
    for word in sorted(found, key=len):
        size = len(word)
        if not any(word[i:j] in kept for i in range(size) for j in range(i + 1, size + 1)):
            kept.add(word)
    return frozenset(kept)


def literal(pattern: str) -> str | None:
    """The one string ``pattern`` matches when it is a plain literal (no operator at all), else ``None``.

    Such an alternative of a keyword group needs no regex search: the automaton finding it in a line is
    the same fact as the regex matching there.
    """
    tree = _parse(pattern)
    if tree is None or tree.state.flags & re.IGNORECASE:
        return None
    items = list(tree)
    if not all(op is _c.LITERAL for op, _ in items):
        return None
    return "".join(chr(av) for _, av in items)


def has_backreference(pattern: str) -> bool:
    """Whether ``pattern`` refers back to a group (``\\1``, ``(?P=name)``, ``(?(1)…)``).

    Such an alternative cannot be searched on its own: inside its group's union the group numbers differ.
    """
    if "\\" not in pattern and "(?P=" not in pattern and "(?(" not in pattern:
        return False  # no way to write a reference: skip the walk (most alternatives)
    tree = _parse(pattern)
    return tree is None or _refers_back(tree)


def _refers_back(node: Any) -> bool:
    """Whether a syntax-tree node holds a group reference anywhere inside it."""
    if isinstance(node, _sre.SubPattern):
        return any(_refers_back(item) for item in node.data)
    if isinstance(node, (tuple, list)):
        if len(node) == 2 and (node[0] is _c.GROUPREF or node[0] is _c.GROUPREF_EXISTS):
            return True
        return any(_refers_back(item) for item in node)
    return False


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The best needle set of a sequence: the strings of its longest exactly-known run, or a mandatory part's set.

    A run is a stretch of items whose matches form a small finite language (literals, short alternations,
    character sets, ``?``): every match of the run is one of the run's strings, so the strings are needles.
    ``(你|您)是(他|她)`` gives 你是他, 你是她, 您是他, 您是她 rather than 是, which nearly every line holds.
    """
    best: set[str] | None = None
    run: set[str] = {""}

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and "" not in candidate and (best is None or _better(candidate, best)):
            best = candidate

    for op, av in items:
        language = _language(op, av)
        if language is None:
            consider(run)
            run = {""}
            consider(_item(op, av))
            continue
        consider(language)
        if len(run) * len(language) > _RUN_LIMIT:
            consider(run)
            run = language
        else:
            run = {a + b for a in run for b in language}
    consider(run)
    return best


def _language(op: Any, av: Any) -> set[str] | None:
    """Every string one item can match, when that is a small finite set (``None`` otherwise)."""
    if op is _c.LITERAL:
        return {chr(av)}
    if op is _c.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is _c.LITERAL:
                chars.add(chr(value))
            elif kind is _c.RANGE and value[1] - value[0] < _RUN_LIMIT:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            else:
                return None  # categories (\d), negation: not a small set
        return chars if len(chars) <= _RUN_LIMIT else None
    if op is _c.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _run_language(list(av[-1]))
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _run_language(list(av))
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            part = _run_language(list(branch))
            if part is None:
                return None
            union |= part
        return union if len(union) <= _RUN_LIMIT else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, high, inner = av
        unit = _run_language(list(inner))
        if unit is None or high > 3:
            return None
        out: set[str] = set()
        power = {""}
        for count in range(high + 1):
            if count >= low:
                out |= power
            if count < high:
                power = {a + b for a in power for b in unit}
                if len(power) > _RUN_LIMIT:
                    return None
        return out if len(out) <= _RUN_LIMIT else None
    return None  # ANY, AT, assertions, group references, categories: not a finite set of strings


def _run_language(items: list[tuple[Any, Any]]) -> set[str] | None:
    """Every string a sequence can match, when each item's language is known and the product is small."""
    out = {""}
    for op, av in items:
        language = _language(op, av)
        if language is None or len(out) * len(language) > _RUN_LIMIT:
            return None
        out = {a + b for a in out for b in language}
    return out


def _item(op: Any, av: Any) -> set[str] | None:
    if op is _c.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            part = _sequence(list(branch))
            if not part:
                return None  # one branch without needles: the whole alternation has none
            union |= part
        return union
    if op is _c.IN:
        chars = set()
        for kind, value in av:
            if kind is not _c.LITERAL:
                return None  # ranges, categories, negation: no finite set worth using
            chars.add(chr(value))
        return chars if len(chars) <= _IN_LIMIT else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _, inner = av
        return _sequence(list(inner)) if low >= 1 else None
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(list(av))
    return None  # ANY, AT, ASSERT(_NOT), GROUPREF, CATEGORY...: nothing mandatory to look for


def _better(a: set[str], b: set[str]) -> bool:
    """A set whose shortest needle is longer, or (as long) that has fewer needles, filters better."""
    return (min(map(len, a)), -len(a)) > (min(map(len, b)), -len(b))


class Prefilter:
    """Needles of many keys (patterns), and a fast way to tell which keys a line may satisfy.

    A key is possible when each of its needle sets (one per keyword group that has needles) has a needle
    in the line; a key with no needle sets at all is always possible.
    """

    def __init__(self, keyed: Sequence[tuple[int, Sequence[frozenset[str] | None]]], extra: Iterable[str] = ()) -> None:
        """``keyed``: each key's needle sets; ``extra``: further needles to report in ``scan`` (for gates
        the caller keeps, such as "no negator can occur in this line") that no key requires."""
        words: dict[str, int] = {}
        #: per key with needles, one bit mask per needle set (bit i = needle i)
        self._requirements: list[tuple[int, tuple[int, ...]]] = []
        self._always: list[int] = []
        members: list[set[int]] = []  # per requirement, the needles of all its sets
        for key, groups in keyed:
            ids = [[words.setdefault(w, len(words)) for w in sorted(g)] for g in groups if g is not None]
            if ids:
                self._requirements.append((key, tuple(sum(1 << i for i in one) for one in ids)))
                members.append({i for one in ids for i in one})
            else:
                self._always.append(key)
        for needle in sorted(set(extra)):
            words.setdefault(needle, len(words))
        self._words = list(words)
        self._index = words
        self._automaton = ahocorasick_rs.AhoCorasick(self._words) if self._words else None
        # for each needle, the requirements it appears in (only those are checked for a line)
        self._by_word: list[list[int]] = [[] for _ in self._words]
        for index, needles_of in enumerate(members):
            for word in sorted(needles_of):
                self._by_word[word].append(index)

    def possible(self, text: str) -> list[int]:
        """Keys that may match ``text``, in the order they were given."""
        return self.scan(text)[1]

    def known(self, words: frozenset[str] | None) -> int:
        """The bit mask of ``words`` (see ``scan``); 0 unless every one is a needle of the automaton.

        0 means "cannot rule anything out": a needle the automaton does not look for is never reported.
        """
        index = self._index
        if not words or any(w not in index for w in words):
            return 0
        return sum(1 << index[w] for w in words)

    def scan(self, text: str) -> tuple[int, list[int]]:
        """The needles present in ``text`` (a bit mask, see ``known``) and the keys that may match it."""
        if self._automaton is None:
            return 0, list(self._always)
        present = 0
        candidates: set[int] = set()
        for word, _, _ in self._automaton.find_matches_as_indexes(text, overlapping=True):
            bit = 1 << word
            if not present & bit:
                present |= bit
                candidates.update(self._by_word[word])
        out = list(self._always)
        requirements = self._requirements
        for index in candidates:
            key, masks = requirements[index]
            for mask in masks:
                if not mask & present:
                    break
            else:
                out.append(key)
        out.sort()
        return present, out


@dataclass(frozen=True)
class GroupCheck:
    """Whether a keyword group matches anywhere in a text, answered by the automaton where it can be.

    A group is a union of alternatives, and the union matches somewhere exactly when one alternative does.
    A plain-literal alternative matches exactly when the automaton found it; any other alternative can
    only match when one of its own needles is present, and only those are searched, each on its own (a
    short regex with a literal to look for is far cheaper than the whole union tried at every position).
    A group with a back-reference is searched whole, as written.
    """

    #: an alternative matches the empty string: the group matches every text
    always: bool
    #: needles that are whole alternatives: any of them present means the group matches
    literal: int
    #: the other alternatives, each with the mask of its needles (0: no needles, always searched)
    searched: tuple[tuple[re.Pattern[str], int], ...]

    @classmethod
    def of(cls, group: Sequence[str], prefilter: Prefilter) -> GroupCheck:
        """The check of one keyword group (its regex alternatives), with needle masks from ``prefilter``."""
        if any(has_backreference(a) for a in group):
            whole = "|".join(f"(?:{a})" for a in group)
            return cls(False, 0, ((re.compile(whole), prefilter.known(needles(whole))),))
        always = False
        literal_mask = 0
        searched: list[tuple[re.Pattern[str], int]] = []
        for alternative in group:
            plain = literal(alternative)
            if plain == "":
                always = True
            elif plain is not None and prefilter.known(frozenset({plain})):
                literal_mask |= prefilter.known(frozenset({plain}))
            else:
                searched.append((re.compile(alternative), prefilter.known(needles(alternative))))
        return cls(always, literal_mask, tuple(searched))

    def occurs(self, text: str, present: int) -> bool:
        """Whether the group matches somewhere in ``text``; ``present``: the needles the automaton found."""
        if self.always or self.literal & present:
            return True
        for alternative, mask in self.searched:
            if (not mask or mask & present) and alternative.search(text) is not None:
                return True
        return False


def alternative_needles(group: Sequence[str]) -> frozenset[str] | None:
    """The group's needle set built alternative by alternative (``None``: some alternative has none).

    At least as selective as the needles of the whole union, and it holds every needle ``GroupCheck``
    uses, so one automaton serves both the prefilter and the checks.
    """
    if any(has_backreference(a) for a in group):
        return needles("|".join(f"(?:{a})" for a in group))
    union: set[str] = set()
    for alternative in group:
        found = needles(alternative)
        if found is None:
            return None
        union |= found
    return frozenset(union)
