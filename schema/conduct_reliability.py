"""How often each conduct pattern named the right rule in real training text, register by register.

The model may drop a pattern hit on a line it is sure is lawful (``Decision.veto``): the patterns were
written on speech and over-fire on news and judgments. But some patterns are as good in a judgment as on
a call ("油漆寫大字、塞門鎖", "扣人討債"), and the model, which learns from far fewer descriptive lines, vetoed
them too. So ``handbook train-conduct`` records, for every pattern and register, how many of its hits on the
real training lines named a rule the line breaks, and the engine lets a hit stand against a veto when that
record is good enough (``Decision.trust``). The record travels in the model file, so it is rebuilt with the
model, and its key carries a fingerprint of the pattern: an edited pattern starts with no record.
"""

from __future__ import annotations

from collections.abc import Sequence

from .conduct_corpus import Labelled, as_training
from .conduct_engine import ConductEngine
from .conduct_model import train

__all__ = ["Records", "build_model", "pattern_records"]

#: pattern key → register → [hits naming a rule the line breaks, hits]
Records = dict[str, dict[str, list[int]]]


def pattern_records(engine: ConductEngine, lines: Sequence[Labelled]) -> Records:
    """Each pattern's hits on ``lines`` read in their labelled register, and how many named a right rule."""
    patterns = engine.patterns_only()
    found = patterns.scan_many([line.text for line in lines], [line.register for line in lines])
    out: Records = {}
    for line, hits in zip(lines, found, strict=True):
        for hit in hits:
            key = engine.pattern_key(hit.rule, hit.pattern)
            if key is None:
                continue
            record = out.setdefault(key, {}).setdefault(line.register, [0, 0])
            record[0] += hit.rule in line.rules
            record[1] += 1
    return {key: dict(sorted(by.items())) for key, by in sorted(out.items())}


def build_model(lines: Sequence[Labelled], patterns: ConductEngine) -> str:
    """The model file for these training lines (``training_lines``), with the records of ``patterns``'s
    patterns on the real ones: what ``handbook train-conduct`` writes, and what each fold of
    ``tools/tune_conduct.py`` trains."""
    return train(as_training(lines), patterns=pattern_records(patterns, [line for line in lines if line.real]))
