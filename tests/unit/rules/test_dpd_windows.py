"""dpd.*: stage day windows are contiguous; escalations name other stages and never loop."""

from __future__ import annotations

from cuishou.schema.rules import dpd_windows
from tests.unit.rules.conftest import MakeHandbook

HEAD = """\
id: p
title: 流程
summary: 简介
sources: [{seed: "000", section: 流程}]
stages:
"""


def stage(ident: str, days: str, *escalate_to: str) -> str:
    esc = "".join(f"      - {{to: 'procedure:{t}', condition: 条件}}\n" for t in escalate_to)
    return f"  - id: {ident}\n    title: 阶段\n    days: {days}\n    goal: 目标\n    channels: [phone]\n" + (
        "    escalation:\n" + esc if esc else ""
    )


def run(
    make_handbook: MakeHandbook, *stages: str, extra: dict[str, str] | None = None
) -> list[tuple[str, dict[str, object]]]:
    files = {"procedures/p.yaml": HEAD + "".join(stages), **(extra or {})}
    return [(f.rule, f.params) for f in dpd_windows.check(make_handbook(files))]


def test_contiguous_windows_and_forward_escalation_pass(make_handbook: MakeHandbook) -> None:
    assert run(make_handbook, stage("a", "{from: -3, to: 0}", "p#b"), stage("b", "{from: 1, to: 30}")) == []


def test_gap_reports_the_missing_days(make_handbook: MakeHandbook) -> None:
    found = run(make_handbook, stage("a", "{from: 1, to: 5}"), stage("b", "{from: 9, to: 30}"))
    assert [(r, p["first"], p["last"], p["days"]) for r, p in found] == [("dpd.gap", 6, 8, 3)]


def test_overlap_reports_the_shared_days(make_handbook: MakeHandbook) -> None:
    found = run(make_handbook, stage("b", "{from: 4, to: 30}"), stage("a", "{from: 1, to: 5}"))
    assert [(r, p["first"], p["last"], p["days"]) for r, p in found] == [("dpd.overlap", 4, 5, 2)]


def test_open_ended_stage_followed_by_another_overlaps(make_handbook: MakeHandbook) -> None:
    found = run(make_handbook, stage("a", "{from: 1}"), stage("b", "{from: 31, to: 60}"))
    assert [r for r, _ in found] == ["dpd.overlap"]


def test_escalation_to_a_step_or_missing_stage(make_handbook: MakeHandbook) -> None:
    found = run(make_handbook, stage("a", "{from: 1, to: 5}", "p#nope", "p"), stage("b", "{from: 6, to: 9}"))
    assert [r for r, _ in found] == ["dpd.escalation-target", "dpd.escalation-target"]


def test_self_escalation_and_cycle(make_handbook: MakeHandbook) -> None:
    assert [r for r, _ in run(make_handbook, stage("a", "{from: 1, to: 5}", "p#a"))] == ["dpd.escalation-self"]
    found = run(
        make_handbook,
        stage("a", "{from: 1, to: 5}", "p#b"),
        stage("b", "{from: 6, to: 9}", "p#c"),
        stage("c", "{from: 10, to: 20}", "p#a"),
    )
    assert [(r, p["cycle"]) for r, p in found] == [("dpd.escalation-cycle", "p#a → p#b → p#c → p#a")]


def test_stages_sharing_an_id_do_not_make_up_an_escalation_cycle(make_handbook: MakeHandbook) -> None:
    text = """\
id: p
title: 流程
summary: 流程
sources: [{seed: house, section: 流程}]
stages:
  - id: a
    title: 甲
    goal: 提醒借款人按时还款
    channels: [phone]
    escalation: [{to: "procedure:p#b", condition: 未还款}]
  - id: b
    title: 乙
    goal: 提醒借款人按时还款
    channels: [phone]
    escalation: [{to: "procedure:p#a", condition: 未还款}]
  - id: a
    title: 丙
    goal: 提醒借款人按时还款
    channels: [phone]
"""
    assert list(dpd_windows.check(make_handbook({"procedures/p.yaml": text}))) == []
