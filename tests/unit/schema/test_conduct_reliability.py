"""Pattern records: counted per register from labelled lines, keyed by the pattern's definition, and a hit
with a good record stands against the model's veto while one with a poor or no record does not."""

from __future__ import annotations

import pytest

from cuishou.schema.conduct_corpus import Labelled
from cuishou.schema.conduct_engine import ConductEngine, Decision
from cuishou.schema.conduct_model import MODEL_PATH, ConductModel, parse
from cuishou.schema.conduct_reliability import pattern_records
from cuishou.schema.models.conduct import ConductRule
from tests.helpers import conduct_rule

PAINT = {"id": "paint", "all": [["泼油漆|喷漆"]]}
LINE = "對被害人多次采用潑油漆、塞門鎖等方法進行恐嚇"  # read simplified, like every line


def rules(pattern: dict[str, object]) -> list[ConductRule]:
    return [conduct_rule("stalking-shaming", [pattern])]


def labelled(text: str, label: str, register: str = "descriptive") -> Labelled:
    return Labelled(text=text, label=label, path="p", index=1, register=register, real=True)  # type: ignore[arg-type]


def test_records_count_right_rules_per_labelled_register() -> None:
    engine = ConductEngine(rules(PAINT))
    lines = [
        labelled("张某在其家门口泼油漆逼其还款", "stalking-shaming"),
        labelled("讨债人员喷漆写下“还钱”二字", "stalking-shaming"),
        labelled("文章列举了泼油漆等违法手段", "lawful"),
        labelled("不还钱就给你家泼油漆", "threat-violence", "spoken"),
        labelled("今天天气很好", "lawful"),
    ]
    key = engine.pattern_key("stalking-shaming", "paint")
    assert pattern_records(engine, lines) == {key: {"descriptive": [2, 3], "spoken": [0, 1]}}


def test_an_edited_pattern_has_a_new_key_and_a_note_does_not_change_it() -> None:
    key = ConductEngine(rules(PAINT)).pattern_key("stalking-shaming", "paint")
    edited = ConductEngine(rules({**PAINT, "all": [["泼油漆"]]})).pattern_key("stalking-shaming", "paint")
    noted = ConductEngine(rules({**PAINT, "note": "说明"})).pattern_key("stalking-shaming", "paint")
    assert key is not None and key.startswith("stalking-shaming/paint@")
    assert edited != key
    assert noted == key
    assert ConductEngine(rules(PAINT)).pattern_key("stalking-shaming", "other") is None


@pytest.fixture(scope="module")
def shipped() -> ConductModel:
    return parse(MODEL_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("record", "stands"),
    [(None, False), ((1, 10), False), ((9, 10), True), ((0, 0), False)],
)
def test_a_good_record_lets_a_hit_stand_against_a_veto(
    shipped: ConductModel, record: tuple[int, int] | None, stands: bool
) -> None:
    model = shipped
    engine = ConductEngine(rules(PAINT), model=model, decision=Decision(veto={"descriptive": 1.01}, trust=0.6))
    key = engine.pattern_key("stalking-shaming", "paint")
    assert key is not None
    saved = model.patterns
    model.patterns = {key: {"descriptive": record}} if record is not None else {}
    try:
        found = engine.scan_many([LINE], ["descriptive"])[0]
    finally:
        model.patterns = saved
    assert any(h.pattern == "paint" for h in found) is stands
