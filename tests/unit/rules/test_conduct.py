"""conduct.*: the rule catalogue's own examples, the evaluation sets, and the handbook checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from cuishou.schema import conduct_corpus
from cuishou.schema.check import load_handbook
from cuishou.schema.conduct_engine import ConductEngine
from cuishou.schema.findings import Severity
from cuishou.schema.rules import conduct
from tests.conftest import MINI, ROOT, SHIPPED
from tests.unit.rules.conftest import MakeHandbook

HANDBOOK, _ = load_handbook(SHIPPED)
ENGINE = conduct.engine_for(HANDBOOK)
#: the patterns alone (``--no-model``), which the early synthetic sets were tuned on
PATTERNS = ENGINE.patterns_only()
RULES: list[Any] = [r.entry for r in HANDBOOK.records("conduct_rule")]
CORPUS = ROOT / "corpus" / "conduct"
DATA = CORPUS / "synthetic" / "train"


def test_every_fixed_rule_id_has_an_entry() -> None:
    assert sorted(r.id for r in RULES) == sorted(conduct.CONDUCT_IDS)
    for rule in RULES:
        assert (rule.kind == "required") == (not rule.patterns), rule.id


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule: Any) -> None:
    for sentence in rule.examples.violating:
        if rule.patterns:  # required conduct (identity, recording) has no patterns; the model may name it
            assert rule.id in {h.rule for h in ENGINE.scan(sentence, "spoken")}, sentence
    for sentence in rule.examples.compliant:
        assert ENGINE.scan(sentence, "spoken") == (), sentence


def measure(name: str) -> tuple[float, float, list[str]]:
    """(recall, false-alarm rate, misses) of the shipped patterns on one labelled set they were tuned on."""
    items = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    unlawful = [i for i in items if i["label"] == "unlawful"]
    lawful = [i for i in items if i["label"] == "lawful"]
    missed = [i["text"] for i in unlawful if not PATTERNS.scan(i["text"])]
    alarms = [i["text"] for i in lawful if PATTERNS.scan(i["text"])]
    return 1 - len(missed) / len(unlawful), len(alarms) / len(lawful), missed + alarms


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("conduct_*.yaml")))
def test_patterns_keep_their_level_on_the_sets_they_were_tuned_on(name: str) -> None:
    """A regression guard for the patterns (``model_t*.yaml`` were written for the model, not tuned on)."""
    recall, false_alarm, wrong = measure(name)
    assert recall >= 0.95 and false_alarm <= 0.10, (recall, false_alarm, wrong)


def test_evaluation_set_is_large_and_varied() -> None:
    items = yaml.safe_load((DATA / "conduct_eval.yaml").read_text(encoding="utf-8"))
    assert len(items) >= 150
    rules = {i["rule"] for i in items if i["label"] == "unlawful"}
    assert rules == {r.id for r in RULES if r.patterns}
    assert sum(i["label"] == "lawful" for i in items) >= 50


def test_flagged_unlawful_sentence_names_its_rule() -> None:
    items = yaml.safe_load((DATA / "conduct_eval.yaml").read_text(encoding="utf-8"))
    wrong = [
        i["text"]
        for i in items
        if i["label"] == "unlawful" and i["rule"] not in {h.rule for h in ENGINE.scan(i["text"])}
    ]
    assert len(wrong) <= 0.1 * len(items), wrong


SCRIPT = """\
id: s
title: 话术
scenario: 场景
turns:
  - speaker: collector
    text: {collector}
    note: {note}
  - speaker: debtor
    text: 你们是不是要抓我？要告诉我家人我欠钱吗？
