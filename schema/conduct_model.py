"""The conduct lint's second opinion: naive Bayes over character n-grams, trained on ``corpus/conduct/``.

Why a model beside the patterns: keyword patterns explain themselves and carry the rule's severity, but
collectors paraphrase, and on sentences written by people who never saw the patterns they caught about
80–86 % of the unlawful lines. A multinomial naive Bayes over the character 1–3-grams of each line,
trained on a few thousand labelled lines, generalises to wording it has not seen; the patterns stay
first and the model is asked only when no pattern fires (see ``ConductEngine``).

Why naive Bayes and not something stronger: the model is nothing but integer counts (how many training
lines of each class contain each n-gram), so ``handbook train-conduct`` rebuilds a byte-identical file
on any machine, the file diffs line by line, scoring needs no library, and it is fast (one dictionary
lookup per n-gram). On held-out set D, with the training data of the time, logistic regression on the
same n-grams was no better (95–98 % recall at 2.6–6.5 % false alarms, by threshold, against 96.9 % at
1.3 %). The settings below were chosen then, on D, before held-out sets E–H existed.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "LAWFUL",
    "MODEL_PATH",
    "ConductModel",
    "Judgement",
    "load_model",
    "normalise",
    "train",
]

#: the class of lines that break no rule
LAWFUL = "lawful"
#: the shipped model (package data; rebuilt with ``handbook train-conduct``)
MODEL_PATH = Path(__file__).resolve().parent / "data" / "conduct-model.tsv"
_FORMAT = 1
_NGRAMS = (1, 2, 3)
#: an n-gram must occur in this many training lines to be kept (drops typos and one-off names)
_MIN_LINES = 2
#: additive smoothing; 0.3 was best of 0.1 / 0.3 / 1.0 on held-out set D
_ALPHA = 0.3


@lru_cache(maxsize=1)
def _t2s() -> object | None:
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency; a missing wheel only loses t2s
        return None
    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """Per character: compatibility forms folded (full-width digits), lower case, Traditional → Simplified.

    The result has the same length as ``text``, so an n-gram's offset is also its offset in the original.
    """
    chars = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch).lower()
        chars.append(folded if len(folded) == 1 else ch)
    flat = "".join(" " if c.isspace() else c for c in chars)
    converter = _t2s()
    if converter is not None:
        simplified: str = converter.convert(flat)  # type: ignore[attr-defined]
        if len(simplified) == len(flat):
            return simplified
    return flat


def ngrams(text: str) -> dict[str, int]:
    """Each distinct character n-gram of the normalised text with its first offset."""
    norm = normalise(text)
    seen: dict[str, int] = {}
    for n in _NGRAMS:
        for i in range(len(norm) - n + 1):
            seen.setdefault(norm[i : i + n], i)
    return seen


@dataclass(frozen=True)
class Judgement:
    """The model's verdict on one line: the likeliest rule, how sure, and the n-gram that weighed most."""

    rule: str
    probability: float
    start: int
    end: int


class ConductModel:
    """Scores a line: the probability it breaks some rule, and which rule is likeliest."""

    def __init__(
        self,
        classes: Sequence[str],
        lines: Sequence[int],
        totals: Sequence[int],
        counts: dict[str, dict[int, int]],
        *,
        alpha: float = _ALPHA,
        threshold: float = 0.5,
    ) -> None:
        self.classes = list(classes)
        self.threshold = threshold
        self._lawful = self.classes.index(LAWFUL)
        vocab = len(counts)
        n_lines = sum(lines)
        self._log_prior = [math.log(n / n_lines) for n in lines]
        self._log_denominator = [math.log(t + alpha * vocab) for t in totals]
        self._log_alpha = math.log(alpha)
        # per n-gram, the classes that saw it: log(count + alpha) - log(alpha), the excess over unseen
        self._excess: dict[str, dict[int, float]] = {
            g: {c: math.log(k + alpha) - self._log_alpha for c, k in by.items()} for g, by in counts.items()
        }
        # two-way view for the verdict (lawful vs any rule): pooled counts of the rule classes
        unlawful_total = sum(t for c, t in enumerate(totals) if c != self._lawful)
        self._log_prior_unlawful = math.log((n_lines - lines[self._lawful]) / n_lines)
        self._log_denominator_unlawful = math.log(unlawful_total + alpha * vocab)
        self._delta: dict[str, float] = {}
        for g, by in counts.items():
            lawful = by.get(self._lawful, 0)
            unlawful = sum(k for c, k in by.items() if c != self._lawful)
            self._delta[g] = (
                math.log(unlawful + alpha)
                - self._log_denominator_unlawful
                - math.log(lawful + alpha)
                + self._log_denominator[self._lawful]
            )

    def probability(self, text: str) -> float:
        """How likely the line breaks some rule (0–1); the prior alone for a line of unknown n-grams."""
        return self._probability(self._known(text))

    def _known(self, text: str) -> dict[str, int]:
        return {g: at for g, at in ngrams(text).items() if g in self._delta}

    def _probability(self, grams: dict[str, int]) -> float:
        log_odds = self._log_prior_unlawful - self._log_prior[self._lawful] + sum(self._delta[g] for g in grams)
        return 1.0 / (1.0 + math.exp(-max(-700.0, min(700.0, log_odds))))

    def judge(self, text: str, rules: Iterable[str] | None = None) -> Judgement | None:
        """The verdict if the line is more likely unlawful than ``threshold``, else ``None``.

        ``rules`` limits the rules the verdict may name (a handbook without some rule, or with it
        disabled, never hears of it).
        """
        return self.assess(text, rules)[1]

    def assess(self, text: str, rules: Iterable[str] | None = None) -> tuple[float, Judgement | None]:
        """``probability`` and ``judge`` in one pass over the line's n-grams (what the engine needs)."""
        grams = self._known(text)
        probability = self._probability(grams)
        if not grams or probability < self.threshold:
            return probability, None
        return probability, self._name_rule(grams, probability, rules)

    def _name_rule(self, grams: dict[str, int], probability: float, rules: Iterable[str] | None) -> Judgement | None:
        allowed = set(rules) if rules is not None else None
        scores = [
            self._log_prior[c] + len(grams) * (self._log_alpha - self._log_denominator[c])
            for c in range(len(self.classes))
        ]
        for g in grams:
            for c, extra in self._excess[g].items():
                scores[c] += extra
        candidates = [
            c for c, name in enumerate(self.classes) if c != self._lawful and (allowed is None or name in allowed)
        ]
        if not candidates:
            return None
        best = max(candidates, key=lambda c: (scores[c], -c))
        # where to point the reader: the n-gram that most favours the named rule over lawful speech
        strongest = max(grams, key=lambda g: (self._log_ratio(g, best), len(g), -grams[g]))
        start = grams[strongest]
        return Judgement(self.classes[best], probability, start, start + len(strongest))

    def _log_ratio(self, gram: str, rule: int) -> float:
        """log P(gram | rule) - log P(gram | lawful)."""
        excess = self._excess[gram]
        return (
            excess.get(rule, 0.0)
            - self._log_denominator[rule]
            - excess.get(self._lawful, 0.0)
            + self._log_denominator[self._lawful]
        )


