"""The conduct prefilter: needles are a necessary condition of every match, so skipping never loses a hit."""

from __future__ import annotations

import re

import pytest

from cuishou.schema.check import load_handbook
from cuishou.schema.conduct_corpus import read_corpus_dir
from cuishou.schema.conduct_engine import _CLOCK, ConductEngine
from cuishou.schema.conduct_prefilter import Prefilter, needles
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
    handbook, _ = load_handbook(SHIPPED)
    rules = [r.entry for r in handbook.records("conduct_rule")]
    fast, full = ConductEngine(rules), ConductEngine(rules, prefilter=False)
    texts = [line.text for line in read_corpus_dir(ROOT / "corpus" / "conduct" / "real" / "dev")]
    texts += [line.text for line in read_corpus_dir(ROOT / "corpus" / "conduct" / "synthetic" / "heldout")][::2]
    for register in (None, "spoken", "descriptive"):
        assert fast.scan_many(texts, [register] * len(texts)) == full.scan_many(texts, [register] * len(texts))
