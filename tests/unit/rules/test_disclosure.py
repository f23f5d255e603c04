"""disclosure.*: no loan wording before the borrower is verified; third parties only when the borrower
cannot be reached, with that condition written where staff read it."""

from __future__ import annotations

import pytest

from cuishou.schema.rules import disclosure
from tests.unit.rules.conftest import MakeHandbook

SCRIPT = """\
id: s
title: 话术
scenario: {scenario}
turns:
{turns}
dos: [{dos}]
sources: [{{seed: house, section: 话术}}]
"""
OPEN = "您好，我是某某公司的工作人员，工号 1024。请问是张先生本人吗？"
VERIFY = "麻烦您说一下身份证号码后四位，我核对一下。"
PURPOSE = "谢谢张先生。我这边是某某消费金融公司，您在我司的借款本期应还××元。"

PROCEDURE = """\
id: p
title: 流程
summary: 流程
stages:
  - id: a
    title: 阶段
    goal: 目标
    channels: [phone]
    contacts: [借款人本人, {contact}]
    steps:
      - {{id: x, actor: 专员, action: "{action}", timing: 每日 08:00—21:00 之间}}
sources: [{{seed: house, section: 流程}}]
"""

COUNTER = """\
id: c
title: 错误示范
technique: 冒充法务部
breaks: [conduct:r]
why: 冒充身份
lawful_alternative: {alternative}
sources: [{{seed: house, section: 示范}}]
"""
RULE = """\
id: r
title: 红线
severity: warning
kind: required
description: 说明
examples:
  violating: [甲, 乙]
  compliant: ["{compliant}", 请先核对一下身份证号后四位。]
sources: [{{seed: house, section: 红线}}]
"""


def script(turns: list[tuple[str, str]], scenario: str = "首次致电借款人", dos: str = "礼貌") -> str:
    body = "\n".join(f"  - {{speaker: {who}, text: '{text}'}}" for who, text in turns)
    return SCRIPT.format(scenario=scenario, turns=body, dos=dos)


def findings(make_handbook: MakeHandbook, files: dict[str, str]) -> list[tuple[str, int, str, str]]:
    hb = make_handbook(files)
    return [(f.rule, f.line, f.message_key, f.params.get("found") or f.params.get("who")) for f in disclosure.check(hb)]


def test_verify_then_name_the_loan_passes(make_handbook: MakeHandbook) -> None:
    turns = [
        ("collector", OPEN),
        ("debtor", "是我。"),
        ("collector", VERIFY),
        ("debtor", "1234"),
        ("collector", PURPOSE),
    ]
    assert findings(make_handbook, {"scripts/s.yaml": script(turns)}) == []


def test_loan_wording_in_the_opener_is_an_error_at_its_turn(make_handbook: MakeHandbook) -> None:
    opener = "您好，我是某某消费金融公司贷后服务的工作人员，工号 1024。请问是张先生本人吗？"
    turns = [("collector", opener), ("debtor", "是我。"), ("collector", VERIFY), ("collector", PURPOSE)]
    found = findings(make_handbook, {"scripts/s.yaml": script(turns)})
    assert found == [("disclosure.before-verification", 5, "disclosure.before-verification", "消费金融")]


def test_a_dialogue_that_never_verifies_may_not_name_the_loan(make_handbook: MakeHandbook) -> None:
    turns = [("collector", OPEN), ("third_party", "他不在。"), ("collector", "麻烦转告他，这期还款已经逾期了。")]
    scenario = "拨打借款人本人的号码，接电话的是别人"
    found = findings(make_handbook, {"scripts/s.yaml": script(turns, scenario)})
    assert found == [("disclosure.before-verification", 7, "disclosure.never-verified", "还款")]


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (
            [("collector", "您好，请问是王女士吗？"), ("collector", VERIFY), ("collector", "您的信用卡账单已到期。")],
            None,
        ),
        ([("collector", "您好，信用卡中心，请问是王女士吗？"), ("collector", VERIFY)], (0, "信用卡", True)),
        ([("debtor", "我知道欠了钱。"), ("collector", VERIFY), ("collector", "您的欠款……")], None),
        ([("collector", "请他回个电话，谢谢。")], None),
        ([("collector", "请他尽快处理欠款。")], (0, "欠", False)),
    ],
)
def test_loan_before_verification(turns: list[tuple[str, str]], expected: tuple[int, str, bool] | None) -> None:
    assert disclosure.loan_before_verification(turns) == expected


