"""``handbook train-conduct``: the shipped model is current, --check catches a stale one, --evaluate scores."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers import run_cli

TRAIN = ROOT / "corpus" / "conduct" / "train"


def test_check_passes_on_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert run_cli("train-conduct", "--check").code == 0


def test_check_fails_when_the_corpus_changed_and_training_writes_atomically(tmp_path: Path) -> None:
    corpus = tmp_path / "train"
    shutil.copytree(TRAIN, corpus)
    (corpus / "new.yaml").write_text('- {label: unlawful, rule: insult, text: "你这个废物点心"}\n', encoding="utf-8")
    out = tmp_path / "model.tsv"
    shutil.copy(ROOT / "schema" / "data" / "conduct-model.tsv", out)
    stale = run_cli("train-conduct", "--corpus", corpus, "--out", out, "--check")
    assert stale.code == 1 and "train-conduct" in stale.out, stale
    assert run_cli("train-conduct", "--corpus", corpus, "--out", out).code == 0
    assert run_cli("train-conduct", "--corpus", corpus, "--out", out, "--check").code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.tsv", "train"]  # no temporary left behind


def test_a_malformed_corpus_line_is_named(tmp_path: Path) -> None:
    corpus = tmp_path / "train"
    corpus.mkdir()
    bad = '- {label: lawful, text: "好的"}\n- {label: unlawful, text: "x"}\n'
    (corpus / "bad.yaml").write_text(bad, encoding="utf-8")
    result = run_cli("train-conduct", "--corpus", corpus, "--out", tmp_path / "m.tsv")
    assert result.code == 2 and "bad.yaml" in result.err and "2" in result.err, result
    assert not (tmp_path / "m.tsv").exists()


def test_evaluate_scores_patterns_model_and_both(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli("train-conduct", "--evaluate")
    assert result.code == 0, result
    for name in ("patterns", "model", "both"):
        assert f"  {name}" in result.out
    assert "conduct_external_d.yaml" in result.out and "recall" in result.out
