"""The conduct prefilter: needles are a necessary condition of every match, so skipping never loses a hit."""

from __future__ import annotations

import re

import pytest

from cuishou.schema.check import load_handbook
from cuishou.schema.conduct_corpus import read_corpus_dir
from cuishou.schema.conduct_engine import _CLOCK, ConductEngine
from cuishou.schema.conduct_prefilter import (
    GroupCheck,
    Prefilter,
    alternative_needles,
    has_backreference,
    literal,
    needles,
)
from cuishou.schema.rules.conduct import load_shipped_model
from tests.conftest import ROOT, SHIPPED


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("父母|家人", {"父母", "家人"}),
        # a run of small alternations is known exactly: its strings are needles (是 alone is in most lines)
        ("(?:(你|您)是(他|她)的?)", {"你是他", "你是她", "您是他", "您是她"}),
        ("[我们]{1,2}法务部", {"我法务部", "们法务部"}),  # 我们法务部 holds 们法务部: not needed
        ("(钱|款)你(来|先)?还", {"钱你还", "钱你来还", "钱你先还", "款你还", "款你来还", "款你先还"}),
        ("[7-9]次", {"7次", "8次", "9次"}),
        (r"\d{1,2}[点时]", {"点", "时"}),
        ("不(?!停|断)", {"不"}),
        (".{0,3}", None),
        ("父母|.{2}", None),  # one branch without needles: no filter for the group
        ("(?i)hr", None),  # case-insensitive literals are not filtered
        ("ab?c", {"abc", "ac"}),
        ("a.b", {"a"}),  # the first of equally good literal runs
        ("[^，。]{0,6}还", {"还"}),
    ],
)
def test_needles_of_a_pattern(pattern: str, expected: set[str] | None) -> None:
    found = needles(pattern)
    assert (found if found is None else set(found)) == expected


def test_clock_times_need_a_time_character() -> None:
    assert needles(_CLOCK.pattern) == {"点", "时", "時", ":", "："}


def test_a_key_is_possible_only_when_every_group_has_a_needle_present() -> None:
    prefilter = Prefilter([(0, (frozenset({"父母", "家人"}), frozenset({"还钱"}))), (1, (None,)), (2, ())])
    assert prefilter.possible("让你家人替你还钱") == [0, 1, 2]
    assert prefilter.possible("让你家人替你想办法") == [1, 2]


def test_every_needle_set_holds_for_every_match_in_the_corpus() -> None:
    """The property the engine relies on, checked on real and synthetic lines for every shipped group."""
    handbook, _ = load_handbook(SHIPPED)
    groups = [group for record in handbook.records("conduct_rule") for p in record.entry.patterns for group in p.all]
    lines = [line.text for line in read_corpus_dir(ROOT / "corpus" / "conduct" / "real" / "train")][::3]
    lines += [line.text for line in read_corpus_dir(ROOT / "corpus" / "conduct" / "synthetic" / "heldout")][::3]
    for group in groups:
        compiled = re.compile("|".join(f"(?:{a})" for a in group))
        wanted = needles("|".join(f"(?:{a})" for a in group))
        if wanted is None:
            continue
        for text in lines:
            if compiled.search(text):
                assert any(n in text for n in wanted), (group, text)


def test_the_prefiltered_engine_finds_exactly_what_a_full_scan_finds() -> None:
    """``prefilter=False`` searches every pattern with its groups' own regexes and no needle gates: the
    reference the fast path (automaton, group checks per alternative, gated searches) must equal."""
    handbook, _ = load_handbook(SHIPPED)
    rules = [r.entry for r in handbook.records("conduct_rule")]
    model = load_shipped_model()
    texts = [line.text for line in read_corpus_dir(ROOT / "corpus" / "conduct" / "real" / "dev")]
    texts += [line.text for line in read_corpus_dir(ROOT / "corpus" / "conduct" / "synthetic" / "heldout")][::2]
    texts += [texts[0], texts[1]]  # repeated lines are decided once: the same findings
    for with_model in (None, model):
        fast = ConductEngine(rules, model=with_model)
        full = ConductEngine(rules, model=with_model, prefilter=False)
        for register in (None, "spoken", "descriptive"):
            assert fast.scan_many(texts, [register] * len(texts)) == full.scan_many(texts, [register] * len(texts))


@pytest.mark.parametrize(
    ("pattern", "plain"),
    [("催收", "催收"), (r"\.", "."), ("", ""), ("催.", None), ("a|b", None), ("(?i)hr", None), ("[你您]", None)],
)
def test_plain_literal_alternatives(pattern: str, plain: str | None) -> None:
    assert literal(pattern) == plain


@pytest.mark.parametrize(
    ("pattern", "refers"),
    [(r"(a)\1", True), ("(?P<x>a)(?P=x)", True), ("(a)?(?(1)b|c)", True), (r"(a|b)\d{2}", False), ("abc", False)],
)
def test_back_references_are_seen(pattern: str, refers: bool) -> None:
    assert has_backreference(pattern) is refers


def test_a_group_check_agrees_with_the_whole_group_on_the_corpus() -> None:
    """Whether a group occurs, answered per alternative from the needles, is the union regex's answer."""
    handbook, _ = load_handbook(SHIPPED)
    groups = [group for record in handbook.records("conduct_rule") for p in record.entry.patterns for group in p.all]
    groups += [["(a)\\1", "不会"], ["", "x"], ["催.{0,3}收", "欠"]]
    prefilter = Prefilter([(i, (alternative_needles(g),)) for i, g in enumerate(groups)])
    checks = [GroupCheck.of(g, prefilter) for g in groups]
    unions = [re.compile("|".join(f"(?:{a})" for a in g)) for g in groups]
    lines = [line.text for line in read_corpus_dir(ROOT / "corpus" / "conduct" / "real" / "dev")]
    lines += ["", "aa", "催了又收", "不会吧"]
    for text in lines:
        present, _ = prefilter.scan(text)
        for check, union in zip(checks, unions, strict=True):
            assert check.occurs(text, present) == (union.search(text) is not None), (union.pattern, text)
