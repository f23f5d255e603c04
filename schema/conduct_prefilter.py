"""Which patterns can possibly match a line, found with one Aho–Corasick pass instead of hundreds of searches.

A pattern's keyword groups are regular expressions, and Python's ``re`` tries every alternative at every
position: scanning a line with all the rules' groups costs dozens of searches. But nearly every group has
*needles*: literal strings of which any match must contain at least one (``(你|您)是(他|她)的?`` needs 是;
``\\d{1,2}[点时]`` needs 点 or 时). One automaton over all needles tells, in a single C-level pass per line,
which needles occur, hence which patterns are still possible; only those are searched. Groups without
needles (``.{0,3}`` alone) are always searched. The needles are derived from the regex syntax tree, so
they stay right when authors edit patterns; a test checks on the corpus that no match is ever skipped.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

import ahocorasick_rs

__all__ = ["Prefilter", "needles"]

# the syntax-tree parser of ``re`` (private modules since 3.11, stable in practice; typeshed omits them)
_sre: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

#: a needle set larger than this is no use as a filter (it would match nearly every line)
_MAX_NEEDLES = 400
_IN_LIMIT = 12


def needles(pattern: str) -> frozenset[str] | None:
    """Literal strings one of which every match of ``pattern`` contains; ``None`` when there are none."""
    try:
        tree = _sre.parse(pattern)
    except (re.error, RecursionError):
        return None
    if tree.state.flags & re.IGNORECASE or "(?i" in pattern:
        return None  # literals would have to be matched in every case: do not filter
    found = _sequence(list(tree))
    if found is None or not found or len(found) > _MAX_NEEDLES or "" in found:
        return None
    return frozenset(found)


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The best needle set of a sequence: its longest run of literals, or a mandatory part's set."""
    best: set[str] | None = None
    run: list[str] = []

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and (best is None or _better(candidate, best)):
            best = candidate

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            consider({"".join(run)})
            run = []
        consider(_item(op, av))
    if run:
        consider({"".join(run)})
    return best


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

    def __init__(self, keyed: Sequence[tuple[int, Sequence[frozenset[str] | None]]]) -> None:
        words: dict[str, int] = {}
        #: per key with needles, one bit mask per needle set (bit i = needle i)
        self._requirements: list[tuple[int, tuple[int, ...]]] = []
        self._always: list[int] = []
        for key, groups in keyed:
            masks = tuple(sum(1 << words.setdefault(w, len(words)) for w in sorted(g)) for g in groups if g is not None)
            if masks:
                self._requirements.append((key, masks))
            else:
                self._always.append(key)
        self._words = list(words)
        self._automaton = ahocorasick_rs.AhoCorasick(self._words) if self._words else None
        # for each needle, the requirements it appears in (only those are checked for a line)
        self._by_word: list[list[int]] = [[] for _ in self._words]
        for index, (_, masks) in enumerate(self._requirements):
            union = 0
            for mask in masks:
                union |= mask
            for word in range(len(self._words)):
                if union >> word & 1:
                    self._by_word[word].append(index)

    def possible(self, text: str) -> list[int]:
        """Keys that may match ``text``, in the order they were given."""
        if self._automaton is None:
            return list(self._always)
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
        return out

    @staticmethod
    def of_groups(groups: Iterable[Iterable[str]]) -> tuple[frozenset[str] | None, ...]:
        """Needle sets of a pattern's keyword groups (each group: a list of regex alternatives)."""
        return tuple(needles("|".join(f"(?:{a})" for a in group)) for group in groups)
