"""The conduct corpus: real text split by source document, provenance on every source, valid labels."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from cuishou.schema.conduct_corpus import REGISTERS, read_corpus, read_corpus_dir, score_by_register
from cuishou.schema.findings import HandbookError
from cuishou.schema.rules.conduct import CONDUCT_IDS
from tests.conftest import ROOT

REAL = ROOT / "corpus" / "conduct" / "real"
SYNTHETIC = ROOT / "corpus" / "conduct" / "synthetic"
SPLITS = ("train", "dev", "heldout")
KINDS = {
    "judgment", "prosecutor", "police", "regulator", "news", "complaint", "statute", "industry-rule", "standard",
    "lender-policy", "lender-template", "training-material", "legal-commentary", "forum",
}  # fmt: skip


def _sources() -> dict[str, list[tuple[str, Path]]]:
    found: dict[str, list[tuple[str, Path]]] = {}
    for split in SPLITS:
        for path in sorted((REAL / split).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            found.setdefault(data["source"]["id"], []).append((split, path))
    return found


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def test_no_source_document_spans_two_splits() -> None:
    sources = _sources()
    assert len(sources) >= 200
    spread = {sid: [s for s, _ in places] for sid, places in sources.items() if len(places) > 1}
    assert spread == {}


def test_no_text_sits_in_two_splits() -> None:
    """A line quoted by two sources (a statute, a repost) is kept in the earliest split only."""
    seen: dict[str, str] = {}
    for split in SPLITS:
        for line in read_corpus_dir(REAL / split):
            first = seen.setdefault(_key(line.text), split)
            assert first == split, (line.text, first, split)


def test_every_source_says_what_and_where_it_is() -> None:
    for sid, [(_, path)] in _sources().items():
        source = yaml.safe_load(path.read_text(encoding="utf-8"))["source"]
        assert path.stem == sid
        assert source["kind"] in KINDS, (path, source["kind"])
        assert str(source.get("url", "")).strip(), path
        assert str(source.get("found_via", "")).strip(), path


def test_every_line_has_a_register_and_a_known_rule() -> None:
    for folder in (*(REAL / s for s in SPLITS), SYNTHETIC / "train", SYNTHETIC / "heldout"):
        for line in read_corpus_dir(folder):
            assert line.register in REGISTERS
            assert line.rules <= set(CONDUCT_IDS), (line.path, line.index, line.rules)


def test_each_split_holds_every_register_and_both_labels() -> None:
    for split in ("dev", "heldout"):
        lines = read_corpus_dir(REAL / split)
        for register in ("spoken", "instruction", "descriptive"):
            mine = [line for line in lines if line.register == register]
            assert sum(line.unlawful for line in mine) >= 10, (split, register)
            assert sum(not line.unlawful for line in mine) >= 20, (split, register)


def test_a_malformed_line_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        'source: {id: bad}\nlines:\n  - {register: spoken, label: lawful, text: "好"}\n'
        '  - {register: spoken, label: unlawful, text: "没有 rule"}\n',
        encoding="utf-8",
    )
    with pytest.raises(HandbookError) as caught:
        read_corpus(bad)
    assert "bad.yaml" in caught.value.message("en") and "2" in caught.value.message("en")
    bad.write_text('- {register: sung, label: lawful, text: "x"}\n', encoding="utf-8")
    with pytest.raises(HandbookError):
        read_corpus(bad)


def test_scores_pool_registers_and_count_a_right_rule_among_also_rules(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "source: {id: s}\nlines:\n"
        '  - {register: spoken, label: unlawful, rule: insult, also: [threat-violence], text: "a"}\n'
        '  - {register: descriptive, label: unlawful, rule: insult, text: "b"}\n'
        '  - {register: rule, label: lawful, text: "c"}\n',
        encoding="utf-8",
    )
    lines = read_corpus(path)
    flags = {"a": {"threat-violence"}, "b": {"stalking-shaming"}, "c": {"insult"}}
    scores = score_by_register(lambda batch: [frozenset(flags[x.text]) for x in batch], lines)
    assert (scores["all"].caught, scores["all"].right_rule, scores["all"].false_alarms) == (2, 1, 1)
    assert scores["rule"].false_alarm_rate == 1.0 and scores["spoken"].right_rule == 1


def test_the_second_labelling_names_training_lines_with_valid_labels() -> None:
    """``tools/agreement.py`` joins the second labeller's rows to corpus lines: every row must still name a
    train or dev line (never held-out), with a label, rules and register of the corpus's vocabulary."""
    import csv

    lines = {(line.source, line.index) for split in ("train", "dev") for line in read_corpus_dir(REAL / split)}
    path = ROOT / "corpus" / "conduct" / "agreement" / "second-labeller.tsv"
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    assert len(rows) == 450
    for row in rows:
        assert (row["source"], int(row["line"])) in lines, row
        assert row["sample"] in ("random", "unlawful-extra")
        assert row["label"] in ("lawful", "unlawful")
        named = [row["rule"], *filter(None, row["also"].split(","))]
        assert all(rule in CONDUCT_IDS for rule in named) if row["label"] == "unlawful" else row["rule"] == ""
        assert row["register"] in REGISTERS and row["context"] in ("yes", "no")
