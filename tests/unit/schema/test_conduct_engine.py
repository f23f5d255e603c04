"""The conduct engine: negation scope, clock times against the contact window, nearest matches."""

from __future__ import annotations

import pytest

from cuishou.schema.conduct_engine import ConductEngine, clock_times, parse_window
from tests.helpers import conduct_rule


def engine(patterns: list[dict[str, object]], window: str = "08:00-22:00") -> ConductEngine:
    return ConductEngine([conduct_rule("third-party-disclosure", patterns)], window)


TELL = [{"id": "p", "all": [["告诉|联系"], ["家人|父母"]]}]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("我会告诉你家人", True),
        ("我们不会联系您的家人", False),
        ("不还就联系你父母", True),  # 就 ends the negation's reach
        ("你要不还钱我们马上联系你父母", True),  # a new subject ends it too
        ("能不能联系一下你父母", True),  # an A-not-A question is not a negation
        ("我们不会因为您逾期就联系您的家人", False),
    ],
)
def test_negation_scope(text: str, flagged: bool) -> None:
    assert bool(engine(TELL).scan(text)) is flagged


def test_within_uses_the_nearest_matches() -> None:
    e = engine([{"id": "p", "all": [["联系"], ["家人"]], "within": 4}])
    assert e.scan("家人的事以后再说，我们会联系家人")
    assert not e.scan("联系方式已经更新了，谢谢，家人")


def test_none_clears_the_clause_only() -> None:
    e = engine([{"id": "p", "all": [["告诉"], ["家人"]], "none": ["回电"]}])
    assert not e.scan("请告诉家人让他回电")
    assert e.scan("请回电，我会告诉家人")


@pytest.mark.parametrize(
    ("text", "minute"),
    [
        ("今晚十一点", 23 * 60),
        ("凌晨两点半", 2 * 60 + 30),
        ("晚上23:30", 23 * 60 + 30),
        ("半夜十二点", 0),
        ("明早六点一刻", 6 * 60 + 15),
        ("下午三点", 15 * 60),
        ("21:05", 21 * 60 + 5),
    ],
)
def test_clock_times(text: str, minute: int) -> None:
    assert [t[2] for t in clock_times(text)] == [minute]


def test_bare_small_hours_are_ambiguous() -> None:
    assert clock_times("十点再打") == []


CLOCK = [{"id": "c", "scope": "sentence", "clock": "outside-window", "all": [["打|联系|上门"]]}]


@pytest.mark.parametrize(
    ("text", "window", "flagged"),
    [
        ("今晚十一点我再打给你", "08:00-22:00", True),
        ("晚上九点半我再打给你", "08:00-22:00", False),
        ("晚上九点半我再打给你", "08:00-21:00", True),
        ("晚上十点前我们会联系您", "08:00-22:00", False),
        ("晚上十点以后我们不会再打", "08:00-22:00", False),
        ("早上七点我们就上门", "08:00-22:00", True),
        ("明天上午十点我再打给您", "08:00-22:00", False),
        ("晚上十一点半，我们照样上门", "08:00-22:00", True),
    ],
)
def test_clock_against_window(text: str, window: str, flagged: bool) -> None:
    assert bool(engine(CLOCK, window).scan(text)) is flagged


def test_parse_window() -> None:
    assert parse_window("08:00-21:00") == (480, 1260)
    assert parse_window("garbage") == (480, 1320)
