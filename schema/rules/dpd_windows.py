"""Procedure integrity: stages cover days past due without gaps or overlaps, and escalations lead on.

A case must always fall in exactly one stage, so a gap (days no stage handles) or an overlap (two stages
claim the same day) is an error that names the days. Each escalation must name a stage
(``procedure:ID#STAGE``), never its own stage, and escalations must not form a cycle, or a case could
bounce between stages for ever.

PASS::

    stages: [{id: a, days: {from: 1, to: 5}}, {id: b, days: {from: 6, to: 30}}]

FAIL::

    stages: [{id: a, days: {from: 1, to: 5}}, {id: b, days: {from: 9, to: 30}}]   # dpd.gap: days 6–8
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..findings import Finding, Location, Severity, define_messages
from .base import RuleInfo

if TYPE_CHECKING:
    from ..models.handbook import Handbook

RULES = (
    RuleInfo("dpd.gap", Severity.ERROR, "阶段逾期天数之间有空档", "gap between stage day windows"),
    RuleInfo("dpd.overlap", Severity.ERROR, "阶段逾期天数重叠", "stage day windows overlap"),
    RuleInfo("dpd.escalation-target", Severity.ERROR, "升级目标不是流程阶段", "escalation target is not a stage"),
    RuleInfo("dpd.escalation-self", Severity.ERROR, "阶段升级到自身", "stage escalates to itself"),
    RuleInfo("dpd.escalation-cycle", Severity.ERROR, "阶段升级形成循环", "escalations form a cycle"),
)

define_messages(
    {
        "dpd.gap": (
            "阶段“{before}”（至第 {end} 天）与“{after}”（自第 {start} 天）之间空缺 {days} 天（第 {first}—{last} 天）",
            "stages '{before}' (to day {end}) and '{after}' (from day {start}) leave {days} day(s) uncovered "
            "(days {first}–{last})",
        ),
        "dpd.overlap": (
            "阶段“{before}”与“{after}”重叠 {days} 天（第 {first}—{last} 天）",
            "stages '{before}' and '{after}' overlap by {days} day(s) (days {first}–{last})",
        ),
        "dpd.overlap-open": (
            "阶段“{before}”不设截止天数，与其后的“{after}”（自第 {start} 天）重叠",
            "stage '{before}' is open-ended and overlaps the later stage '{after}' (from day {start})",
        ),
        "dpd.escalation-target": (
            "升级目标“{ref}”应指向流程中的阶段（procedure:流程id#阶段id），可用阶段：{stages}",
            "escalation target '{ref}' must name a stage (procedure:ID#STAGE); stages: {stages}",
        ),
        "dpd.escalation-self": ("阶段“{stage}”升级到了自身", "stage '{stage}' escalates to itself"),
        "dpd.escalation-cycle": (
            "升级形成循环：{cycle}",
            "escalations form a cycle: {cycle}",
        ),
    }
)

Node = tuple[str, str]


def check(handbook: Handbook) -> Iterator[Finding]:
    stages_of: dict[str, dict[str, Any]] = {
        r.entry.id: {s.id: s for s in r.entry.stages}  # type: ignore[attr-defined]
        for r in handbook.records("procedure")
    }
    edges: dict[Node, list[tuple[Node, Location]]] = {}
    for record in handbook.records("procedure"):
        proc: Any = record.entry
        yield from _windows(record, proc)
        if len(stages_of[proc.id]) < len(proc.stages):
            continue  # two stages share an id (id.duplicate-anchor): the escalation graph cannot tell them apart
        for si, stage in enumerate(proc.stages):
            for ei, esc in enumerate(stage.escalation):
                where = record.loc("stages", si, "escalation", ei, "to")
                prefix, _, rest = esc.to.partition(":")
                target_proc, _, target_stage = rest.partition("#")
                if prefix != "procedure" or target_proc not in stages_of:
                    if prefix != "procedure":
                        yield _target(where, esc.to, [])
                    continue  # a missing procedure is ref.unresolved already
                known = stages_of[target_proc]
                if target_stage not in known:
                    yield _target(where, esc.to, list(known))
                    continue
                if (target_proc, target_stage) == (proc.id, stage.id):
                    yield Finding(
                        "dpd.escalation-self", Severity.ERROR, where, "dpd.escalation-self", {"stage": stage.id}
                    )
                    continue
                edges.setdefault((proc.id, stage.id), []).append(((target_proc, target_stage), where))
    yield from _cycles(edges)


def _target(where: Location, ref: str, stages: list[str]) -> Finding:
    return Finding(
        "dpd.escalation-target",
        Severity.ERROR,
        where,
        "dpd.escalation-target",
        {"ref": ref, "stages": ", ".join(stages) or "-"},
    )


def _windows(record: Any, proc: Any) -> Iterator[Finding]:
    timed = sorted(
        ((s.days.from_, s.days.to, i, s.id) for i, s in enumerate(proc.stages) if s.days is not None),
        key=lambda t: (t[0], t[2]),
    )
    for (_, end_a, _, id_a), (start_b, end_b, ib, id_b) in itertools.pairwise(timed):
        where = record.loc("stages", ib, "days")
        if end_a is None:
            params = {"before": id_a, "after": id_b, "start": start_b}
            yield Finding("dpd.overlap", Severity.ERROR, where, "dpd.overlap-open", params)
        elif start_b > end_a + 1:
            first, last = end_a + 1, start_b - 1
            params = {
                "before": id_a,
                "after": id_b,
                "end": end_a,
                "start": start_b,
                "days": last - first + 1,
                "first": first,
                "last": last,
            }
            yield Finding("dpd.gap", Severity.ERROR, where, "dpd.gap", params)
        elif start_b <= end_a:
            last = end_a if end_b is None else min(end_a, end_b)
            params = {"before": id_a, "after": id_b, "days": last - start_b + 1, "first": start_b, "last": last}
            yield Finding("dpd.overlap", Severity.ERROR, where, "dpd.overlap", params)


def _cycles(edges: dict[Node, list[tuple[Node, Location]]]) -> Iterator[Finding]:
    """Report each cycle once, at the escalation that closes it (iterative DFS, linear in the graph)."""
    state: dict[Node, int] = {}  # 1 on the stack, 2 done
    for root in sorted(edges):
        if root in state:
            continue
        stack: list[tuple[Node, int]] = [(root, 0)]
        path: list[Node] = [root]
        state[root] = 1
        while stack:
            node, i = stack[-1]
            out = edges.get(node, [])
            if i >= len(out):
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            stack[-1] = (node, i + 1)
            target, where = out[i]
            seen = state.get(target)
            if seen == 1:
                loop = [*path[path.index(target) :], target]
                shown = " → ".join(f"{p}#{s}" for p, s in loop)
                yield Finding("dpd.escalation-cycle", Severity.ERROR, where, "dpd.escalation-cycle", {"cycle": shown})
            elif seen is None:
                state[target] = 1
                stack.append((target, 0))
                path.append(target)
