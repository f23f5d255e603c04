"""Invariants of the shipped course outlines and the organisation entries normalised from the seeds.

These guard the content, not the code: every course outline from the seeds stays in, minutes add up
(or the total is honestly ``unknown`` with a note), the 2-hour course keeps its 15/30/45/30 plan, and
the text carries neither Traditional characters nor the pinyin debris of the seed scans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import opencc
import pytest

from cuishou.schema.check import check_path
from cuishou.schema.models.course import Course
from cuishou.schema.models.organisation import Kpi
from tests.conftest import SHIPPED

#: folders whose files this content set owns
OWNED_FOLDERS = ("courses", "kpis", "roles", "team", "glossary")

#: tone-marked vowels: pinyin artifacts such as 執(zhí)行 always carry at least one
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_ARTIFACT = re.compile(rf"[(（][a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*[)）]", re.IGNORECASE)

_T2S = opencc.OpenCC("t2s")


def traditional_chars(text: str) -> set[str]:
    """Characters that OpenCC's Traditional→Simplified table would change."""
    return {a for a, b in zip(text, _T2S.convert(text), strict=True) if a != b}


def _courses() -> list[Course]:
    result = check_path(SHIPPED)
    courses = [record.entry for record in result.handbook.records("course")]
    assert all(isinstance(c, Course) for c in courses)
    return [c for c in courses if isinstance(c, Course)]


def _owned_files() -> Iterator[Path]:
    for folder in OWNED_FOLDERS:
        yield from sorted((SHIPPED / folder).rglob("*.yaml"))


COURSES = _courses()


def test_every_seed_course_outline_is_in_the_handbook() -> None:
    assert len(COURSES) >= 8


@pytest.mark.parametrize("course", COURSES, ids=lambda c: c.id)
def test_minutes_add_up_or_total_is_unknown_with_a_note(course: Course) -> None:
    minutes = [m.minutes for s in course.sessions for m in s.modules]
    if course.total_minutes == "unknown":
        assert course.total_note, "an unknown total needs total_note saying why"
    else:
        assert "unknown" not in minutes, "a known total needs every module's minutes"
        assert sum(m for m in minutes if m != "unknown") == course.total_minutes


@pytest.mark.parametrize("course", COURSES, ids=lambda c: c.id)
def test_unknown_module_minutes_are_explained(course: Course) -> None:
    for module in (m for s in course.sessions for m in s.modules):
        if module.minutes == "unknown":
            assert module.minutes_note, f"{module.id}: minutes unknown without minutes_note"


@pytest.mark.parametrize("course", COURSES, ids=lambda c: c.id)
def test_session_and_module_ids_are_unique_within_a_course(course: Course) -> None:
    """References anchor on these ids (``course:x#module``), so one id must name one place."""
    ids = [s.id for s in course.sessions] + [m.id for s in course.sessions for m in s.modules]
    assert len(ids) == len(set(ids))


def test_two_hour_course_keeps_the_seed_plan() -> None:
    course = next(c for c in COURSES if c.id == "collection-basics-2h")
    assert [m.minutes for s in course.sessions for m in s.modules] == [15, 30, 45, 30]
    assert course.total_minutes == 120
    kinds = {a.kind for s in course.sessions for m in s.modules for a in m.activities}
    assert {"role_play", "case_study"} <= kinds
    assert course.assessment and course.follow_up


def test_eight_hour_course_is_true_to_its_modules_and_notes_the_seed_total() -> None:
    course = next(c for c in COURSES if c.id == "collection-skills-8h")
    assert course.total_minutes != 8 * 60, "the seed's 8 hours disagree with its modules; the data must be true"
    assert course.total_note and "8" in course.total_note


@pytest.mark.parametrize("path", list(_owned_files()), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_traditional_characters(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert traditional_chars(text) == set()


@pytest.mark.parametrize("path", list(_owned_files()), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_pinyin_artifacts(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert PINYIN_ARTIFACT.findall(text) == []


@pytest.mark.parametrize(
    ("text", "traditional", "pinyin"),
    [
        ("催收執(zhí)行力培訓", {"執", "訓"}, ["(zhí)"]),
        ("數（shù）據驅動", {"數", "據", "驅", "動"}, ["（shù）"]),
        ("催收执行力培训（第 2 版）", set(), []),
        ("回收率 (%)、M1 (1—30 天)", set(), []),
    ],
)
def test_the_detectors_catch_seed_debris_and_pass_clean_text(
    text: str, traditional: set[str], pinyin: list[str]
) -> None:
    assert traditional_chars(text) == traditional
    assert PINYIN_ARTIFACT.findall(text) == pinyin


def test_kpi_targets_are_marked_as_policy_not_law() -> None:
    """The seeds' 7-day 60 % / 15-day 80 % are house targets; the handbook must not present them as law."""
    result = check_path(SHIPPED)
    kpis = [record.entry for record in result.handbook.records("kpi") if isinstance(record.entry, Kpi)]
    assert {"recovery-rate", "contact-rate", "promise-kept-rate", "cure-rate-7d", "cure-rate-15d"} <= {
        k.id for k in kpis
    }
    for kpi in kpis:
        assert "=" in kpi.formula and "÷" in kpi.formula, f"{kpi.id}: formula should read 'name = a ÷ b …'"
        if kpi.target:
            assert "不是法律" in " ".join(kpi.caveats), f"{kpi.id}: a target needs a caveat that it is not law"
