"""The conduct lint's statistical layer: two linear classifiers over character n-grams, shipped with the tool.

- The **conduct head** names, for a line, ``lawful`` or the conduct rule it most likely breaks.
- The **register head** says what kind of text the line is: ``spoken`` (what a collector says or texts),
  ``instruction`` (training prose telling staff what to do), ``descriptive`` (a third-person account of
  conduct) or ``rule`` (a statement that forbids, requires or defines conduct). The engine uses it to decide
  which layer may speak (a rule statement never fires) when the caller does not know the register.

The conduct head is a one-vs-rest linear SVM (scikit-learn's liblinear, seeded, weights rounded to
integers); the register head is a multiclass averaged perceptron (integer arithmetic only). Why the SVM:
out of fold on the real training sources it caught about ten points more unlawful lines than the
perceptron at the same false alarms (``_svm``). Both heads read the same character n-gram counts, so the
file is integer weights people can diff, ``handbook train-conduct`` rebuilds the same bytes (with the
scikit-learn release of the ``train`` extra), and scoring needs NumPy only. Scoring a batch is a few NumPy
operations (see ``conduct_features``), which is what lets ``lint-text`` keep up with a QA team's transcripts.

The model file is text: a JSON header (classes, calibration, and the conduct patterns' records on the
real training lines, see ``conduct_reliability``), then one row per n-gram kept (seen in at least
``min_lines`` training lines): the n-gram, a tab, and its weight for every class of the conduct head, then
for every register. A head's scores divide by its ``steps``: the SVM's rounding scale, and for the
perceptron its summed weights over all training steps (the average times ``steps``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .conduct_features import NGRAMS, Batch, featurise, gram_ids, gram_text, normalise_many
from .findings import HandbookError

__all__ = [
    "LAWFUL",
    "MODEL_PATH",
    "REGISTERS",
    "ConductModel",
    "Scores",
    "TrainLine",
    "load_model",
    "parse",
    "train",
]

#: the class of lines that break no rule
LAWFUL = "lawful"
REGISTERS = ("spoken", "instruction", "descriptive", "rule")
#: the shipped model (package data; rebuilt with ``handbook train-conduct``)
MODEL_PATH = Path(__file__).resolve().parent / "data" / "conduct-model.tsv"
_FORMAT = 2
#: an n-gram must occur in this many training lines to be kept (drops typos and one-off names)
_MIN_LINES = 2
_EPOCHS = 12
#: the conduct head's SVM: regularisation (chosen out of fold: 0.01 over 0.05), iterations, integer scale
_C = 0.01
_MAX_ITER = 10_000
_SCALE = 10_000
#: folds of the out-of-fold calibration, and margin bins per register
_FOLDS = 4
_BINS = 30
_BIAS = "\x00bias"

Matrix = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class TrainLine:
    """One training line: text, class (``lawful`` or a rule id), register if known, integer weight."""

    text: str
    label: str
    register: str | None
    weight: int = 1
    #: verbatim public text (its register's share of unlawful lines sets the calibration's prior)
    real: bool = False


@dataclass(frozen=True)
class Scores:
    """Per line of a batch: the conduct head's and the register head's scores (already divided by steps)."""

    conduct: Floats
    register: Floats
    batch: Batch
    #: vocabulary row of each n-gram occurrence in ``batch`` (-1: not in the model)
    rows: npt.NDArray[np.int64]
    #: line ``i``'s n-grams are ``bounds[i]:bounds[i + 1]`` of ``batch`` (found once for the batch)
    bounds: npt.NDArray[np.int64] | None = None


class ConductModel:
    """Both heads, ready to score batches of text."""

    def __init__(
        self,
        classes: Sequence[str],
        registers: Sequence[str],
        vocab: npt.NDArray[np.uint64],
        conduct: Matrix,
        register: Matrix,
        steps: tuple[int, int],
        calibration: dict[str, dict[str, object]] | None = None,
        patterns: dict[str, dict[str, tuple[int, int]]] | None = None,
    ) -> None:
        self.classes = list(classes)
        self.registers = list(registers)
        self.lawful = self.classes.index(LAWFUL)
        self._vocab = vocab
        # the last row of each matrix is the bias (a feature every line has)
        self._conduct = conduct
        self._register = register
        self._steps = steps
        # both heads side by side, so a batch gathers each n-gram's weights once; as int32 when they fit
        # (half the memory traffic of the gather, which is most of scoring), summed in int64 all the same
        both = np.hstack([conduct, register])
        small = both.size == 0 or int(np.abs(both).max()) <= np.iinfo(np.int32).max
        self._both: npt.NDArray[np.signedinteger] = np.ascontiguousarray(both.astype(np.int32) if small else both)
        self._calibration = calibration or {}
        #: per pattern key and register: (hits naming a right rule, hits) on the real training lines
        self.patterns = patterns or {}
        self._table = _HashTable(vocab)
        self._posteriors: dict[str, tuple[list[float], list[float]] | None] = {}

    def probability(self, register: str, margin: float) -> float:
        """The chance a line of this register with this margin is unlawful, calibrated out of fold in
        training and set to how common unlawful lines are in real text of that register."""
        table = self._bins(register)
        if table is None:
            return 1.0 if margin >= 0 else 0.0
        lows, values = table
        return next((v for low, v in zip(lows, values, strict=True) if margin >= low), values[-1])

    def _bins(self, register: str) -> tuple[list[float], list[float]] | None:
        """The register's bins as (lowest margins, probabilities), worked out once (None: no table)."""
        if register in self._posteriors:
            return self._posteriors[register]
        table = self._calibration.get(register) or self._calibration.get("spoken")
        found = None
        if table and table["bins"]:
            bins: list[list[float]] = table["bins"]  # type: ignore[assignment]
            values = [
                posterior(row, float(table["prior"]), float(table["unlawful"]), float(table["lawful"]))  # type: ignore[arg-type]
                for row in bins
            ]
            found = ([b[0] for b in bins], values)
        self._posteriors[register] = found
        return found

    def probabilities(self, register: str, margins: Floats) -> list[float]:
        """``probability`` of many margins of one register: the same numbers, each margin's bin found in one
        NumPy comparison rather than a Python walk down the bins per line."""
        table = self._calibration.get(register) or self._calibration.get("spoken")
        bins: list[list[float]] = table["bins"] if table else []  # type: ignore[assignment]
        if not table or not bins:
            return [self.probability(register, m) for m in margins.tolist()]
        values = [
            posterior(row, float(table["prior"]), float(table["unlawful"]), float(table["lawful"]))  # type: ignore[arg-type]
            for row in bins
        ]
        at_least = margins[:, None] >= np.array([b[0] for b in bins], dtype=np.float64)[None, :]
        first = np.where(at_least.any(axis=1), at_least.argmax(axis=1), len(bins) - 1)
        return [values[k] for k in first.tolist()]

    def score(self, texts: Sequence[str]) -> Scores:
        """Scores of a batch of raw texts (normalised here)."""
        return self.score_normalised(normalise_many(texts))

    def score_normalised(self, normalised: Sequence[str]) -> Scores:
        batch = featurise(normalised)
        rows = self._rows(batch.ids)
        width = len(self.classes)
        both = self._sum(self._both, rows, batch)
        conduct: Floats = both[:, :width] / max(1, self._steps[0])
        register: Floats = both[:, width:] / max(1, self._steps[1])
        bounds = np.searchsorted(batch.line, np.arange(batch.count + 1))
        return Scores(conduct, register, batch, rows, bounds)

    def _rows(self, ids: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
        """The vocabulary row of each n-gram id, -1 for ids the model does not know (see ``_HashTable``)."""
        return self._table.rows(ids)

    @staticmethod
    def _sum(weights: npt.NDArray[np.signedinteger], rows: npt.NDArray[np.int64], batch: Batch) -> Floats:
        """Per line, the bias row plus the weights of its known n-grams (integer sums, then floats).

        Summed ``_SUM_LINES`` lines at a time: the gathered weights of a whole batch are tens of megabytes,
        and a slice that stays in cache is summed faster than one the memory has to fetch (and fault in)."""
        out = np.tile(weights[-1].astype(np.float64), (batch.count, 1))
        keep = rows >= 0
        if not keep.any():
            return out
        lines = batch.line[keep]
        known = rows[keep]
        firsts = np.flatnonzero(np.concatenate(([True], lines[1:] != lines[:-1])))
        for at in range(0, firsts.size, _SUM_LINES):
            chunk = firsts[at : at + _SUM_LINES]
            lo = int(chunk[0])
            hi = int(firsts[at + _SUM_LINES]) if at + _SUM_LINES < firsts.size else known.size
            sums = np.add.reduceat(weights[known[lo:hi]], chunk - lo, axis=0, dtype=np.int64)
            out[lines[chunk]] += sums
        return out

    def evidence(self, scores: Scores, line: int, rule: str) -> tuple[int, int]:
        """Where in line ``line`` the n-gram that most favours ``rule`` over lawful speech sits."""
        k = self.classes.index(rule)
        if scores.bounds is not None:
            lo, hi = int(scores.bounds[line]), int(scores.bounds[line + 1])
        else:
            lo, hi = np.searchsorted(scores.batch.line, (line, line + 1))  # n-grams are grouped by line
        rows = scores.rows[lo:hi]
        known = rows >= 0
        rows = rows[known]
        if rows.size == 0:
            return (0, 0)
        gain = self._conduct[rows, k] - self._conduct[rows, self.lawful]
        # prefer the strongest, then the longest, then the earliest n-gram
        lengths = scores.batch.length[lo:hi][known]
        starts = scores.batch.start[lo:hi][known]
        best = int(np.lexsort((starts, -lengths, -gain))[0])
        return int(starts[best]), int(starts[best] + lengths[best])


#: lines whose n-gram weights are summed at a time (see ``ConductModel._sum``)
_SUM_LINES = 128
#: Fibonacci hashing of an n-gram id (the golden ratio in 64 bits)
_HASH_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


class _HashTable:
    """N-gram id → vocabulary row, an open-addressing table looked up for a whole array of ids at once.

    It replaces a sorted search: sorting every batch's ids (so that a binary search stays in cache) cost
    more than the lookups. Linear probing, at most 40 % full, so most ids are settled by the first probe;
    each further round looks only at the ids still unsettled. The slot of an id depends only on the
    vocabulary, so the table is the same on every machine; 0 marks an empty slot (no id is 0).
    """

    def __init__(self, vocab: npt.NDArray[np.uint64]) -> None:
        bits = 4
        while (1 << bits) < 2.5 * max(1, vocab.size):
            bits += 1
        self._mask = (1 << bits) - 1
        self._shift = np.uint64(64 - bits)
        self._keys = np.zeros(1 << bits, dtype=np.uint64)
        self._values = np.full(1 << bits, -1, dtype=np.int64)
        pending = np.arange(vocab.size)
        slots = self._slots(vocab)
        while pending.size:
            at = slots[pending]
            free = self._keys[at] == 0
            # of the ids that want one free slot, the first (lowest row) takes it; the rest probe on
            taken, first = np.unique(at[free], return_index=True)
            winners = pending[free][first]
            self._keys[taken] = vocab[winners]
            self._values[taken] = winners
            placed = np.zeros(vocab.size, dtype=bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            slots[pending] = (slots[pending] + 1) & self._mask

    def _slots(self, ids: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
        return ((ids * _HASH_MULTIPLIER) >> self._shift).astype(np.int64)

    def rows(self, ids: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
        """The row of each id, -1 where the vocabulary does not have it."""
        slots = self._slots(ids)
        out = np.full(ids.size, -1, dtype=np.int64)
        keys = self._keys[slots]
        hit = keys == ids
        out[hit] = self._values[slots[hit]]
        pending = np.flatnonzero(~hit & (keys != 0))
        while pending.size:
            at = (slots[pending] + 1) & self._mask
            slots[pending] = at
            keys = self._keys[at]
            hit = keys == ids[pending]
            out[pending[hit]] = self._values[at[hit]]
            pending = pending[~hit & (keys != 0)]
        return out


# --- training -------------------------------------------------------------------------------------------


def train(
    lines: Sequence[TrainLine],
    *,
    epochs: int = _EPOCHS,
    folds: int = _FOLDS,
    patterns: Mapping[str, Mapping[str, Sequence[int]]] | None = None,
) -> str:
    """The model file for ``lines``; deterministic (integer arithmetic, order fixed by hashing).

    Besides the two heads, the file holds a calibration table per register: how often, out of fold, a
    training line with at least a given margin was really unlawful. The engine's thresholds are set in
    those terms (a share of lines, not a raw score), so they keep their meaning when the corpus grows.
    ``patterns`` are the conduct patterns' records on the real training lines (``conduct_reliability``),
    kept in the header for the engine.
    """
    if not any(line.label == LAWFUL for line in lines):
        raise ValueError("the training lines have no lawful class")
    normalised = normalise_many([line.text for line in lines])
    batch = featurise(normalised)
    vocab = _vocabulary(batch)
    rows = np.searchsorted(vocab, batch.ids).astype(np.int64)
    rows[rows >= vocab.size] = 0
    rows = np.where(vocab[rows] == batch.ids, rows, -1) if vocab.size else np.full(batch.ids.size, -1)
    per_line = _split_by_line(rows, batch)
    bias = vocab.size
    features = [np.append(f[f >= 0], bias) for f in per_line]
    classes = sorted({line.label for line in lines}, key=lambda c: (c != LAWFUL, c))
    conduct, conduct_steps = _svm(
        features, [classes.index(line.label) for line in lines], [line.weight for line in lines], len(classes),
        vocab.size + 1,
    )  # fmt: skip
    with_register = [i for i, line in enumerate(lines) if line.register in REGISTERS]
    register, register_steps = _perceptron(
        [features[i] for i in with_register],
        [REGISTERS.index(str(lines[i].register)) for i in with_register],
        [lines[i].weight for i in with_register],
        len(REGISTERS),
        vocab.size + 1,
        epochs,
        [lines[i].text + "\x00" + str(lines[i].register) for i in with_register],
    )
    calibration = _calibrate(features, lines, classes, vocab.size + 1, folds)
    header = {
        "format": _FORMAT,
        "model": f"conduct: one-vs-rest linear SVM (liblinear, C={_C}); register: averaged perceptron; "
        "character n-gram counts",
        "ngrams": list(NGRAMS),
        "min_lines": _MIN_LINES,
        "epochs": epochs,
        "classes": classes,
        "registers": list(REGISTERS),
        "steps": [conduct_steps, register_steps],
        "lines": len(lines),
        "calibration": calibration,
        "patterns": {k: {r: [int(n) for n in v] for r, v in by.items()} for k, by in (patterns or {}).items()},
    }
    out = [json.dumps(header, ensure_ascii=False, sort_keys=True)]
    names = [gram_text(int(g)) for g in vocab] + [_BIAS]
    for r, name in enumerate(names):
        if "\t" in name or "\n" in name:
            continue  # cannot be written (and never occurs: normalised text has neither)
        if name != _BIAS and not conduct[r].any() and not register[r].any():
            continue
        values = " ".join(str(int(v)) for v in (*conduct[r], *register[r]))
        out.append(f"{name}\t{values}")
    return "\n".join(out) + "\n"


def _calibrate(
    features: list[npt.NDArray[np.int64]],
    lines: Sequence[TrainLine],
    classes: list[str],
    size: int,
    folds: int,
) -> dict[str, dict[str, object]]:
    """Per register: bins of out-of-fold margins ``[lowest margin, unlawful lines, lawful lines]`` (best
    first), the register's totals, and the prior (the unlawful share of its real lines)."""
    lawful = classes.index(LAWFUL)
    fold = [int.from_bytes(hashlib.sha256(line.text.encode()).digest()[:4], "big") % folds for line in lines]
    margins = np.zeros(len(lines))
    for k in range(folds):
        inside = [i for i in range(len(lines)) if fold[i] != k]
        outside = [i for i in range(len(lines)) if fold[i] == k]
        weights, steps = _svm(
            [features[i] for i in inside],
            [classes.index(lines[i].label) for i in inside],
            [lines[i].weight for i in inside],
            len(classes),
            size,
        )
        for i in outside:
            score = weights[features[i]].sum(axis=0) / steps
            rules = np.delete(score, lawful)
            margins[i] = float(rules.max() - score[lawful])
    table: dict[str, dict[str, object]] = {}
    for register in REGISTERS:
        members = [i for i, line in enumerate(lines) if (line.register or "spoken") == register]
        if not members:
            continue
        unlawful = sum(lines[i].label != LAWFUL for i in members)
        lawful_lines = len(members) - unlawful
        real = [i for i in members if lines[i].real]
        # how common unlawful lines are in real text of this register (synthetic sets are about half
        # unlawful by design, which would make every score look surer than it is on a real transcript)
        source = real if len(real) >= 100 else members
        prior = round(sum(lines[i].label != LAWFUL for i in source) / len(source), 3)
        order = sorted(members, key=lambda i: (-margins[i], i))
        bins = [order[j * len(order) // _BINS : (j + 1) * len(order) // _BINS] for j in range(_BINS)]
        rows = [
            [
                round(float(margins[b[-1]]), 3),
                sum(lines[i].label != LAWFUL for i in b),
                sum(lines[i].label == LAWFUL for i in b),
            ]
            for b in bins
            if b
        ]
        table[register] = {
            "prior": prior,
            "unlawful": unlawful,
            "lawful": lawful_lines,
            "bins": _monotone(rows, prior, unlawful, lawful_lines),
        }
    return table


def posterior(row: Sequence[float], prior: float, unlawful: float, lawful: float) -> float:
    """P(unlawful | a margin in this bin) for text whose unlawful share is ``prior`` (Bayes' rule)."""
    u = (row[1] + 0.5) / (unlawful + 1.0)
    v = (row[2] + 0.5) / (lawful + 1.0)
    return prior * u / (prior * u + (1.0 - prior) * v) if prior > 0 else 0.0


def _monotone(rows: list[list[float]], prior: float, unlawful: int, lawful: int) -> list[list[float]]:
    """Pool adjacent bins until the probability never rises as the margin falls (isotonic regression)."""
    pooled: list[list[float]] = []
    for row in rows:
        pooled.append(list(row))
        while len(pooled) > 1 and posterior(pooled[-1], prior, unlawful, lawful) > posterior(
            pooled[-2], prior, unlawful, lawful
        ):
            last = pooled.pop()
            pooled[-1] = [last[0], pooled[-1][1] + last[1], pooled[-1][2] + last[2]]
    return pooled


def _vocabulary(batch: Batch) -> npt.NDArray[np.uint64]:
    """N-gram ids seen in at least ``_MIN_LINES`` distinct lines, sorted."""
    if batch.ids.size == 0:
        return np.zeros(0, dtype=np.uint64)
    pairs = np.unique(np.stack([batch.ids, batch.line.astype(np.uint64)]), axis=1)
    ids, counts = np.unique(pairs[0], return_counts=True)
    kept: npt.NDArray[np.uint64] = ids[counts >= _MIN_LINES]
    return kept


def _split_by_line(rows: npt.NDArray[np.int64], batch: Batch) -> list[npt.NDArray[np.int64]]:
    bounds = np.searchsorted(batch.line, np.arange(batch.count + 1))
    return [rows[bounds[i] : bounds[i + 1]] for i in range(batch.count)]


def _svm(
    features: list[npt.NDArray[np.int64]],
    labels: list[int],
    weights: list[int],
    classes: int,
    size: int,
) -> tuple[Matrix, int]:
    """One-vs-rest linear SVM (liblinear) over n-gram counts; returns integer weights and their scale.

    Why not the perceptron: out of fold on the real training sources (the tuner's five folds), at 5 % false
    alarms and on the model alone, an SVM over the same character 1–3-gram counts caught 60 % of unlawful
    lines against the perceptron's 50 % (descriptive 53 % / 45 %, instruction 57 % / 43 %, speech 46 % / 48 %).
    liblinear's coordinate descent is seeded, so the same lines give the same weights; they are rounded to
    integers (``_SCALE`` per unit) so the file stays integers people can diff and the runtime is unchanged.
    The bias is the last feature of every line (``features`` carry it), so it is a weight row like the rest.
    """
    try:  # training only: the lint never imports them
        from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
        from sklearn.svm import LinearSVC  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - the [train] extra is part of [test]
        raise HandbookError("train.needs-sklearn") from exc
    out = np.zeros((size, classes), dtype=np.int64)
    out[-1, :] = -_SCALE * 100  # a class with no training line never wins (its other weights stay 0)
    present = sorted(set(labels))
    if len(present) < 2:
        out[-1, present] = 0
        return out, _SCALE
    lengths = np.array([f.size for f in features], dtype=np.int64)
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    columns = np.concatenate(features) if features else np.zeros(0, dtype=np.int64)
    matrix = csr_matrix((np.ones(columns.size), columns, indptr), shape=(len(features), size))
    matrix.sum_duplicates()  # an n-gram twice in a line counts twice, as the runtime sums it
    svm = LinearSVC(C=_C, dual=True, fit_intercept=False, random_state=0, max_iter=_MAX_ITER)
    svm.fit(matrix, np.asarray(labels), sample_weight=np.asarray(weights, dtype=np.float64))
    coef = svm.coef_ if len(present) > 2 else np.vstack([-svm.coef_[0], svm.coef_[0]])
    for row, k in zip(coef, present, strict=True):
        out[:, k] = np.rint(row * _SCALE).astype(np.int64)
    return out, _SCALE


def _perceptron(
    features: list[npt.NDArray[np.int64]],
    labels: list[int],
    weights: list[int],
    classes: int,
    size: int,
    epochs: int,
    keys: list[str],
) -> tuple[Matrix, int]:
    """Multiclass averaged perceptron; returns the summed weights (average × steps) and the step count."""
    current = np.zeros((size, classes), dtype=np.int64)
    timed = np.zeros((size, classes), dtype=np.int64)  # sum of step × update, for the averaging trick
    step = 0
    for epoch in range(epochs):
        order = sorted(range(len(features)), key=lambda i: hashlib.sha256(f"{epoch}\x00{keys[i]}".encode()).digest())
        for i in order:
            step += 1
            f, y = features[i], labels[i]
            scores = current[f].sum(axis=0)
            scores[y] -= 1  # a margin of one is required, so ties are updates too
            guess = int(np.argmax(scores))
            if guess == y:
                continue
            w = weights[i]
            np.add.at(current[:, y], f, w)
            np.add.at(current[:, guess], f, -w)
            np.add.at(timed[:, y], f, step * w)
            np.add.at(timed[:, guess], f, -step * w)
    summed: Matrix = current * (step + 1) - timed
    return summed, step + 1


# --- reading ----------------------------------------------------------------------------------------------


def parse(text: str) -> ConductModel:
    """A model from the text ``train`` wrote; ``ValueError`` if it is not one."""
    head, _, body = text.partition("\n")
    try:
        header = json.loads(head)
    except json.JSONDecodeError as exc:
        raise ValueError("the first line of a conduct model is its JSON header") from exc
    if not isinstance(header, dict) or header.get("format") != _FORMAT:
        raise ValueError(f"not a conduct model of format {_FORMAT}")
    classes = [str(c) for c in header["classes"]]
    registers = [str(r) for r in header["registers"]]
    body = body.rstrip("\n")
    # every row is "n-gram TAB weights": one split of the whole body (a model has a hundred thousand rows,
    # and a split per row was a third of the parse); a row without its tab, or with two, is refused
    if body.count("\t") != (body.count("\n") + 1 if body else 0):
        raise ValueError("a conduct model row has the wrong number of weights")
    cells = body.replace("\n", "\t").split("\t") if body else []
    names = cells[0::2]
    width = len(classes) + len(registers)
    # one C-level parse of every number in the file
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # NumPy only warns about text it cannot read
        try:
            numbers = np.fromstring(" ".join(cells[1::2]), dtype=np.int64, sep=" ")
        except (DeprecationWarning, ValueError) as exc:
            raise ValueError("a conduct model row holds something other than integer weights") from exc
    if numbers.size != len(names) * width:
        raise ValueError("a conduct model row has the wrong number of weights")
    matrix = numbers.reshape(len(names), width)
    try:
        bias_row = names.index(_BIAS)
    except ValueError:
        raise ValueError("a conduct model needs its bias row") from None
    keep = [i for i in range(len(names)) if i != bias_row]
    ids = gram_ids([names[i] for i in keep])
    order = np.argsort(ids, kind="stable")
    ordered = np.vstack([matrix[keep][order], matrix[bias_row : bias_row + 1]])
    conduct = np.ascontiguousarray(ordered[:, : len(classes)])
    register = np.ascontiguousarray(ordered[:, len(classes) :])
    steps = header["steps"]
    calibration = {str(k): dict(v) for k, v in header.get("calibration", {}).items()}
    patterns = {
        str(k): {str(r): (int(v[0]), int(v[1])) for r, v in by.items()} for k, by in header.get("patterns", {}).items()
    }
    return ConductModel(
        classes, registers, ids[order], conduct, register, (int(steps[0]), int(steps[1])), calibration, patterns
    )


def load_model(path: Path | None = None) -> ConductModel:
    """The model at ``path`` (default: the shipped one), read once per process."""
    return _load(path or MODEL_PATH)


@lru_cache(maxsize=4)
def _load(path: Path) -> ConductModel:
    if path != MODEL_PATH:
        return parse(path.read_text(encoding="utf-8"))
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    folder = _cache_folder()
    cached = _read_cache(folder, digest) if folder is not None else None
    if cached is not None:
        return cached
    model = parse(data.decode("utf-8"))
    if folder is not None:
        _write_cache(folder, digest, model)
    return model


# --- the binary copy of the shipped model -----------------------------------------------------------------
#
# Parsing the shipped text (about a hundred thousand rows of integers) was most of the lint's start-up.
# The arrays ``parse`` makes from it are kept in the user's cache folder as a NumPy archive named by the
# text's SHA-256, so a copy can only ever stand for the very bytes it was made from: a retrained or edited
# model file has another name and is parsed afresh (and its copy written), and nothing is ever read back
# that the text does not say. Any failure to read or write a copy just means parsing the text, as before.

#: version of the archive's layout (part of its name)
_CACHE_FORMAT = 2


def _cache_folder() -> Path | None:
    """Where copies are kept: ``$CUISHOU_CACHE`` (empty: keep none), else the platform's user cache folder."""
    override = os.environ.get("CUISHOU_CACHE")
    if override is not None:
        return Path(override) if override else None
    try:
        if os.name == "nt":
            base = os.environ.get("LOCALAPPDATA")
            return Path(base) / "cuishou-handbook" / "Cache" if base else None
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "cuishou-handbook"
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cuishou-handbook"
    except RuntimeError:  # no home folder to be found
        return None


def _cache_file(folder: Path, digest: str) -> Path:
    return folder / f"conduct-model-{digest}-{_CACHE_FORMAT}.npz"


def _read_cache(folder: Path, digest: str) -> ConductModel | None:
    try:
        # opened here, so it is closed when NumPy finds no archive in it (it would leave its own open)
        with _cache_file(folder, digest).open("rb") as stream, np.load(stream, allow_pickle=False) as archive:
            header = json.loads(archive["header"].tobytes().decode("utf-8"))
            vocab, conduct, register = archive["vocab"], archive["conduct"], archive["register"]
        classes = [str(c) for c in header["classes"]]
        registers = [str(r) for r in header["registers"]]
        steps = (int(header["steps"][0]), int(header["steps"][1]))
        calibration = {str(k): dict(v) for k, v in header["calibration"].items()}
        patterns = {
            str(k): {str(r): (int(v[0]), int(v[1])) for r, v in by.items()} for k, by in header["patterns"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, zipfile.BadZipFile):
        return None
    rows = vocab.size + 1
    if (
        vocab.dtype != np.uint64
        or conduct.dtype != np.int64
        or register.dtype != np.int64
        or conduct.shape != (rows, len(classes))
        or register.shape != (rows, len(registers))
    ):
        return None
    return ConductModel(classes, registers, vocab, conduct, register, steps, calibration, patterns)


def _write_cache(folder: Path, digest: str, model: ConductModel) -> None:
    header = {
        "classes": model.classes,
        "registers": model.registers,
        "steps": list(model._steps),
        "calibration": model._calibration,
        "patterns": {k: {r: list(v) for r, v in by.items()} for k, by in model.patterns.items()},
    }
    target = _cache_file(folder, digest)
    temporary = folder / f".{target.name}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as out:
            np.savez(
                out,
                header=np.frombuffer(json.dumps(header, sort_keys=True).encode("utf-8"), dtype=np.uint8),
                vocab=model._vocab,
                conduct=model._conduct,
                register=model._register,
            )
        os.replace(temporary, target)  # whole or not at all, also when two runs write it at once
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        return
    # copies of earlier models (a retrain, an upgrade) would otherwise pile up, some 20 MB each
    for stale in folder.glob("conduct-model-*.npz"):
        if stale != target:
            with contextlib.suppress(OSError):
                stale.unlink()