def test_a_call_to_a_third_party_needs_the_written_condition(make_handbook: MakeHandbook) -> None:
    turns = [("collector", OPEN.replace("请问是张先生本人吗？", "麻烦转接销售部张先生。")), ("third_party", "他不在。")]
    unconditioned = script(turns, "借款人手机没接，致电其单位总机请总机转接本人")
    assert findings(make_handbook, {"scripts/s.yaml": unconditioned}) == [
        ("disclosure.third-party-unconditioned", 3, "disclosure.third-party-unconditioned", "单位总机")
    ]
    conditioned = script(turns, "致电其单位总机请总机转接本人", dos="只在多次联系仍无法联系借款人本人时使用")
    assert findings(make_handbook, {"scripts/s.yaml": conditioned}) == []
    own_number = script(turns, "拨打借款人本人的号码，接电话的是其家人")
    assert findings(make_handbook, {"scripts/s.yaml": own_number}) == []


@pytest.mark.parametrize(
    ("contact", "action", "expected"),
    [
        ("保证人（仅限合同约定的保证人）", "核实本人后说明来意", []),
        (
            "借款人预留的联系人（仅在无法联系借款人本人时请其转告回电）",
            "经多次联系仍无法联系借款人本人时，可致电其预留的联系人",
            [],
        ),
        ("借款人单位总机（仅用于转接本人）", "核实本人后说明来意", [(9, "单位总机")]),
        ("借款人本人（不向同事透露欠款）", "借款人手机未接通时，致电其单位总机请总机转接", [(11, "单位总机")]),
        ("借款人本人", "长期无法接通的，致电其预留的联系人", []),
        ("借款人本人", "只通过合法渠道更新联系方式，不联系借款人的同事", []),
    ],
)
def test_procedure_contacts_and_steps(
    make_handbook: MakeHandbook, contact: str, action: str, expected: list[tuple[int, str]]
) -> None:
    found = findings(make_handbook, {"procedures/p.yaml": PROCEDURE.format(contact=contact, action=action)})
    assert [(line, who) for _, line, _, who in found] == expected


def test_unconditioned_third_party() -> None:
    assert disclosure.unconditioned_third_party("借款人单位总机（请总机转接本人）") == "单位总机"
    assert disclosure.unconditioned_third_party("预留的联系人（借款人失联时请其转告回电）") is None
    assert disclosure.unconditioned_third_party("借款人本人") is None
    # one unanswered call is not "cannot be reached"; days of them are
    assert disclosure.unconditioned_third_party("手机无法接通时致电单位总机") == "单位总机"
    assert disclosure.unconditioned_third_party("手机多日多次无法接通时致电单位总机") is None


@pytest.mark.parametrize(
    ("alternative", "expected"),
    [
        ("“您好，我是某某公司的工作人员，工号 1024，请问是张先生本人吗？”核实后再说明：“关于您信用卡的还款……”", []),
        ("“您好，我是某某公司的催收员，受某银行委托，关于您名下信用卡的还款事宜。”", ["催收"]),
        ("对联系人只说：“请转告他回电。”", []),
        ("不接电话就致电其单位领导，请领导转告他回电。", ["单位"]),
        ("多次联系仍无法联系本人时，才致电其单位总机请转接本人。", []),
    ],
)
def test_counter_example_alternatives(make_handbook: MakeHandbook, alternative: str, expected: list[str]) -> None:
    found = findings(make_handbook, {"counter-examples/c.yaml": COUNTER.format(alternative=alternative)})
    assert [hit for _, _, _, hit in found] == expected


def test_conduct_rule_openers(make_handbook: MakeHandbook) -> None:
    bad = RULE.format(compliant="您好，我是某银行信用卡中心的工作人员，工号 1024，请问是王先生本人吗？")
    assert findings(make_handbook, {"conduct/r.yaml": bad}) == [
        ("disclosure.before-verification", 8, "disclosure.opener", "信用卡")
    ]
    good = RULE.format(compliant="您好，我是某某公司的工作人员，工号 1024，请问是王先生本人吗？")
    assert findings(make_handbook, {"conduct/r.yaml": good}) == []


def test_messages_in_both_languages(make_handbook: MakeHandbook) -> None:
    opener = "您好，我是某某消费金融公司的工作人员。请问是张先生本人吗？"
    hb = make_handbook({"scripts/s.yaml": script([("collector", opener), ("collector", VERIFY)])})
    (finding,) = disclosure.check(hb)
    assert "消费金融" in finding.message("zh") and "消费金融" in finding.message("en")
    assert finding.severity.value == "error"
