"""What a rule is: an id, a default severity, a one-line summary, and the checker that yields it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..findings import Finding, Severity

if TYPE_CHECKING:
    from ..models.handbook import Handbook

__all__ = ["Checker", "RuleInfo"]


@dataclass(frozen=True)
class RuleInfo:
    """Metadata of one rule id, shown in SARIF and ``--help-rules``."""

    id: str
    severity: Severity
    summary_zh: str
    summary_en: str


#: a checker reads the whole handbook and yields findings for the rule ids its module declares
Checker = Callable[["Handbook"], Iterator[Finding]]
