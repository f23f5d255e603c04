"""id.duplicate-*: ids inside one entry are unique, so every ``kind:id#anchor`` names one thing."""

from __future__ import annotations

from cuishou.schema.rules import inner_ids
from tests.unit.rules.conftest import MakeHandbook

COURSE = """\
id: c
title: 课程
audience: 新员工
total_minutes: 45
objectives: [目标]
sessions:
  - id: {session}
    title: 课次
    modules:
      - {{id: concepts, title: 甲, minutes: 15}}
      - {{id: {second}, title: 乙, minutes: 30}}
sources: [{{seed: house, section: 课程}}]
"""

LEGAL = """\
id: law
title: 某法
short_title: 某法
kind: law
issuer: 全国人民代表大会
status: in_force
confidence: V2
sources: [{{seed: house, section: 法}}]
articles:
  - {{number: "109", label: 第一百零九条, summary: 甲}}
  - {{number: "{second}", label: 第一百一十条, summary: 乙}}
"""

PROCEDURE = """\
id: p
title: 流程
summary: 流程
sources: [{{seed: house, section: 流程}}]
stages:
  - id: early
    title: 前期
    goal: 提醒借款人按时还款
    channels: [phone]
    steps: [{{id: call, actor: 专员, action: 致电借款人本人}}]
  - id: late
    title: 后期
    goal: 提醒借款人按时还款
    channels: [phone]
    steps: [{{id: {step}, actor: 专员, action: 致电借款人本人}}]
"""

RULE = """\
id: r
title: 规则
severity: error
kind: prohibited
description: 说明
sources: [{{seed: house, section: 规则}}]
patterns:
  - {{id: a, all: [[甲]]}}
  - {{id: {second}, all: [[乙]]}}
examples: {{violating: [甲, 乙], compliant: [丙, 丁]}}
"""


def found(make_handbook: MakeHandbook, files: dict[str, str]) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.col) for f in inner_ids.check(make_handbook(files))]


def test_distinct_ids_pass(make_handbook: MakeHandbook) -> None:
    files = {
        "courses/c.yaml": COURSE.format(session="main", second="process"),
        "legal/law.yaml": LEGAL.format(second="110"),
        "procedures/p.yaml": PROCEDURE.format(step="visit"),
        "conduct/r.yaml": RULE.format(second="b"),
    }
    assert found(make_handbook, files) == []


def test_two_modules_with_one_id(make_handbook: MakeHandbook) -> None:
    hb = make_handbook({"courses/c.yaml": COURSE.format(session="main", second="concepts")})
    [finding] = inner_ids.check(hb)
    assert (finding.rule, finding.line, finding.col) == ("id.duplicate-anchor", 11, 14)
    assert finding.related is not None and finding.related.line == 10
    assert "course:c#concepts" in finding.message("en")


def test_a_session_and_a_module_share_the_anchor_namespace(make_handbook: MakeHandbook) -> None:
    files = {"courses/c.yaml": COURSE.format(session="concepts", second="process")}
    assert found(make_handbook, files) == [("id.duplicate-anchor", 10, 14)]


def test_two_articles_with_one_number(make_handbook: MakeHandbook) -> None:
    assert found(make_handbook, {"legal/law.yaml": LEGAL.format(second="109")}) == [("id.duplicate-anchor", 11, 14)]


def test_steps_of_different_stages_share_one_namespace(make_handbook: MakeHandbook) -> None:
    assert found(make_handbook, {"procedures/p.yaml": PROCEDURE.format(step="call")}) == [
        ("id.duplicate-anchor", 15, 18)
    ]


def test_a_stage_and_a_step_may_not_share_a_name(make_handbook: MakeHandbook) -> None:
    assert found(make_handbook, {"procedures/p.yaml": PROCEDURE.format(step="early")}) == [
        ("id.duplicate-anchor", 15, 18)
    ]


def test_pattern_ids_of_a_conduct_rule(make_handbook: MakeHandbook) -> None:
    assert found(make_handbook, {"conduct/r.yaml": RULE.format(second="a")}) == [("id.duplicate-item", 9, 10)]