def train(lines: Iterable[tuple[str, str]], threshold: float = 0.5) -> str:
    """The model file for labelled ``(text, class)`` lines; deterministic (sorted, integer counts only)."""
    per_class: dict[str, Counter[str]] = {}
    line_count: Counter[str] = Counter()
    everywhere: Counter[str] = Counter()
    for text, label in lines:
        grams = ngrams(text)
        per_class.setdefault(label, Counter()).update(grams.keys())
        line_count[label] += 1
        everywhere.update(grams.keys())
    if LAWFUL not in per_class:
        raise ValueError("the training lines have no lawful class")
    classes = sorted(per_class, key=lambda c: (c != LAWFUL, c))
    kept = sorted(g for g, n in everywhere.items() if n >= _MIN_LINES)
    keep = set(kept)
    header = {
        "format": _FORMAT,
        "model": "multinomial naive Bayes, binary character n-grams",
        "ngrams": list(_NGRAMS),
        "min_lines": _MIN_LINES,
        "alpha": _ALPHA,
        "threshold": threshold,
        "classes": classes,
        "lines": [line_count[c] for c in classes],
        "totals": [sum(n for g, n in per_class[c].items() if g in keep) for c in classes],
    }
    out = [json.dumps(header, ensure_ascii=False, sort_keys=True)]
    for g in kept:
        cells = " ".join(f"{i}:{per_class[c][g]}" for i, c in enumerate(classes) if per_class[c][g])
        out.append(f"{g}\t{cells}")
    return "\n".join(out) + "\n"


def parse(text: str) -> ConductModel:
    """A model from the text ``train`` wrote; ``ValueError`` if it is not one."""
    head, _, body = text.partition("\n")
    try:
        header = json.loads(head)
    except json.JSONDecodeError as exc:
        raise ValueError("the first line of a conduct model is its JSON header") from exc
    if not isinstance(header, dict) or header.get("format") != _FORMAT:
        raise ValueError(f"not a conduct model of format {_FORMAT}")
    counts: dict[str, dict[int, int]] = {}
    for row in body.split("\n"):
        if not row:
            continue
        gram, _, cells = row.rpartition("\t")
        counts[gram] = {int(c): int(k) for c, _, k in (cell.partition(":") for cell in cells.split(" "))}
    return ConductModel(
        [str(c) for c in header["classes"]],
        [int(n) for n in header["lines"]],
        [int(n) for n in header["totals"]],
        counts,
        alpha=float(header["alpha"]),
        threshold=float(header["threshold"]),
    )


def load_model(path: Path | None = None) -> ConductModel:
    """The model at ``path`` (default: the shipped one), read once per process."""
    return _load(path or MODEL_PATH)


@lru_cache(maxsize=4)
def _load(path: Path) -> ConductModel:
    return parse(path.read_text(encoding="utf-8"))


def labelled(items: Sequence[dict[str, object]]) -> list[tuple[str, str]]:
    """``(text, class)`` pairs from a corpus file's entries (``label``, ``rule``, ``text``)."""
    out = []
    for item in items:
        label = LAWFUL if item["label"] == LAWFUL else str(item["rule"])
        out.append((str(item["text"]), label))
    return out
