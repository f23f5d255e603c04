"""Text features of the conduct lint: one normalisation, and character n-grams as integer ids, per batch.

Why batches: QA teams lint hundreds of thousands of transcript lines, and per-line Python work is what
limits speed. Normalising a batch is two C-level passes over the joined text (``str.translate`` and one
OpenCC call), and its n-grams come out of NumPy as integer ids without a Python loop per character.

Normalisation keeps every character's offset (one character in, one out), so a feature's position is also
its position in the author's text: compatibility forms are folded (full-width letters and digits, NFKC),
letters lower-cased, whitespace made a plain space, Traditional characters made Simplified.

An n-gram id packs its code points (21 bits each) into one 64-bit integer: a unigram is its code point, a
bigram ``c1 << 21 | c2``, a trigram ``c1 << 42 | c2 << 21 | c3``. The packing is exact (no hashing, so no
collisions), and ids of different lengths never coincide because a code point is never 0 here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

__all__ = [
    "NGRAMS",
    "Batch",
    "featurise",
    "gram_id",
    "gram_ids",
    "gram_text",
    "normalise",
    "normalise_many",
    "simplify_many",
]

#: n-gram lengths used as features
NGRAMS = (1, 2, 3)
_BITS = 21
_SEPARATOR = "\n"

IdArray = npt.NDArray[np.uint64]
IndexArray = npt.NDArray[np.int64]


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """Per-code-point folding: NFKC + lower case where that gives one character; whitespace as a space."""
    table: dict[int, str] = {}
    # the Basic Multilingual Plane holds every compatibility form collection text uses (full-width
    # letters and digits, circled numbers, CJK compatibility ideographs); astral characters pass as they are
    for cp in range(0x20, 0x10000):
        ch = chr(cp)
        if ch.isspace():
            table[cp] = " "
            continue
        folded = unicodedata.normalize("NFKC", ch).lower()
        if len(folded) == 1 and folded != ch:
            table[cp] = folded
    for cp in range(0x20):  # control characters (NUL included, which would break the id packing)
        table[cp] = " "
    table.pop(ord(_SEPARATOR), None)
    return table


@lru_cache(maxsize=1)
def _t2s() -> object | None:
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency; a missing wheel only loses t2s
        return None
    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """The normalised form of one text, the same length as ``text``."""
    return normalise_many([text])[0]


def normalise_many(texts: Sequence[str]) -> list[str]:
    """``normalise`` for a batch, in two passes over the joined text (line breaks inside a text become spaces)."""
    flat = [t.replace(_SEPARATOR, " ") for t in texts]
    if not flat:
        return flat
    folded = _fold(_SEPARATOR.join(flat)).split(_SEPARATOR)
    if len(folded) != len(flat):  # pragma: no cover - no folding makes or removes a separator
        folded = [t.translate(_table()) for t in flat]
    return _to_simplified(folded)


@lru_cache(maxsize=1)
def _foldable() -> tuple[re.Pattern[str], dict[str, str]]:
    """The characters ``_table`` changes, as one character class, and what each becomes."""
    table = _table()
    codes = sorted(table)
    ranges: list[tuple[int, int]] = []
    for cp in codes:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    members = "".join(re.escape(chr(lo)) + ("-" + re.escape(chr(hi)) if hi > lo else "") for lo, hi in ranges)
    return re.compile(f"[{members}]"), {chr(cp): table[cp] for cp in codes}


def _fold(text: str) -> str:
    """``text.translate(_table())``, faster: only the characters the table changes are visited (in a line
    of Chinese, a few punctuation marks), where ``translate`` looks every character up in the table."""
    pattern, into = _foldable()
    return pattern.sub(lambda m: into[m.group()], text)


def simplify_many(texts: Sequence[str]) -> list[str]:
    """Traditional characters made Simplified, nothing else changed (what the lint's patterns read).

    Patterns are regular expressions written by authors with full-width punctuation and mixed case, so they
    read the text as written, only in one script; the model reads the fully normalised text.
    """
    return _to_simplified([t.replace(_SEPARATOR, " ") for t in texts])


def _to_simplified(flat: list[str]) -> list[str]:
    converter = _t2s()
    if converter is None or not flat:
        return flat
    joined = _SEPARATOR.join(flat)
    simplified: str = converter.convert(joined)  # type: ignore[attr-defined]
    if len(simplified) == len(joined):
        return simplified.split(_SEPARATOR)
    # a phrase conversion changed a length somewhere: convert line by line, keeping lines that change length
    out = []
    for line in flat:
        one: str = converter.convert(line)  # type: ignore[attr-defined]
        out.append(one if len(one) == len(line) else line)
    return out


class Batch:
    """The n-grams of a batch of texts: ``ids[i]`` occurs in text ``line[i]`` at character ``start[i]``."""

    __slots__ = ("count", "ids", "length", "line", "start")

    def __init__(self, ids: IdArray, line: IndexArray, start: IndexArray, length: IndexArray, count: int) -> None:
        self.ids = ids
        self.line = line
        self.start = start
        self.length = length
        self.count = count


def featurise(normalised: Sequence[str]) -> Batch:
    """Every n-gram (with repeats) of every normalised text, grouped by text in order.

    Within a text the n-grams come by position, then by length (every use sums them or picks one by its
    own values, so this order is only what is cheapest to make): the ids of all lengths are built side by
    side at each character of the joined text, so walking that table row by row is already text by text
    and no sort is needed (a stable argsort of the batch's line numbers was most of the cost).
    """
    joined = _SEPARATOR.join(normalised)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = codes.size
    is_sep = codes == ord(_SEPARATOR)
    width = len(NGRAMS)
    ids = np.zeros((n, width), dtype=np.uint64)
    valid = np.zeros((n, width), dtype=bool)
    # column j holds the n-gram of length NGRAMS[j] that starts at each character (where there is one)
    gram = codes
    inside = ~is_sep
    built = 1
    for j, size in enumerate(NGRAMS):
        while built < size:
            m = n - built
            if m <= 0:
                break
            gram = (gram[:m] << np.uint64(_BITS)) | codes[built:]
            inside = inside[:m] & ~is_sep[built:]
            built += 1
        if built < size or n < size:
            continue
        ids[: n - size + 1, j] = gram
        valid[: n - size + 1, j] = inside
    where = np.flatnonzero(valid.ravel())
    if not where.size:
        empty = np.zeros(0, dtype=np.int64)
        return Batch(np.zeros(0, dtype=np.uint64), empty, empty, empty, len(normalised))
    position = where // width
    line_of = np.cumsum(is_sep, dtype=np.int64)
    starts = np.concatenate(([0], np.flatnonzero(is_sep) + 1)).astype(np.int64)
    line = line_of[position]
    lengths = np.asarray(NGRAMS, dtype=np.int64)[where % width]
    return Batch(ids.ravel()[where], line, position - starts[line], lengths, len(normalised))


def gram_text(gram: int) -> str:
    """The characters of an n-gram id (for model files people can read)."""
    chars = []
    while gram:
        chars.append(chr(gram & ((1 << _BITS) - 1)))
        gram >>= _BITS
    return "".join(reversed(chars))


def gram_id(text: str) -> int:
    """The id of an n-gram given as its characters (inverse of ``gram_text``)."""
    value = 0
    for ch in text:
        value = (value << _BITS) | ord(ch)
    return value


def gram_ids(texts: Sequence[str]) -> IdArray:
    """``gram_id`` of many n-grams at once (a model file has tens of thousands: one call each was slow)."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    if lengths.size and int(lengths.max()) * _BITS > 64:
        return np.array([gram_id(t) for t in texts], dtype=np.uint64)  # raises as gram_id's ids would
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    starts = np.cumsum(lengths) - lengths
    ids = np.zeros(len(texts), dtype=np.uint64)
    for k in range(int(lengths.max(initial=0))):
        longer = lengths > k
        ids[longer] = (ids[longer] << np.uint64(_BITS)) | codes[starts[longer] + k]
    return ids
