"""Fixtures for the exporters: the shipped handbook, and a richer one with the awkward cases a full handbook has."""

from __future__ import annotations

import shutil

import pytest

from cuishou.schema.check import load_handbook
from cuishou.schema.models.handbook import Handbook
from tests.conftest import MINI, SHIPPED

#: a course exercising what the starter content lacks: two sessions, unknown minutes, trainer material,
#: references to entries of every rendered kind and to one that does not exist, a control character
RICH_COURSE = """\
id: rich-course
title: 综合演练课程
audience: 催收组长
total_minutes: unknown
total_note: 第二课次时长来源未给出
objectives: [掌握全流程]
sessions:
  - id: day-one
    title: 第一天
    modules:
      - id: intro
        title: 开场
        minutes: 20
        timing_cue: 前五分钟破冰
        objectives: [了解课程安排]
        refs: [procedure:collection-lifecycle, customer-type:procrastinator, counter-example:fake-legal-department]
      - id: drill
        title: 演练
        kind: practice
        minutes: unknown
        minutes_note: 视人数而定
        activities:
          - kind: case_study
            title: 拒绝还款的借款人
            questions: [原因是什么？]
            instructions: [分组讨论十分钟]
          - kind: role_play
            title: 情景演练：首次通话
            roles: [催收员, 借款人]
        refs: [script:first-call, script:no-such-script, procedure:collection-lifecycle]
  - id: day-two
    title: 第二天
    modules:
      - id: wrap
        title: "总结\\v回顾"
        minutes: 10
assessment:
  - method: 测验
    description: 闭卷
    weight_percent: 40
sources:
  - seed: house
    section: 测试
"""


@pytest.fixture(scope="session")
def shipped() -> Handbook:
    handbook, findings = load_handbook(SHIPPED)
    assert not [f for f in findings if f.severity.value == "error"]
    return handbook


@pytest.fixture(scope="session")
def mini() -> Handbook:
    """The frozen mini handbook: for assertions about exact titles and rows."""
    handbook, findings = load_handbook(MINI)
    assert not [f for f in findings if f.severity.value == "error"]
    return handbook


@pytest.fixture(scope="session")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Handbook:
    # the frozen mini handbook, so assertions about exact titles do not follow the growing content
    root = tmp_path_factory.mktemp("rich") / "handbook"
    shutil.copytree(MINI, root)
    (root / "courses" / "rich-course.yaml").write_text(RICH_COURSE, encoding="utf-8")
    handbook, _ = load_handbook(root)
    assert "rich-course" in handbook.entries["course"]
    return handbook
