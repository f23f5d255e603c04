"""Labelled collection sentences (``corpus/conduct/``): read them, and score the conduct lint on them.

Each corpus file is a YAML list of ``{label: unlawful, rule: <conduct id>, text: …}`` or
``{label: lawful, text: …}``. ``train/`` feeds the model; ``heldout/`` is never trained or tuned on and
is how the project measures generalisation: recall (unlawful lines flagged by any rule) and false alarms
(lawful lines flagged).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .conduct_engine import ConductEngine
from .findings import HandbookError, define_messages

__all__ = ["Labelled", "Score", "read_corpus", "read_corpus_dir", "score"]

define_messages(
    {
        "corpus.invalid": (
            "{path} 第 {index} 条不是有效的语料（需要 label: lawful|unlawful、text，unlawful 还需要 rule）",
            "{path} entry {index} is not a corpus line (needs label: lawful|unlawful, text, and rule if unlawful)",
        ),
        "corpus.yaml": ("{path} 不是有效的 YAML 列表：{reason}", "{path} is not a YAML list: {reason}"),
    }
)


@dataclass(frozen=True)
class Labelled:
    """One corpus line: its text, ``lawful`` or the id of the rule it mainly breaks, and where it is."""

    text: str
    label: str
    path: str
    index: int

    @property
    def unlawful(self) -> bool:
        return self.label != "lawful"


def read_corpus(path: Path) -> list[Labelled]:
    """The lines of one corpus file; ``HandbookError`` naming the entry if one is malformed."""
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise HandbookError("corpus.yaml", "io", path=str(path), reason=type(exc).__name__) from exc
    if not isinstance(items, list):
        raise HandbookError("corpus.yaml", "io", path=str(path), reason="not a list")
    out = []
    for index, item in enumerate(items, start=1):
        ok = isinstance(item, dict) and isinstance(item.get("text"), str)
        ok = ok and item.get("label") in ("lawful", "unlawful")
        if ok and item["label"] == "unlawful":
            ok = isinstance(item.get("rule"), str) and bool(item["rule"])
        if not ok:
            raise HandbookError("corpus.invalid", "io", path=str(path), index=index)
        label = "lawful" if item["label"] == "lawful" else item["rule"]
        out.append(Labelled(item["text"], label, str(path), index))
    return out


def read_corpus_dir(folder: Path) -> list[Labelled]:
    """Every ``*.yaml`` directly in ``folder``, in name order (so training is deterministic)."""
    if not folder.is_dir():
        raise HandbookError("io.not-found", "io", path=str(folder))
    return [line for path in sorted(folder.glob("*.yaml")) for line in read_corpus(path)]


@dataclass
class Score:
    """Recall and false alarms of one lint configuration on a set of labelled lines."""

    unlawful: int = 0
    lawful: int = 0
    caught: int = 0
    right_rule: int = 0
    false_alarms: int = 0
    missed: list[Labelled] = field(default_factory=list)
    alarms: list[Labelled] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.unlawful if self.unlawful else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.lawful if self.lawful else 0.0

    def summary(self) -> str:
        return (
            f"recall {self.recall:.1%} ({self.caught}/{self.unlawful}), "
            f"false alarms {self.false_alarm_rate:.1%} ({self.false_alarms}/{self.lawful}), "
            f"rule named right {self.right_rule}/{self.caught}"
        )


def score(engine: ConductEngine, lines: Iterable[Labelled]) -> Score:
    """How ``engine`` does on ``lines``: an unlawful line counts as caught if any rule fires."""
    result = Score()
    for line in lines:
        rules = {h.rule for h in engine.scan(line.text)}
        if line.unlawful:
            result.unlawful += 1
            if rules:
                result.caught += 1
                result.right_rule += line.label in rules
            else:
                result.missed.append(line)
        else:
            result.lawful += 1
            if rules:
                result.false_alarms += 1
                result.alarms.append(line)
    return result
