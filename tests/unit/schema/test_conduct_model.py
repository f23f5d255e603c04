"""The conduct model: normalisation, training determinism, the shipped file, verdicts, and the engine's use."""

from __future__ import annotations

import pytest

from cuishou.schema import conduct_model
from cuishou.schema.conduct_corpus import read_corpus_dir
from cuishou.schema.conduct_engine import MODEL_PATTERN, ConductEngine
from cuishou.schema.conduct_model import LAWFUL, ConductModel, load_model, normalise, parse, train
from cuishou.schema.models.conduct import ConductRule
from tests.conftest import ROOT
from tests.unit.schema.test_conduct_engine import RULE

TRAIN = ROOT / "corpus" / "conduct" / "train"

#: a toy corpus: enough for the model to tell three kinds of line apart
TOY = [
    ("你再不还钱我就打断你的腿", "threat-violence"),
    ("小心你的腿，晚上走路注意点", "threat-violence"),
    ("我就打断你的腿，你等着", "threat-violence"),
    ("你这个老赖，真不要脸", "insult"),
    ("不要脸的老赖，丢人", "insult"),
    ("老赖就是老赖，真丢人", "insult"),
    ("您好，请问是张先生本人吗", LAWFUL),
    ("您好，我们可以为您申请分期还款", LAWFUL),
    ("请问您本月什么时候方便还款", LAWFUL),
    ("如有困难，我们可以为您申请分期", LAWFUL),
]


def toy() -> ConductModel:
    return parse(train(TOY))


def test_normalise_folds_width_case_and_script_without_moving_offsets() -> None:
    text = "ＡＢ１２　執行\t數據"
    folded = normalise(text)
    assert folded == "ab12 执行 数据"
    assert len(folded) == len(text)


def test_training_is_deterministic_and_holds_only_integer_counts() -> None:
    first = train(TOY)
    assert train(list(reversed(TOY))) == first
    for row in first.splitlines()[1:]:
        _, cells = row.rsplit("\t", 1)
        assert all(k.isdigit() and n.isdigit() for k, _, n in (c.partition(":") for c in cells.split()))


def test_a_corpus_without_lawful_lines_is_refused() -> None:
    with pytest.raises(ValueError, match="lawful"):
        train([("你这个老赖", "insult")])


def test_a_file_that_is_not_a_model_is_refused() -> None:
    with pytest.raises(ValueError):
        parse('{"format": 99}\n')


def test_verdicts_name_the_rule_and_point_at_telling_words() -> None:
    model = toy()
    verdict = model.judge("明天晚上打断你的腿")
    assert verdict is not None and verdict.rule == "threat-violence"
    assert "明天晚上打断你的腿"[verdict.start : verdict.end] in "打断你的腿"
    insult = model.judge("老赖真丢人")
    assert insult is not None and insult.rule == "insult"
    assert model.judge("您好，请问您什么时候方便还款") is None
    assert model.probability("您好，请问您什么时候方便还款") < 0.5 < model.probability("老赖真丢人")


def test_a_verdict_names_only_allowed_rules() -> None:
    model = toy()
    verdict = model.judge("老赖真丢人", rules={"threat-violence"})
    assert verdict is not None and verdict.rule == "threat-violence"
    assert model.judge("老赖真丢人", rules=set()) is None


def test_unknown_text_gets_no_verdict() -> None:
    assert toy().judge("😀😀") is None


def test_the_shipped_model_is_what_the_corpus_trains() -> None:
    """The staleness check: change corpus/conduct/train/ and run ``handbook train-conduct``."""
    lines = read_corpus_dir(TRAIN)
    expected = train((line.text, line.label) for line in lines)
    assert conduct_model.MODEL_PATH.read_text(encoding="utf-8") == expected


def test_the_shipped_model_knows_every_rule_of_the_handbook() -> None:
    from cuishou.schema.rules.conduct import CONDUCT_IDS

    assert sorted(load_model().classes) == sorted([LAWFUL, *CONDUCT_IDS])


def rule(ident: str, patterns: list[dict[str, object]]) -> ConductRule:
    return ConductRule.model_validate({**RULE, "id": ident, "patterns": patterns})


def test_the_engine_asks_the_model_only_when_no_pattern_fires() -> None:
    rules = [rule("insult", [{"id": "lai", "all": [["老赖"]]}]), rule("threat-violence", [])]
    engine = ConductEngine(rules, model=toy())
    (hit,) = engine.scan("老赖真丢人")
    assert hit.pattern == "lai" and not hit.from_model and hit.confidence is None
    (hit,) = engine.scan("明天晚上打断你的腿")
    assert hit.from_model and hit.pattern == MODEL_PATTERN and hit.rule == "threat-violence"
    assert hit.confidence is not None and hit.confidence > 0.5
    assert engine.patterns_only().scan("明天晚上打断你的腿") == ()


def test_the_model_vetoes_a_pattern_hit_on_a_line_it_is_sure_is_lawful() -> None:
    rules = [rule("insult", [{"id": "fen", "all": [["分期"]]}])]
    sure_lawful = "您好，如有困难，我们可以为您申请分期还款，请问您什么时候方便"
    assert ConductEngine(rules, model=toy()).scan(sure_lawful) == ()
    assert ConductEngine(rules).scan(sure_lawful) != ()


def test_clock_hits_and_rules_the_model_does_not_know_are_never_vetoed() -> None:
    lawful_words = "您好，如有困难，我们可以为您申请分期还款，请问您什么时候方便"
    clock = rule("contact-hours", [{"id": "late", "all": [["打给"]], "clock": "outside-window"}])
    custom = rule("house-rule", [{"id": "fen", "all": [["分期"]]}])
    engine = ConductEngine([clock, custom], model=toy())
    found = {h.rule for h in engine.scan(lawful_words + "，今晚十一点再打给您")}
    assert found == {"contact-hours", "house-rule"}
