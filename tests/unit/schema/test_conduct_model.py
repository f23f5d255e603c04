"""The conduct model: training determinism, the file format, calibration, scoring, and the shipped file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cuishou.schema.conduct_model import LAWFUL, MODEL_PATH, ConductModel, TrainLine, load_model, parse, train
from tests.conftest import ROOT

#: a toy corpus: enough for the model to tell three kinds of line and two registers apart
TOY = [
    TrainLine("你再不还钱我就打断你的腿", "threat-violence", "spoken"),
    TrainLine("小心你的腿，晚上走路注意点", "threat-violence", "spoken"),
    TrainLine("我就打断你的腿，你等着", "threat-violence", "spoken"),
    TrainLine("你这个老赖，真不要脸", "insult", "spoken"),
    TrainLine("不要脸的老赖，丢人", "insult", "spoken"),
    TrainLine("老赖就是老赖，真丢人", "insult", "spoken"),
    TrainLine("您好，请问是张先生本人吗", LAWFUL, "spoken"),
    TrainLine("您好，我们可以为您申请分期还款", LAWFUL, "spoken"),
    TrainLine("请问您本月什么时候方便还款", LAWFUL, "spoken"),
    TrainLine("如有困难，我们可以为您申请分期", LAWFUL, "spoken"),
    TrainLine("催收人员不得辱骂债务人", LAWFUL, "rule"),
    TrainLine("催收人员不得以暴力相威胁", LAWFUL, "rule"),
    TrainLine("金融机构不得辱骂、威胁债务人", LAWFUL, "rule"),
]


@pytest.fixture(scope="module")
def toy() -> ConductModel:
    return parse(train(TOY, folds=2))


def test_training_is_deterministic_and_holds_only_integers() -> None:
    first = train(TOY, folds=2)
    assert first == train(list(TOY), folds=2)
    header, *rows = first.rstrip("\n").split("\n")
    meta = json.loads(header)
    assert meta["classes"][0] == LAWFUL and meta["registers"] == ["spoken", "instruction", "descriptive", "rule"]
    width = len(meta["classes"]) + len(meta["registers"])
    for row in rows:
        gram, _, numbers = row.partition("\t")
        assert gram and len(numbers.split(" ")) == width
        assert all(n.lstrip("-").isdigit() for n in numbers.split(" "))


def test_a_corpus_without_lawful_lines_is_refused() -> None:
    with pytest.raises(ValueError, match="lawful"):
        train([line for line in TOY if line.label != LAWFUL])


_HEAD = '{"format": 2, "classes": ["lawful"], "registers": ["spoken"], "steps": [1, 1]}\n'


@pytest.mark.parametrize(
    "text",
    ["", "not a model", '{"format": 1}\n', '{"format": 2, "classes": ["lawful"], "registers": ["spoken"], '
     '"steps": [1, 1]}\nab\t1 2 3\n',
     # one class and one register: two weights a row; the bias row is \x00bias
     _HEAD + "ab\t1 2\ncd 3 4\n\x00bias\t0 0\n",  # a row without its tab
     _HEAD + "ab\t1 2\ncd\t3\t4\n\x00bias\t0 0\n",  # a row with two
     _HEAD + "ab\t1 x\n\x00bias\t0 0\n",  # a weight that is not an integer
     _HEAD + "ab\t1 2\n",  # no bias row
     ],
)  # fmt: skip
def test_a_file_that_is_not_a_model_is_refused(text: str) -> None:
    with pytest.raises((ValueError, KeyError)):
        parse(text)


def test_a_well_formed_small_model_parses() -> None:
    """The refusals above are not of every file: the same rows, well formed, give a model."""
    model = parse(_HEAD + "ab\t1 2\ncd\t3 4\n\x00bias\t0 0\n")
    assert model.classes == ["lawful"] and model._conduct.shape == (3, 1)


def test_scores_name_the_rule_and_the_register(toy: ConductModel) -> None:
    scores = toy.score(["明天就打断你的腿", "你这个老赖", "您好，请问方便还款吗", "催收人员不得威胁债务人"])
    best = [toy.classes[int(k)] for k in scores.conduct.argmax(axis=1)]
    assert best[:3] == ["threat-violence", "insult", LAWFUL]
    assert toy.registers[int(scores.register[3].argmax())] == "rule"
    start, end = toy.evidence(scores, 0, "threat-violence")
    assert 3 <= start < end  # points into the threat, not at 明天
    assert "明天就打断你的腿"[start:end] in "打断你的腿"


def test_batch_scoring_equals_one_by_one(toy: ConductModel) -> None:
    texts = ["明天就打断你的腿", "", "您好", "老赖"]
    together = toy.score(texts).conduct
    alone = np.vstack([toy.score([t]).conduct for t in texts])
    assert np.array_equal(together, alone)


def test_batch_probabilities_are_the_one_by_one_numbers() -> None:
    """The engine reads a batch's probabilities from ``probabilities``: exactly what ``probability`` gives."""
    model = load_model()
    margins = np.array([-np.inf, -1e9, -3.5, -0.25, 0.0, 0.125, 2.0, 7.75, 1e9, np.inf])
    margins = np.concatenate([margins, np.random.default_rng(7).normal(0, 5, 500)])
    for register in ("spoken", "instruction", "descriptive", "rule", "unknown"):
        assert model.probabilities(register, margins) == [model.probability(register, float(m)) for m in margins]