sources: [{{seed: "002", section: 话术}}]
"""


def copy_rules() -> dict[str, str]:
    return {f"conduct/{p.name}": p.read_text(encoding="utf-8") for p in (SHIPPED / "conduct").glob("*.yaml")}


def run(make_handbook: MakeHandbook, files: dict[str, str]) -> list[tuple[str, int, Severity]]:
    hb = make_handbook({**copy_rules(), **files})
    return [(f.rule, f.line, f.severity) for f in conduct.check(hb)]


def test_script_turn_is_linted_and_debtor_is_not(make_handbook: MakeHandbook) -> None:
    bad = SCRIPT.format(collector="我是法务部的，已经收到立案材料了。", note="客户情绪激动")
    assert run(make_handbook, {"scripts/s.yaml": bad}) == [("conduct.impersonation-authority", 6, Severity.ERROR)]
    good = SCRIPT.format(collector="法务部门将依法评估，目前还没有做出决定。", note="客户情绪激动")
    assert run(make_handbook, {"scripts/s.yaml": good}) == []


def test_severity_comes_from_the_rule_data(make_handbook: MakeHandbook) -> None:
    files = copy_rules()
    files["conduct/insult.yaml"] = files["conduct/insult.yaml"].replace("severity: error", "severity: warning")
    files["scripts/s.yaml"] = SCRIPT.format(collector="你这种老赖就是垃圾。", note="说明")
    hb = make_handbook(files)
    assert [(f.rule, f.severity) for f in conduct.check(hb)] == [("conduct.insult", Severity.WARNING)]


def test_labelled_counter_example_is_exempt_but_must_trigger(make_handbook: MakeHandbook) -> None:
    labelled = SCRIPT.format(collector="【错误示范】我是法务部的，已经收到立案材料了。", note="说明")
    assert run(make_handbook, {"scripts/s.yaml": labelled}) == []
    by_note = SCRIPT.format(collector="你这种老赖就是垃圾。", note="错误示范：辱骂")
    assert run(make_handbook, {"scripts/s.yaml": by_note}) == []
    silent = SCRIPT.format(collector="【错误示范】您好，请问是张先生本人吗？", note="说明")
    assert run(make_handbook, {"scripts/s.yaml": silent}) == [("conduct.counter-example-silent", 6, Severity.ERROR)]


REVIEW = """\
conduct_reviewed:
  - text: {text}
    rule: {rule}
    reason: 复核理由
