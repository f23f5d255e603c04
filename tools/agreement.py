"""How far a second, independent labeller, reading each line alone, agrees with the corpus labels.

``corpus/conduct/agreement/second-labeller.tsv`` holds a second, independent labelling of 450 real lines
of the train and dev splits (seeds left out): 300 drawn at random and 150 more drawn from the lines the
corpus labels unlawful. The second labeller followed the same labelling rules, saw each line without its
document and without the first labels, and marked lines whose label depends on context they could not see.

Printed: agreement and Cohen's kappa on lawful / unlawful (random sample), and the second labeller scored
as if it were a lint against the corpus labels (recall, right rule, false alarms), by register. This is
what "the labels" are worth, and a ceiling of sorts for any lint that, like this one, reads a line alone.

Run from the repository root: ``python tools/agreement.py``.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from cuishou.schema.conduct_corpus import Labelled, Score, read_real_split

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "conduct"
SECOND = CORPUS / "agreement" / "second-labeller.tsv"


def kappa(pairs: list[tuple[bool, bool]]) -> tuple[float, float]:
    """Raw agreement and Cohen's kappa of two labellings."""
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[v] * second[v] for v in (True, False)) / n / n
    return observed, (observed - expected) / (1 - expected)


def main() -> int:
    lines = {(line.source, line.index): line for split in ("train", "dev") for line in read_real_split(CORPUS, split)}
    with SECOND.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    pairs: list[tuple[Labelled, dict[str, str]]] = [(lines[(r["source"], int(r["line"]))], r) for r in rows]
    random = [(line, r) for line, r in pairs if r["sample"] == "random"]
    observed, k = kappa([(line.unlawful, r["label"] == "unlawful") for line, r in random])
    print(f"random sample, {len(random)} lines: agreement {observed:.1%}, Cohen's kappa {k:.2f}")
    same_register = sum(line.register == r["register"] for line, r in random)
    print(f"register agreement (random sample): {same_register / len(random):.1%}")
    scores: dict[str, Score] = {"all": Score()}
    for line, r in pairs:
        if not line.unlawful and r["sample"] != "random":
            continue  # lawful lines count from the random sample only (the other draw is of unlawful lines)
        named = {r["rule"], *filter(None, r["also"].split(","))} - {""} if r["label"] == "unlawful" else set()
        for key in ("all", line.register):
            scores.setdefault(key, Score()).add(line, frozenset(named))
    print("the second labeller as a lint against the corpus labels (unlawful lines: both draws):")
    for register, score in scores.items():
        print(f"  {register:12} {score.summary()}")
    context = sum(r["context"] == "yes" for _, r in pairs)
    print(f"lines the second labeller could not judge without their document: {context} of {len(pairs)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