def test_vocabulary_rows_are_those_of_a_binary_search() -> None:
    """Ids are looked up in sorted order and put back: the rows must be the plain search's, -1 if unknown."""
    model = load_model()
    vocab = model._vocab
    ids = np.concatenate([vocab[::97], vocab[::89] + np.uint64(1), np.array([0, 2**63], dtype=np.uint64)])
    ids = np.random.default_rng(3).permutation(ids)
    plain = np.searchsorted(vocab, ids)
    plain[plain >= vocab.size] = 0
    expected = np.where(vocab[plain] == ids, plain, -1)
    assert np.array_equal(model._rows(ids), expected)


def test_calibration_is_a_monotone_share_per_register(toy: ConductModel) -> None:
    for register in ("spoken", "rule"):
        shares = [toy.probability(register, m) for m in (1e9, 100.0, 0.0, -100.0, -1e9)]
        assert all(0.0 <= s <= 1.0 for s in shares)
        assert shares == sorted(shares, reverse=True)


def test_the_shipped_model_loads_quickly_and_knows_every_rule() -> None:
    from cuishou.schema.rules.conduct import CONDUCT_IDS

    model = load_model()
    assert set(CONDUCT_IDS) <= set(model.classes)
    assert model.registers == ["spoken", "instruction", "descriptive", "rule"]


def test_the_shipped_model_is_what_the_corpus_trains() -> None:
    """The staleness check ``handbook train-conduct --check`` runs (also a pre-commit hook)."""
    from cuishou.schema.check import load_handbook
    from cuishou.schema.conduct_corpus import training_lines
    from cuishou.schema.conduct_engine import ConductEngine
    from cuishou.schema.conduct_reliability import build_model
    from cuishou.schema.models.conduct import ConductRule

    handbook, _ = load_handbook(ROOT / "handbook")
    rules = [r.entry for r in handbook.records("conduct_rule") if isinstance(r.entry, ConductRule)]
    assert handbook.meta is not None
    lines = training_lines(ROOT / "corpus" / "conduct")
    text = build_model(lines, ConductEngine(rules, handbook.meta.contact_window))
    assert MODEL_PATH.read_text(encoding="utf-8") == text, "run handbook train-conduct and commit the model"


def test_a_cached_copy_of_the_model_is_the_parsed_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy kept in the cache folder gives the very arrays parsing gives; a damaged copy is ignored."""
    from cuishou.schema import conduct_model

    monkeypatch.setenv("CUISHOU_CACHE", str(tmp_path))
    (tmp_path / "conduct-model-0123-1.npz").write_bytes(b"a copy of an earlier model")
    (tmp_path / "other.txt").write_text("not ours", encoding="utf-8")
    parsed = parse(MODEL_PATH.read_text(encoding="utf-8"))
    models = []
    for _ in range(2):  # the first load writes the copy, the second reads it
        conduct_model._load.cache_clear()
        models.append(load_model())
    (copy,) = tmp_path.glob("conduct-model-*.npz")  # the earlier model's copy is gone, other files stay
    assert (tmp_path / "other.txt").is_file()
    copy.write_bytes(copy.read_bytes()[:1000])
    conduct_model._load.cache_clear()
    models.append(load_model())
    conduct_model._load.cache_clear()
    for model in models:
        assert (model.classes, model.registers, model._steps) == (parsed.classes, parsed.registers, parsed._steps)
        assert repr(model._calibration) == repr(parsed._calibration)
        assert model.patterns == parsed.patterns and parsed.patterns, "the pattern records travel in the copy"
        for name in ("_vocab", "_conduct", "_register", "_both"):
            mine, theirs = getattr(model, name), getattr(parsed, name)
            assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs)


def _fit(labels: list[int], classes: int) -> tuple[np.ndarray, int]:
    from cuishou.schema.conduct_model import _svm

    # features 0..2 each mark a class; feature 3 is the bias every line carries
    features = [np.array([label, 3]) for label in labels]
    return _svm(features, labels, [1] * len(labels), classes, 4)


@pytest.mark.parametrize(("labels", "classes"), [([0, 0, 2, 2], 3), ([0, 0, 1, 1], 2), ([0, 1, 2, 0, 1, 2], 3)])
def test_the_svm_head_separates_its_classes_and_an_absent_class_never_wins(labels: list[int], classes: int) -> None:
    """The conduct head's trainer: integer weights, each class's own feature wins it, and a class with no
    training line (a calibration fold without it) never wins; the two-class case too (liblinear returns one row)."""
    weights, scale = _fit(labels, classes)
    assert weights.dtype == np.int64 and scale > 0
    for label in set(labels):
        scores = weights[[label, 3]].sum(axis=0)
        assert int(np.argmax(scores)) == label
    for absent in set(range(classes)) - set(labels):
        for feature in range(3):
            assert int(np.argmax(weights[[feature, 3]].sum(axis=0))) != absent
    assert np.array_equal(weights, _fit(labels, classes)[0])  # seeded: the same lines give the same weights
