"""Labelled collection text (``corpus/conduct/``): read it, and score the conduct lint on it, by register.

Two kinds of data, kept apart and always reported apart:

- ``real/{train,dev,heldout}/<source>.yaml`` — verbatim text from public sources (judgments, regulators'
  and prosecutors' bulletins, news quoting collectors, lenders' templates in public code, statutes and
  industry rules, training material, and the project's seed documents). One file per source document,
  with its provenance in ``source:`` and one labelled line per sentence in ``lines:``. The split is by
  source (``tools/split_real_corpus.py``), so no document spans two splits.
- ``synthetic/{train,heldout}/*.yaml`` — sentences written for the project from the conduct rules, a
  YAML list of ``{label, rule, text}``; they are spoken-register lines.

Every line has a register: ``spoken`` (what a collector says or texts), ``instruction`` (training prose
telling staff what to do), ``descriptive`` (third-person accounts of conduct), ``rule`` (statements that
forbid, require or define conduct). Scores are recall (unlawful lines flagged by any rule), right rule
(flagged with the labelled rule or one of its ``also`` rules) and false alarms (lawful lines flagged).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from .conduct_model import TrainLine
from .findings import HandbookError, define_messages

__all__ = [
    "REAL_WEIGHT",
    "REGISTERS",
    "TRAINING_SPLITS",
    "Labelled",
    "Register",
    "Score",
    "as_training",
    "evaluation_sets",
    "read_corpus",
    "read_corpus_dir",
    "read_real_split",
    "score",
    "score_by_register",
    "training_lines",
]

Register = Literal["spoken", "instruction", "descriptive", "rule"]
REGISTERS: tuple[Register, ...] = ("spoken", "instruction", "descriptive", "rule")

define_messages(
    {
        "corpus.invalid": (
            "{path} 第 {index} 条不是有效的语料（需要 label: lawful|unlawful、text，unlawful 还需要 rule）",
            "{path} entry {index} is not a corpus line (needs label: lawful|unlawful, text, and rule if unlawful)",
        ),
        "corpus.yaml": ("{path} 不是有效的语料文件：{reason}", "{path} is not a corpus file: {reason}"),
    }
)


@dataclass(frozen=True)
class Labelled:
    """One corpus line: its text, ``lawful`` or the rule it mainly breaks, its register and provenance."""

    text: str
    label: str
    path: str
    index: int
    register: Register = "spoken"
    #: other rules the same line clearly breaks (a finding naming one of them names a right rule)
    also: tuple[str, ...] = ()
    #: the source document (real data) or the set (synthetic data)
    source: str = ""
    #: the labeller's doubt, if any (kept for review; the line is scored as labelled)
    doubt: str | None = None
    #: verbatim public text (``real/``), not a synthetic sentence
    real: bool = False

    @property
    def unlawful(self) -> bool:
        return self.label != "lawful"

    @property
    def rules(self) -> frozenset[str]:
        return frozenset((self.label, *self.also)) if self.unlawful else frozenset()


def _load(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise HandbookError("corpus.yaml", "io", path=str(path), reason=type(exc).__name__) from exc


def read_corpus(path: Path) -> list[Labelled]:
    """The lines of one corpus file, either format; ``HandbookError`` naming the entry if one is malformed."""
    data = _load(path)
    if isinstance(data, dict) and isinstance(data.get("lines"), list):
        source = data.get("source") or {}
        source_id = str(source.get("id", path.stem)) if isinstance(source, dict) else path.stem
        return [_line(item, path, i, source_id, real=True) for i, item in enumerate(data["lines"], start=1)]
    if isinstance(data, list):
        return [_line(item, path, i, path.stem, real=False) for i, item in enumerate(data, start=1)]
    raise HandbookError("corpus.yaml", "io", path=str(path), reason="neither a list nor {source, lines}")


def _line(item: object, path: Path, index: int, source: str, *, real: bool) -> Labelled:
    if not isinstance(item, dict):
        raise HandbookError("corpus.invalid", "io", path=str(path), index=index)
    ok = isinstance(item.get("text"), str) and item.get("label") in ("lawful", "unlawful")
    if ok and item["label"] == "unlawful":
        ok = isinstance(item.get("rule"), str) and bool(item["rule"])
    register = item.get("register", "spoken")
    if not ok or register not in REGISTERS:
        raise HandbookError("corpus.invalid", "io", path=str(path), index=index)
    also = item.get("also") or []
    doubt = item.get("doubt")
    return Labelled(
        text=item["text"],
        label="lawful" if item["label"] == "lawful" else item["rule"],
        path=str(path),
        index=index,
        register=register,
        also=tuple(str(a) for a in also) if isinstance(also, list) else (),
        source=source,
        doubt=str(doubt) if doubt else None,
        real=real,
    )


def read_corpus_dir(folder: Path) -> list[Labelled]:
    """Every ``*.yaml`` directly in ``folder``, in name order (so training is deterministic)."""
    if not folder.is_dir():
        raise HandbookError("io.not-found", "io", path=str(folder))
    return [line for path in sorted(folder.glob("*.yaml")) for line in read_corpus(path)]


def read_real_split(corpus: Path, split: str) -> list[Labelled]:
    """The lines of one split of the real corpus (``train``, ``dev`` or ``heldout``)."""
    return read_corpus_dir(corpus / "real" / split)


@dataclass
class Score:
    """Recall, right rule and false alarms of one lint configuration on a set of labelled lines."""

    unlawful: int = 0
    lawful: int = 0
    caught: int = 0
    right_rule: int = 0
    false_alarms: int = 0
    missed: list[Labelled] = field(default_factory=list)
    wrong_rule: list[tuple[Labelled, frozenset[str]]] = field(default_factory=list)
    alarms: list[tuple[Labelled, frozenset[str]]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.unlawful if self.unlawful else float("nan")

    @property
    def right_rule_rate(self) -> float:
        """Share of unlawful lines flagged with a right rule (of all unlawful lines, not of those caught)."""
        return self.right_rule / self.unlawful if self.unlawful else float("nan")

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.lawful if self.lawful else 0.0

    def add(self, line: Labelled, flagged: frozenset[str]) -> None:
        if line.unlawful:
            self.unlawful += 1
            if flagged:
                self.caught += 1
                if flagged & line.rules:
                    self.right_rule += 1
                else:
                    self.wrong_rule.append((line, flagged))
            else:
                self.missed.append(line)
        else:
            self.lawful += 1
            if flagged:
                self.false_alarms += 1
                self.alarms.append((line, flagged))

    def summary(self) -> str:
        def pct(x: float) -> str:
            return "  –  " if x != x else f"{x:5.1%}"

        return (
            f"recall {pct(self.recall)} ({self.caught}/{self.unlawful}), "
            f"right rule {pct(self.right_rule_rate)} ({self.right_rule}/{self.unlawful}), "
            f"false alarms {pct(self.false_alarm_rate)} ({self.false_alarms}/{self.lawful})"
        )


Flagger = Callable[[Sequence[Labelled]], list[frozenset[str]]]


def score(flag: Flagger, lines: Iterable[Labelled]) -> Score:
    """How a lint does on ``lines``; ``flag`` maps lines to the rule ids flagged on each."""
    result = Score()
    batch = list(lines)
    for line, flagged in zip(batch, flag(batch), strict=True):
        result.add(line, flagged)
    return result


def score_by_register(flag: Flagger, lines: Iterable[Labelled]) -> dict[str, Score]:
    """``score`` per register, plus ``all`` pooled over them."""
    batch = list(lines)
    flags = flag(batch)
    out: dict[str, Score] = {"all": Score()}
    for line, flagged in zip(batch, flags, strict=True):
        out.setdefault(line.register, Score()).add(line, flagged)
        out["all"].add(line, flagged)
    return out


#: how much more a real line counts than a synthetic one when training (real text is what the lint meets)
REAL_WEIGHT = 3


#: the real splits the shipped model learns from. Settings are chosen out of fold over the same splits
#: (``tools/tune_conduct.py``), so dev lines serve both without a setting ever being scored on a line its
#: model saw; held-out is never trained on
TRAINING_SPLITS = ("train", "dev")


def training_lines(corpus: Path) -> list[Labelled]:
    """What the shipped model learns from: ``synthetic/train`` and the real ``TRAINING_SPLITS`` (``train``
    is required; a corpus without a ``dev`` split trains on ``train`` alone)."""
    splits = [s for s in TRAINING_SPLITS if s == "train" or (corpus / "real" / s).is_dir()]
    real = [line for split in splits for line in read_real_split(corpus, split)]
    return read_corpus_dir(corpus / "synthetic" / "train") + real


def as_training(lines: Iterable[Labelled]) -> list[TrainLine]:
    """Corpus lines as the model's trainer takes them: a real line weighs ``REAL_WEIGHT`` lines."""
    return [
        TrainLine(line.text, line.label, line.register, REAL_WEIGHT if line.real else 1, line.real) for line in lines
    ]


def evaluation_sets(
    corpus: Path, names: Sequence[str] = ("real/heldout", "synthetic/heldout")
) -> dict[str, list[Labelled]]:
    """The named sets (``real/dev``, ``real/heldout``, ``synthetic/heldout``), by name."""
    return {name: read_corpus_dir(corpus / name) for name in names}
