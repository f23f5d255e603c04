"""The rule registry: every checker module and the rule ids it yields, in one explicit table.

A rule id defined twice is an error at import time, so ids stay unique across output, JSON, SARIF and
counter-example labels.
"""

from __future__ import annotations

from types import ModuleType

from . import (
    author_notes,
    conduct,
    core,
    coverage,
    disclosure,
    dpd_windows,
    editorial,
    inner_ids,
    legal_commentary,
    legal_currency,
    minutes,
    refs,
)
from .base import Checker, RuleInfo

__all__ = ["CHECKERS", "RULES", "Checker", "RuleInfo"]

#: checker modules in the order they run; each has ``RULES`` and ``check(handbook)``
_MODULES: tuple[ModuleType, ...] = (
    core,
    inner_ids,
    refs,
    coverage,
    minutes,
    dpd_windows,
    legal_currency,
    legal_commentary,
    conduct,
    disclosure,
    editorial,
    author_notes,
)

CHECKERS: tuple[Checker, ...] = tuple(m.check for m in _MODULES)


def _collect() -> dict[str, RuleInfo]:
    table: dict[str, RuleInfo] = {}
    for module in _MODULES:
        for info in module.RULES:
            if info.id in table:
                raise ValueError(f"rule id defined twice: {info.id}")
            table[info.id] = info
    return table


#: every rule id the checkers can yield, with its default severity and summary
RULES: dict[str, RuleInfo] = _collect()
