"""Whoever answers learns nothing about a loan: verify the borrower first, and reach third parties only
when the borrower cannot be reached.

个人信息保护法 (arts. 10, 23, 25) and the industry rules (GB/T 45251—2025; 中银协 2026 指引) forbid telling
anyone but the borrower about the debt. Two places in teaching material break this without a single
unlawful word, so the conduct lint cannot see them:

* ``disclosure.before-verification`` — a script whose collector names the loan (贷, 欠, 逾期, 还款,
  信用卡, 消费金融 …) before the turn that verifies the borrower (身份证号后四位, 核对): "我是某某消费金融
  公司贷后服务的工作人员" already tells a spouse or colleague that there is a loan. A script without a
  verification turn (a call to a contact, a switchboard) may not name it at all. The same holds for a
  call opener (“您好，我是……”) written as a counter-example's lawful alternative or a red line's
  compliant example: nothing about the loan before "请问是…本人吗".
* ``disclosure.third-party-unconditioned`` — contact with a third party (单位总机, 同事, 联系人, 家人 …)
  in a procedure stage's contacts or steps, a script in which the collector calls one, or a
  counter-example's lawful alternative, without the written condition that the borrower cannot be
  reached (无法联系本人, 失联, 多日多次无法接通 …). One unanswered call does not make a workplace call
  lawful; the condition must be in the data where staff read it.
  Guarantors (保证人, 担保人) are liable for the debt and are not third parties here.

PASS::

    turns:
      - {speaker: collector, text: 您好，我是某某公司的工作人员，工号 1024。请问是张先生本人吗？}
      - {speaker: collector, text: 麻烦您说一下身份证号码后四位，我核对一下。}
      - {speaker: collector, text: 您在我司的借款本期应还××元。}
    contacts: [借款人预留的联系人（仅在无法联系借款人本人时请其转告回电）]

FAIL::

    turns:
      - {speaker: collector, text: 您好，我是某某消费金融公司贷后服务的工作人员。}  # disclosure.before-verification
    contacts: [借款人单位总机（请总机转接本人）]      # disclosure.third-party-unconditioned
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..findings import Finding, Severity, define_messages
from .base import RuleInfo

if TYPE_CHECKING:
    from ..models.handbook import Handbook, Record

RULES = (
    RuleInfo(
        "disclosure.before-verification",
        Severity.ERROR,
        "核实本人之前提及借贷",
        "loan mentioned before the borrower is verified",
    ),
    RuleInfo(
        "disclosure.third-party-unconditioned",
        Severity.ERROR,
        "联系第三方没有写明“无法联系本人”的前提",
        "third-party contact without the condition that the borrower cannot be reached",
    ),
)

define_messages(
    {
        "disclosure.before-verification": (
            "核实对方是借款人本人之前，催收员说了“{found}”，接电话的人会因此知道有借贷：开场只说姓名、工号和"
            "公司名称，核实本人（如身份证号后四位）之后再说明来意",
            "the collector says '{found}' before verifying the borrower, which tells whoever answers that there is "
            "a loan: open with name, staff number and company only, and state the purpose after verification",
        ),
        "disclosure.never-verified": (
            "这段对话没有核实借款人本人的环节，催收员却说了“{found}”：对借款人以外的人不得提及借贷",
            "this dialogue never verifies the borrower, yet the collector says '{found}': say nothing about the "
            "loan to anyone but the borrower",
        ),
        "disclosure.opener": (
            "开场白在确认对方是否本人之前就说了“{found}”：先问“请问是…本人吗”，核实后再说明来意",
            "the opener says '{found}' before asking whether this is the borrower: ask first, state the purpose "
            "after verification",
        ),
        "disclosure.third-party-unconditioned": (
            "“{who}”是第三方，这里没有写明只在无法联系借款人本人时才联系：请写明这一前提（如“仅在无法联系借款"
            "人本人时”），或删去",
            "'{who}' is a third party and the text does not say that they are contacted only when the borrower "
            "cannot be reached: write that condition (仅在无法联系借款人本人时) or remove the contact",
        ),
    }
)

#: words that tell a listener there is a loan or a debt
LOAN_WORDS = re.compile(r"贷|欠|逾期|还款|借款|借钱|信用卡|消费金融|账单|账款|应还|催收|分期|扣款")
#: a collector turn that verifies the borrower's identity
VERIFYING = re.compile(r"身份证|后四位|核对|核实.{0,4}身份|出生日期")
#: where an opener asks whether the person is the borrower
ASKS_WHO = re.compile(r"本人吗|本人？|本人\?|核实|核对|身份证|后四位")
_OPENER = re.compile(r"^[“\"]?您好[，,]?\s*我是")
_QUOTE = re.compile(r"“([^”]*)”")
#: people who are not the borrower (guarantors are liable and excluded separately)
THIRD_PARTY = re.compile(
    r"单位总机|总机|单位电话|工作单位|单位|同事|领导|联系人|家人|家属|亲属|亲友|亲戚|父母|配偶|朋友|邻居|居委会|物业"
)
#: the written condition under which a third party may be approached
UNREACHABLE = re.compile(
    r"无法联系|联系不上|未能联系|不能联系|失联|失去联系|(?:多次|长期|多日|连续|反复)[^，。；]{0,10}(?:无法接通|未接通|不接)"
)
_LIABLE = re.compile(r"保证人|担保人")
#: a step that reaches a third party: "致电其预留的联系人", "拨打借款人单位总机" (not "不得联系…")
_REACHES = re.compile(
    r"(?<!不)(?<!得)(?<!不要)(?<!勿)(?<!禁止)(?<!严禁)(?:致电|拨打|打给|打到|联系|转接)[^，。；、]{0,8}?(?P<who>"
    + THIRD_PARTY.pattern
    + ")"
)
#: the collector called the borrower's own number, and someone else answered
_OWN_NUMBER = re.compile(r"本人的(?:号码|电话|手机)|本人号码")


def loan_before_verification(turns: list[tuple[str, str]]) -> tuple[int, str, bool] | None:
    """(turn index, word, verified later?) of the first loan word a collector says before verification."""
    verified_at = next(
        (i for i, (speaker, text) in enumerate(turns) if speaker == "collector" and VERIFYING.search(text)), None
    )
    last = len(turns) - 1 if verified_at is None else verified_at
    for i, (speaker, text) in enumerate(turns[: last + 1]):
        if speaker == "collector" and (hit := LOAN_WORDS.search(text)):
            return i, hit.group(), verified_at is not None
    return None


def loan_in_opener(text: str) -> str | None:
    """The loan word an opener (“您好，我是……”) says before it asks whether this is the borrower."""
    utterances = [m.group(1) for m in _QUOTE.finditer(text)] or [text]
    for utterance in utterances:
        if not _OPENER.search(utterance):
            continue
        ask = ASKS_WHO.search(utterance)
        head = utterance[: ask.start()] if ask else utterance
        if hit := LOAN_WORDS.search(head):
            return hit.group()
    return None


def unconditioned_third_party(text: str) -> str | None:
    """The third party a contact names (before any bracketed remark) without the condition that the
    borrower is unreachable; "借款人本人（不向同事透露）" names no third party."""
    who = THIRD_PARTY.search(re.split(r"[（(]", text, maxsplit=1)[0])
    if who is None or UNREACHABLE.search(text) or _LIABLE.search(text):
        return None
    return who.group()


def check(handbook: Handbook) -> Iterator[Finding]:
    for record in handbook.records("script"):
        yield from _script(record)
    for record in handbook.records("counter_example"):
        alternative = getattr(record.entry, "lawful_alternative", "")
        if found := loan_in_opener(alternative):
            yield _disclosure(record.loc("lawful_alternative"), "disclosure.opener", found)
        if (reach := _REACHES.search(alternative)) and not UNREACHABLE.search(alternative):
            yield _unconditioned(record.loc("lawful_alternative"), reach.group("who"))
    for record in handbook.records("conduct_rule"):
        rule: Any = record.entry
        for i, example in enumerate(rule.examples.compliant):
            if found := loan_in_opener(example):
                yield _disclosure(record.loc("examples", "compliant", i), "disclosure.opener", found)
    for record in handbook.records("procedure"):
        yield from _procedure(record)


def _disclosure(where: Any, key: str, found: str) -> Finding:
    return Finding("disclosure.before-verification", Severity.ERROR, where, key, {"found": found})


def _unconditioned(where: Any, who: str) -> Finding:
    rule = "disclosure.third-party-unconditioned"
    return Finding(rule, Severity.ERROR, where, rule, {"who": who})


def _script(record: Record) -> Iterator[Finding]:
    script: Any = record.entry
    turns = [(turn.speaker, turn.text) for turn in script.turns]
    leak = loan_before_verification(turns)
    if leak is not None:
        index, word, verified = leak
        key = "disclosure.before-verification" if verified else "disclosure.never-verified"
        yield _disclosure(record.loc("turns", index, "text"), key, word)
    calls_third_party = any(speaker == "third_party" for speaker, _ in turns)
    if calls_third_party and not _OWN_NUMBER.search(script.scenario):
        condition = " ".join([script.scenario, *script.dos])
        if not UNREACHABLE.search(condition):
            who = THIRD_PARTY.search(script.scenario)
            yield _unconditioned(record.loc("scenario"), who.group() if who else "第三方")


def _procedure(record: Record) -> Iterator[Finding]:
    procedure: Any = record.entry
    for s, stage in enumerate(procedure.stages):
        for c, contact in enumerate(stage.contacts):
            if who := unconditioned_third_party(contact):
                yield _unconditioned(record.loc("stages", s, "contacts", c), who)
        for t, step in enumerate(stage.steps):
            reach = _REACHES.search(step.action)
            if reach and not UNREACHABLE.search(f"{step.action} {step.timing or ''}"):
                yield _unconditioned(record.loc("stages", s, "steps", t, "action"), reach.group("who"))
