"""Conduct features: normalisation keeps offsets, n-gram ids are exact, batches equal single texts."""

from __future__ import annotations

import numpy as np

from cuishou.schema.conduct_features import (
    featurise,
    gram_id,
    gram_ids,
    gram_text,
    normalise,
    normalise_many,
    simplify_many,
)


def test_normalise_folds_width_case_space_and_script_without_moving_offsets() -> None:
    text = "ＡＢＣ１２３\u3000親屬\t欠款ＸＸ元"
    out = normalise(text)
    assert len(out) == len(text)
    assert out == "abc123 亲属 欠款xx元"


def test_simplify_keeps_punctuation_and_case_and_only_changes_script() -> None:
    assert simplify_many(["對其親屬施加壓力，ＯＫ！"]) == ["对其亲属施加压力，ＯＫ！"]


def test_a_batch_normalises_like_single_texts_and_line_breaks_inside_a_text_are_spaces() -> None:
    texts = ["第一行\n第二行", "親屬", "", "ＡＢ"]
    assert normalise_many(texts) == [normalise(t) for t in texts]
    assert normalise_many(texts)[0] == "第一行 第二行"


def test_ngram_ids_are_exact_and_located() -> None:
    batch = featurise(["打断你", "", "腿"])
    assert batch.count == 3
    rows = zip(batch.ids, batch.line, batch.start, strict=True)
    grams = {(int(line), gram_text(int(g)), int(start)) for g, line, start in rows}
    assert (0, "打断你", 0) in grams and (0, "你", 2) in grams and (0, "断你", 1) in grams
    assert (2, "腿", 0) in grams
    assert not any(line == 1 for line, _, _ in grams)  # an empty text has no n-grams
    assert np.all(np.diff(batch.line) >= 0)  # grouped by text
    for g in batch.ids:
        assert gram_id(gram_text(int(g))) == int(g)


def test_control_characters_never_collide_with_other_ids() -> None:
    assert normalise("a\x00b") == "a b"


def test_many_ngram_ids_at_once_are_each_ones_id() -> None:
    grams = ["催", "催收", "打断你", "a", "𠀀", "𠀀你", "你𠀀好", "ab"]
    assert gram_ids(grams).tolist() == [gram_id(g) for g in grams]
    assert gram_ids([]).size == 0


def test_folding_visits_only_what_the_table_changes_and_gives_what_translate_gives() -> None:
    """``normalise_many`` folds with a regex over the table's characters: the same as ``str.translate``."""
    from cuishou.schema.conduct_features import _fold, _table

    every = "".join(chr(cp) for cp in range(0x10000) if not 0xD800 <= cp < 0xE000 and cp != 0x0A)
    text = every + "𠀀😀𝐀"
    assert _fold(text) == text.translate(_table())
    assert _fold("ＡＢ，全角（１）\t") == "ab,全角(1) "
