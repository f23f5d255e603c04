"""Choose the conduct engine's decision settings on the development split, reproducibly.

The engine's ``Decision`` (``schema/conduct_engine.py``) says, per register, at which calibrated
probability the model flags a line no pattern caught (``flag``) and below which it drops a pattern hit
(``veto``). Picking them by hand after each retrain is slow and easy to bias, so this script searches them
on ``corpus/conduct/real/dev`` only (never the held-out split): coordinate ascent over a fixed grid,
maximising recall plus right-rule rate, under the issue's false-alarm limits (pooled and per register).
It prints the settings it found and what they give; a maintainer copies them into ``Decision`` and then
scores the held-out split once with ``handbook train-conduct --evaluate``.

Run from the repository root: ``python tools/tune_conduct.py [--pooled-fa 0.05] [--register-fa 0.08]``.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence
from pathlib import Path

from cuishou.schema.check import load_handbook
from cuishou.schema.conduct_corpus import Labelled, Score, read_real_split, score_by_register, training_set
from cuishou.schema.conduct_engine import ConductEngine, Decision
from cuishou.schema.conduct_model import parse, train
from cuishou.schema.models.conduct import ConductRule

ROOT = Path(__file__).resolve().parent.parent
#: registers whose thresholds are searched (a statement of rules has no pattern hits, so only ``flag``)
REGISTERS = ("spoken", "instruction", "descriptive", "rule")
FLAG_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 2.0)
VETO_GRID = (0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4)


def _engine() -> ConductEngine:
    model = parse(train(training_set(ROOT / "corpus" / "conduct")))
    handbook, _ = load_handbook(ROOT / "handbook")
    rules = [r.entry for r in handbook.records("conduct_rule") if isinstance(r.entry, ConductRule)]
    window = handbook.meta.contact_window if handbook.meta is not None else "08:00-22:00"
    return ConductEngine(rules, window, model)


def _scores(engine: ConductEngine, lines: Sequence[Labelled]) -> dict[str, Score]:
    hits = engine.scan_many([line.text for line in lines])
    flags = {id(line): frozenset(h.rule for h in found) for line, found in zip(lines, hits, strict=True)}
    return score_by_register(lambda batch: [flags[id(line)] for line in batch], lines)


def _objective(scores: dict[str, Score], pooled_fa: float, register_fa: float) -> float:
    pooled = scores["all"]
    value = pooled.recall + pooled.right_rule_rate
    worst = max(s.false_alarm_rate for s in scores.values())
    excess = max(0.0, pooled.false_alarm_rate - pooled_fa) + max(0.0, worst - register_fa)
    return value - 20 * excess


def _show(label: str, scores: dict[str, Score]) -> None:
    print(label)
    for register, result in scores.items():
        print(f"  {register:12} {result.summary()}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pooled-fa", type=float, default=0.05, help="false alarms allowed, pooled")
    parser.add_argument("--register-fa", type=float, default=0.08, help="false alarms allowed in any register")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    engine = _engine()
    dev = read_real_split(ROOT / "corpus" / "conduct", "dev")
    best = Decision()
    engine.decision = best
    best_scores = _scores(engine, dev)
    _show("current settings on real/dev", best_scores)
    best_value = _objective(best_scores, args.pooled_fa, args.register_fa)
    for _ in range(args.rounds):
        improved = False
        for register in REGISTERS:
            for name, grid in (("flag", FLAG_GRID), ("veto", VETO_GRID if register != "rule" else ())):
                for value in grid:
                    table = dict(getattr(best, name))
                    table[register] = value
                    trial = dataclasses.replace(best, **{name: table})
                    engine.decision = trial
                    scores = _scores(engine, dev)
                    objective = _objective(scores, args.pooled_fa, args.register_fa)
                    if objective > best_value + 1e-9:
                        best, best_value, best_scores, improved = trial, objective, scores, True
        if not improved:
            break
    _show("best settings on real/dev", best_scores)
    print(f"flag = {best.flag}\nveto = {best.veto}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
