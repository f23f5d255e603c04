"""Course timing: a course's modules add up to its stated total, and unknown minutes are explained.

Trainers plan a day from ``total_minutes``; a total that disagrees with its modules means one of them is
wrong (the seeds disagree with themselves), so the author must fix it or say why in ``total_note``.

PASS::

    total_minutes: 45
    sessions: [{modules: [{minutes: 15}, {minutes: 30}]}]

FAIL::

    total_minutes: 120                      # minutes.total: modules add up to 45
    sessions: [{modules: [{minutes: 15}, {minutes: 30}]}]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..findings import Finding, Severity, define_messages
from .base import RuleInfo

if TYPE_CHECKING:
    from ..models.handbook import Handbook

RULES = (
    RuleInfo("minutes.total", Severity.ERROR, "课程总时长与模块时长之和不符", "course total differs from its modules"),
    RuleInfo("minutes.unknown-unexplained", Severity.WARNING, "时长未知但没有说明", "unknown minutes not explained"),
)

define_messages(
    {
        "minutes.total": (
            "总时长写的是 {total} 分钟，但各模块合计 {sum} 分钟（相差 {diff} 分钟）：请更正其中之一",
            "total_minutes is {total} but the modules add up to {sum} (off by {diff}): correct one of them",
        ),
        "minutes.total-exceeded": (
            "总时长写的是 {total} 分钟，但已知时长的模块已合计 {sum} 分钟",
            "total_minutes is {total} but the modules with known minutes already add up to {sum}",
        ),
        "minutes.unknown-unexplained": (
            "模块“{module}”的时长写作 unknown，请在 minutes_note 中说明原因",
            "module '{module}' has unknown minutes: say why in minutes_note",
        ),
    }
)


def check(handbook: Handbook) -> Iterator[Finding]:
    for record in handbook.records("course"):
        course: Any = record.entry
        known = 0
        unknown = False
        for si, session in enumerate(course.sessions):
            for mi, module in enumerate(session.modules):
                if module.minutes == "unknown":
                    unknown = True
                    if module.minutes_note is None:
                        where = record.loc("sessions", si, "modules", mi, "minutes")
                        yield Finding(
                            "minutes.unknown-unexplained",
                            Severity.WARNING,
                            where,
                            "minutes.unknown-unexplained",
                            {"module": module.id},
                        )
                else:
                    known += module.minutes
        total = course.total_minutes
        if total == "unknown":
            continue
        if not unknown and known != total:
            params = {"total": total, "sum": known, "diff": abs(total - known)}
            yield Finding("minutes.total", Severity.ERROR, record.loc("total_minutes"), "minutes.total", params)
        elif unknown and known > total:
            params = {"total": total, "sum": known}
            yield Finding(
                "minutes.total", Severity.ERROR, record.loc("total_minutes"), "minutes.total-exceeded", params
            )