"""


def test_a_reviewed_false_alarm_is_not_reported_and_a_stale_review_is(make_handbook: MakeHandbook) -> None:
    """``conduct_reviewed`` records a finding a reviewer judged a false alarm: that text and rule only."""
    said = "我是法务部的，已经收到立案材料了。"
    script = SCRIPT.format(collector=said, note="说明")
    reviewed = script + REVIEW.format(text=said, rule="conduct:impersonation-authority")
    assert run(make_handbook, {"scripts/s.yaml": reviewed}) == []
    # the text changed: the finding is back, and the review that matches nothing is stale
    edited = SCRIPT.format(collector=said + "请配合。", note="说明") + REVIEW.format(
        text=said, rule="conduct:impersonation-authority"
    )
    assert run(make_handbook, {"scripts/s.yaml": edited}) == [
        ("conduct.impersonation-authority", 6, Severity.ERROR),
        ("conduct.review-stale", 12, Severity.WARNING),
    ]
    # a review covers one rule: another rule's finding on the same text is still reported
    other = script + REVIEW.format(text=said, rule="conduct:insult")
    assert run(make_handbook, {"scripts/s.yaml": other}) == [
        ("conduct.impersonation-authority", 6, Severity.ERROR),
        ("conduct.review-stale", 12, Severity.WARNING),
    ]


def test_a_review_needs_a_reason_and_a_conduct_rule(tmp_path: Path) -> None:
    """A review without a reason, or naming a rule that does not exist, is an error, and the finding stays."""
    from cuishou.schema.check import check_path
    from tests.unit.rules.conftest import META

    said = "我是法务部的，已经收到立案材料了。"
    script = SCRIPT.format(collector=said, note="说明")
    cases = {
        "ref.unresolved": script + REVIEW.format(text=said, rule="conduct:no-such-rule"),
        "schema.missing": script
        + REVIEW.format(text=said, rule="conduct:impersonation-authority").replace("    reason: 复核理由\n", ""),
    }
    for expected, text in cases.items():
        root = tmp_path / expected
        for rel, body in {**copy_rules(), "meta.yaml": META, "scripts/s.yaml": text}.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(body, encoding="utf-8")
        script_file = str(root / "scripts" / "s.yaml")
        found = {(f.rule, f.line) for f in check_path(root).findings if f.location.file == script_file}
        assert (expected, 13 if expected == "ref.unresolved" else 12) in found, (expected, found)
        assert ("conduct.impersonation-authority", 6) in found, (expected, found)


COUNTER = """\
id: c
title: 错误示范
technique: {technique}
breaks: [conduct:impersonation-authority]
why: 原因
lawful_alternative: 合法做法
sources: [{{seed: "002", section: 开场}}]
"""


def test_counter_example_entry_must_trigger_the_rule_it_breaks(make_handbook: MakeHandbook) -> None:
    good = COUNTER.format(technique="开场自称“银行总部法务部”，声称已收到立案材料。")
    assert run(make_handbook, {"counter-examples/c.yaml": good}) == []
    stale = COUNTER.format(technique="开场先问候客户。")
    assert run(make_handbook, {"counter-examples/c.yaml": stale}) == [
        ("conduct.counter-example-silent", 4, Severity.ERROR)
    ]


def test_rule_examples_are_checked_by_validate(make_handbook: MakeHandbook) -> None:
    files = copy_rules()
    text = files["conduct/insult.yaml"]
    files["conduct/insult.yaml"] = text.replace(
        "    - 欠钱不还的人渣，还有脸接电话？", "    - 您好，请问您方便说话吗？"
    ).replace("    - 感谢您接听电话，我们一起商量还款办法。", "    - 你这个老赖。")
    found = run(make_handbook, files)
    assert sorted(r for r, _, _ in found) == ["conduct.example-false-alarm", "conduct.example-missed"]


def test_course_topics_are_linted(make_handbook: MakeHandbook) -> None:
    course = (MINI / "courses" / "collection-basics-2h.yaml").read_text(encoding="utf-8")
    course = course.replace("自我情绪调节的方法", "教学员说：再不还钱就让警察把你带走")
    found = run(make_handbook, {"courses/c.yaml": course})
    assert [r for r, _, _ in found] == ["conduct.false-legal-consequence"]


def test_procedure_steps_are_linted(make_handbook: MakeHandbook) -> None:
    proc = (MINI / "procedures" / "collection-lifecycle.yaml").read_text(encoding="utf-8")
    proc = proc.replace("发送还款提醒并告知还款金额、日期和渠道", "群发借款人通讯录，告诉所有联系人他欠款不还")
    found = run(make_handbook, {"procedures/p.yaml": proc})
    assert [r for r, _, _ in found] == ["conduct.third-party-disclosure"]


def test_invalid_regex_is_a_schema_finding_not_a_crash(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "hb"
    shutil.copytree(SHIPPED, root)
    path = root / "conduct" / "insult.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"老赖"', '"老赖("'), encoding="utf-8")
    _, findings = load_handbook(root)
    assert [f.rule for f in findings] == ["schema.invalid"]


def test_engine_is_reused_per_text() -> None:
    engine = ConductEngine(RULES)
    first = engine.scan("今晚十一点我再打给你。")
    assert engine.scan("今晚十一点我再打给你。") is first


#: trainer-facing lines (course topics, procedure steps) that name unlawful practices to forbid them
TEACHING = [
    "识别冒充公检法的违规话术",
    "不得向第三方透露借款人的欠款信息",
    "联系借款人单位总机时只请求转接本人",
    "晚上十点以后禁止外呼",
    "讲解逾期对征信的影响以及诉讼时效",
    "了解借款人家庭状况以评估还款能力",
    "告知借款人逾期后果：征信记录、依法起诉的可能",
    "催收员不得威胁、辱骂借款人",
    "案例分析：借款人失联时如何合法寻找",
    "与紧急联系人沟通时只请其转告回电",
    "演练：借款人称要投诉时如何应对",
    "讨论：为什么不能让家人代为还款",
    "外访须两人同行并全程录像",
    "识别恶意逃废债的信号",
    "法律程序：支付令、诉讼、强制执行",
    "法院强制执行阶段，由法院依法查封、冻结财产",
    "夜间22:00至次日8:00不得催收",
    "核实身份后再说明欠款事项",
    "如客户同意，可在晚上九点半前回电",
    "向借款人说明民法典关于诉讼时效的规定",
]


@pytest.mark.parametrize("line", TEACHING)
def test_teaching_text_about_red_lines_is_not_flagged(line: str) -> None:
    """Topics and steps (instruction register) that name a practice to forbid or explain it never fire."""
    assert ENGINE.scan(line, "instruction") == ()
    assert ENGINE.scan(line) == ()  # nor when the register is left to the model (lint-text)


#: passages of the seed documents that teach unlawful practice (quoted in the issue), with their rule
SEED_PASSAGES = [
    ("逼其父母进行施压", "third-party-collection"),
    ("对知情联系人，可透露贷款信息", "third-party-disclosure"),
    ("给客户或者客户亲朋好友施加压力", "third-party-collection"),
    ("让其跟亲戚朋友借款，或是直接联系其家里人让家里人帮客户还款", "borrow-to-repay"),
    ("致电其身份证所属居委，让其转告客户亲属", "third-party-data"),
    ("后向联系人问：持单位，单位地址，是否结婚，配偶电话，配偶单位，配偶单位地址，持现住宅地址", "third-party-data"),
    ("跳票后立即找其他人或者第三方进行施压，尽快实现还款", "third-party-collection"),
    ("您的孩子以后考公务员、参军政审都会受影响", "false-legal-consequence"),
    ("对其親屬家庭施加壓力，把事情搞大", "third-party-collection"),
]

#: statements of rules quoted in the issue (a guideline, a standard, the criminal law itself)
RULE_STATEMENTS = [
    "催收人员不得在22:00至次日早8:00期间进行催收",
    "不应透露债务人的逾期欠款金额",
    "有下列情形之一，催收高利放贷等产生的非法债务，情节严重的，处三年以下有期徒刑、拘役或者管制，"
    "并处或者单处罚金：（一）使用暴力、胁迫方法的；（二）限制他人人身自由或者侵入他人住宅的；"
    "（三）恐吓、跟踪、骚扰他人的。",
]


@pytest.mark.parametrize(("text", "rule"), SEED_PASSAGES)
def test_seed_passages_that_teach_unlawful_practice_are_flagged(text: str, rule: str) -> None:
    for register in ("instruction", None):
        assert ENGINE.scan(text, register), (text, register)


def test_validate_flags_each_seed_passage_pasted_into_a_course_topic(make_handbook: MakeHandbook) -> None:
    """Where an author copies seed text: a topic of a course module, linted by ``handbook validate``."""
    original = (MINI / "courses" / "collection-basics-2h.yaml").read_text(encoding="utf-8")
    assert "自我情绪调节的方法" in original
    for text, _ in SEED_PASSAGES:
        course = original.replace("自我情绪调节的方法", text.replace("：", "，"))
        found = [(r, line) for r, line, _ in run(make_handbook, {"courses/c.yaml": course})]
        assert any(r.startswith("conduct.") for r, _ in found), text


@pytest.mark.parametrize("text", RULE_STATEMENTS)
def test_statements_that_forbid_a_practice_never_fire(text: str) -> None:
    for register in ("instruction", "descriptive", None):
        assert ENGINE.scan(text, register) == (), (text, register)


def test_held_out_sentences_are_not_in_the_training_corpus() -> None:
    trained = {line.text for line in conduct_corpus.training_lines(CORPUS)}
    for folder in (CORPUS / "synthetic" / "heldout", CORPUS / "real" / "heldout"):
        for path in sorted(folder.glob("*.yaml")):
            leaked = [line.text for line in conduct_corpus.read_corpus(path) if line.text in trained]
            assert leaked == [], (path.name, leaked)


def _flags(batch: list[Any]) -> list[frozenset[str]]:
    return [frozenset(h.rule for h in hits) for hits in ENGINE.scan_many([line.text for line in batch])]


def test_the_lint_keeps_its_measured_level_on_the_real_held_out_split() -> None:
    """A regression guard at the level measured once every setting was fixed (README: 57.1 % recall,
    48.2 % right rule, 7.1 % false alarms on 300 sources), less a margin. It is NOT the bar the project
    aims for (≥ 90 % / ≥ 80 % / ≤ 5 %); see the README for what the lint misses."""
    scores = conduct_corpus.score_by_register(_flags, conduct_corpus.read_corpus_dir(CORPUS / "real" / "heldout"))
    pooled = scores["all"]
    assert pooled.unlawful >= 500 and pooled.lawful >= 2700
    assert pooled.recall >= 0.55 and pooled.right_rule_rate >= 0.46, pooled.summary()
    assert pooled.false_alarm_rate <= 0.075, pooled.summary()
    assert scores["rule"].false_alarm_rate <= 0.07, scores["rule"].summary()


def test_the_lint_keeps_its_measured_level_on_the_synthetic_held_out_sets() -> None:
    """Measured at 94.5 % recall and 5.6 % false alarms (just below the 95 % these sets were held to)."""
    lines = conduct_corpus.read_corpus_dir(CORPUS / "synthetic" / "heldout")
    pooled = conduct_corpus.score(_flags, lines)
    assert pooled.recall >= 0.93 and pooled.false_alarm_rate <= 0.07, pooled.summary()


def test_an_entry_that_fails_its_model_is_still_linted(handbook_copy: Path) -> None:
    """An unknown key and an unlawful topic in one course: validate reports both in one run."""
    from cuishou.schema.check import check_path

    path = handbook_copy / "courses" / "collection-basics-2h.yaml"
    course = path.read_text(encoding="utf-8")
    assert "及时回收对机构资金健康和风险控制的意义" in course
    broken = course.replace("及时回收对机构资金健康和风险控制的意义", "逼其父母进行施压") + "bogus_key: 1\n"
    path.write_text(broken, encoding="utf-8")
    rules = {f.rule for f in check_path(handbook_copy).findings}
    assert "schema.extra-key" in rules and "conduct.third-party-collection" in rules, rules
