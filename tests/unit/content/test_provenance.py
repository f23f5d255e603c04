"""Provenance is honest: content the seeds do not contain is marked as the house's own (``seed: house``).

An entry whose source notes say the seed gives no such content ("公式为本手册的定义", "本机构编写", "种子只列出…
名称") must also cite ``seed: house``, so a reviewer does not take the house's writing for the seed's.
Author-only notes live in ``author_notes``, never in what learners read (the ``editorial.author-note``
rule checks that in every handbook; this test checks the shipped one has notes where it needs them).
"""

from __future__ import annotations

import re

import pytest

from cuishou.schema.check import load_handbook
from cuishou.schema.models import KINDS
from cuishou.schema.models.handbook import Handbook
from tests.conftest import SHIPPED

#: what a source note says when the content is the house's, not the seed's
ADMITS_HOUSE = re.compile(
    r"本机构编写|本手册的定义|由本机构|种子(?:只|没有|未)[^；。]{0,20}(?:对策|公式|名称|内容|小标题)"
)


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    built, _ = load_handbook(SHIPPED)
    return built


def test_the_pattern_reads_admissions() -> None:
    assert ADMITS_HOUSE.search("种子只有指标名称，公式为本手册的定义。")
    assert ADMITS_HOUSE.search("种子只给出本型的声音和行为特点，没有对策")
    assert ADMITS_HOUSE.search("种子只列出这一类原因的名称")
    assert not ADMITS_HOUSE.search("种子为繁体，已转为简体")


def test_entries_that_admit_house_content_cite_the_house(handbook: Handbook) -> None:
    missing = []
    for record in handbook.records():
        sources = record.entry.sources
        if any(ADMITS_HOUSE.search(s.note or "") for s in sources) and not any(s.seed == "house" for s in sources):
            missing.append(f"{KINDS[record.kind].prefix}:{record.entry.id}")
    assert missing == []


@pytest.mark.parametrize(
    ("ref", "section"),
    [
        ("course:post-loan-communication", "从容不迫型、豪爽干脆型"),
        ("course:car-loan-collection-2d", "课程四至课程十一"),
        ("customer-type:composed", "从容不迫型"),
        ("cause:special-overdue", "重病"),
    ],
)
def test_content_the_seed_lacks_is_marked(handbook: Handbook, ref: str, section: str) -> None:
    record = handbook.resolve(ref)
    assert record is not None
    assert any(s.seed == "house" and section in s.section for s in record.entry.sources), ref


def test_placeholders_for_missing_seed_text_are_author_notes(handbook: Handbook) -> None:
    """A seed cut off mid-sentence leaves no module behind it, and the reason is a note for authors."""
    course = handbook.resolve("course:loan-collection-strategies")
    assert course is not None
    assert "outlook" not in course.anchors()
    assert any("展望" in note for note in course.entry.author_notes)
    advanced = handbook.resolve("course:collection-execution")
    assert advanced is not None
    module = next(m for s in advanced.entry.sessions for m in s.modules if m.id == "advanced")  # type: ignore[attr-defined]
    assert module.author_notes and not any("种子" in t or "待补" in t for t in module.topics)
