"""Invariants of the coverage map (``handbook/sources.yaml``): seed section → entries → back.

The ``coverage.*`` rules check only that mapped ids exist and that every cited seed is listed. These
tests check what a reviewer relies on: every seed is cut into its real sections (not one line per
seed), every entry that cites a seed is reachable from one of that seed's sections, and course anchors
name real modules.
"""

from __future__ import annotations

import re
from collections import Counter

import opencc
import pytest

from cuishou.schema.check import load_handbook
from cuishou.schema.models import KINDS
from cuishou.schema.models.coverage import Coverage
from cuishou.schema.models.handbook import Handbook
from tests.conftest import SHIPPED

SEEDS = ("000", "001", "002", "003", "004")

#: fewest sections each seed must be cut into, from the seed's own structure:
#: 000 is a bundle of nine documents (two-hour plan, slide deck, drill, eight-hour plan, post-loan deck,
#: a work summary, the 14-course car-loan outline, the 2020 loan course, a one-day outline): ≥ 25;
#: 001 has six chapters of three sub-headings each plus site text: ≥ 18;
#: 002 bundles about twenty articles, several with numbered parts: ≥ 25;
#: 003 is a Q&A page with nine numbered questions: ≥ 9 (one per question, checked below);
#: 004 has seven chapters of three sub-headings each: ≥ 21.
MIN_SECTIONS = {"000": 25, "001": 18, "002": 25, "003": 9, "004": 21}
QUESTIONS_003 = 9

#: (entry, seed) pairs allowed to be missing from that seed's sections, each with its reason
UNMAPPED_ALLOWED: dict[tuple[str, str], str] = {}

_T2S = opencc.OpenCC("t2s")


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    # load_handbook, not check_path: refs to conduct rules merged elsewhere may not resolve yet, and
    # that is no concern of the coverage map
    loaded, _ = load_handbook(SHIPPED)
    return loaded


@pytest.fixture(scope="module")
def coverage(handbook: Handbook) -> Coverage:
    assert handbook.coverage is not None, "handbook/sources.yaml is missing or invalid"
    return handbook.coverage


def _mapped(coverage: Coverage) -> dict[str, set[str]]:
    """Entry refs (without anchors) named by each seed's sections."""
    return {
        seed.seed: {ref.partition("#")[0] for section in seed.sections for ref in section.entries}
        for seed in coverage.seeds
    }


def _cited(handbook: Handbook) -> set[tuple[str, str]]:
    """(entry ref, seed) for every entry whose sources cite a numbered seed."""
    return {
        (f"{KINDS[record.kind].prefix}:{record.entry.id}", source.seed)
        for record in handbook.records()
        for source in record.entry.sources
        if source.seed.isdigit()
    }


def test_every_seed_is_listed_once_with_its_file(coverage: Coverage) -> None:
    assert [seed.seed for seed in coverage.seeds] == list(SEEDS)
    for seed in coverage.seeds:
        assert re.fullmatch(rf"{seed.seed}_[0-9a-f]{{16}}\.txt", seed.file), seed.file


@pytest.mark.parametrize("seed_id", SEEDS)
def test_seed_is_cut_into_its_sections(coverage: Coverage, seed_id: str) -> None:
    (seed,) = [seed for seed in coverage.seeds if seed.seed == seed_id]
    names = [section.section for section in seed.sections]
    assert len(names) >= MIN_SECTIONS[seed_id], names
    assert not [name for name, n in Counter(names).items() if n > 1], "a section is listed twice"
    # most of a seed is content: exclusions are for site text, reports, duplicates and off-topic answers
    excluded = [section for section in seed.sections if section.excluded]
    assert len(excluded) * 2 < len(seed.sections), [section.section for section in excluded]


def test_seed_003_has_one_section_per_question(coverage: Coverage) -> None:
    (seed,) = [seed for seed in coverage.seeds if seed.seed == "003"]
    numbers = [int(m.group(1)) for s in seed.sections if (m := re.match(r"(\d+)\. ", s.section))]
    assert numbers == list(range(1, QUESTIONS_003 + 1))


def test_every_citing_entry_is_reachable_from_its_seed(handbook: Handbook, coverage: Coverage) -> None:
    mapped = _mapped(coverage)
    missing = {(ref, seed) for ref, seed in _cited(handbook) if ref not in mapped.get(seed, set())}
    assert missing - UNMAPPED_ALLOWED.keys() == set()


def test_allow_list_is_still_needed(handbook: Handbook, coverage: Coverage) -> None:
    mapped = _mapped(coverage)
    cited = _cited(handbook)
    stale = [(ref, seed) for ref, seed in UNMAPPED_ALLOWED if (ref, seed) not in cited or ref in mapped[seed]]
    assert stale == [], "remove these from UNMAPPED_ALLOWED"


def test_mapped_entries_and_anchors_exist(handbook: Handbook, coverage: Coverage) -> None:
    bad = []
    for seed in coverage.seeds:
        for section in seed.sections:
            for ref in section.entries:
                record = handbook.resolve(ref)
                anchor = ref.partition("#")[2]
                if record is None or (anchor and anchor not in record.anchors()):
                    bad.append((seed.seed, ref))
    assert bad == []


def test_mapped_entries_cite_something(handbook: Handbook, coverage: Coverage) -> None:
    """Going back: an entry the map names has a ``sources`` field a reviewer can follow."""
    bare = {
        ref.partition("#")[0]
        for seed in coverage.seeds
        for section in seed.sections
        for ref in section.entries
        if (record := handbook.resolve(ref)) is not None and not record.entry.sources
    }
    assert bare == set()


def test_map_text_is_simplified_chinese() -> None:
    text = (SHIPPED / "sources.yaml").read_text(encoding="utf-8")
    converted = _T2S.convert(text)
    assert {a for a, b in zip(text, converted, strict=True) if a != b} == set()


def test_validator_reports_nothing_about_coverage(handbook: Handbook) -> None:
    _, findings = load_handbook(SHIPPED)
    assert [f.rule for f in findings if f.rule.startswith("coverage.")] == []
