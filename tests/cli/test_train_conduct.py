"""``handbook train-conduct``: the shipped model is current, --check catches a stale one, --evaluate scores."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers import run_cli

CORPUS = ROOT / "corpus" / "conduct"


def _small_corpus(tmp_path: Path) -> Path:
    """A corpus with the real layout, small enough to train in a second."""
    corpus = tmp_path / "corpus"
    (corpus / "synthetic" / "train").mkdir(parents=True)
    (corpus / "real" / "train").mkdir(parents=True)
    shutil.copy(CORPUS / "synthetic" / "train" / "conduct_eval.yaml", corpus / "synthetic" / "train")
    seed = sorted((CORPUS / "real" / "train").glob("seed-*.yaml"))[0]
    shutil.copy(seed, corpus / "real" / "train")
    return corpus


def test_check_passes_on_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert run_cli("train-conduct", "--check").code == 0


def test_check_fails_when_the_corpus_changed_and_training_writes_atomically(tmp_path: Path) -> None:
    corpus = _small_corpus(tmp_path)
    out = tmp_path / "model.tsv"
    assert run_cli("train-conduct", "--corpus", corpus, "--out", out).code == 0
    assert run_cli("train-conduct", "--corpus", corpus, "--out", out, "--check").code == 0
    (corpus / "synthetic" / "train" / "new.yaml").write_text(
        '- {label: unlawful, rule: insult, text: "你这个废物点心"}\n', encoding="utf-8"
    )
    stale = run_cli("train-conduct", "--corpus", corpus, "--out", out, "--check")
    assert stale.code == 1 and "train-conduct" in stale.out, stale
    assert run_cli("train-conduct", "--corpus", corpus, "--out", out).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "model.tsv"]  # no temporary left behind


def test_a_malformed_corpus_line_is_named(tmp_path: Path) -> None:
    corpus = _small_corpus(tmp_path)
    bad = '- {label: lawful, text: "好的"}\n- {label: unlawful, text: "x"}\n'
    (corpus / "synthetic" / "train" / "bad.yaml").write_text(bad, encoding="utf-8")
    result = run_cli("train-conduct", "--corpus", corpus, "--out", tmp_path / "m.tsv")
    assert result.code == 2 and "bad.yaml" in result.err and "2" in result.err, result
    assert not (tmp_path / "m.tsv").exists()


def test_a_folder_that_is_not_a_corpus_is_a_plain_error(tmp_path: Path) -> None:
    result = run_cli("train-conduct", "--corpus", tmp_path, "--out", tmp_path / "m.tsv")
    assert result.code == 2 and "synthetic/train" in result.err, result
    missing = run_cli("train-conduct", "--evaluate", "real/nowhere")
    assert missing.code == 2, missing


def test_evaluate_scores_patterns_model_and_both_by_register(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli("train-conduct", "--evaluate", "real/dev")
    assert result.code == 0, result
    for name in ("patterns", "model", "both"):
        for register in ("all", "spoken", "instruction", "descriptive", "rule"):
            assert f"  {name:9} {register:12} recall" in result.out, (name, register)
    assert "real/dev" in result.out and "right rule" in result.out and "false alarms" in result.out


def test_without_scikit_learn_training_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The conduct head is trained with scikit-learn (the ``train`` extra); without it a plain message, exit 2."""
    import sys

    monkeypatch.setitem(sys.modules, "sklearn.svm", None)  # a module mapped to None cannot be imported
    corpus = _small_corpus(tmp_path)
    result = run_cli("train-conduct", "--corpus", corpus, "--out", tmp_path / "m.tsv", "--lang", "en")
    assert result.code == 2 and "cuishou-handbook[train]" in result.err and "Traceback" not in result.err, result
    assert not (tmp_path / "m.tsv").exists()
