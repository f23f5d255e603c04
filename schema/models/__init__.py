"""The handbook's data model: one pydantic model per entry kind, and the registry of kinds.

``KINDS`` maps each kind to the folder its files live in and the prefix its references use, so the
loader, the reference checker, the JSON Schema writer and the scaffolder all agree on one table.
"""

from __future__ import annotations

from dataclasses import dataclass

from .common import REF_PREFIXES, Entry, Model
from .conduct import ConductRule, CounterExample
from .course import Course
from .glossary import Term
from .legal import Legal
from .meta import Meta
from .organisation import Kpi, Role, Team
from .procedure import Procedure
from .profiles import Cause, CustomerType, RiskGrade
from .script import Script

__all__ = ["KINDS", "KIND_BY_FOLDER", "KIND_BY_PREFIX", "SCHEMA_VERSION", "Entry", "KindSpec", "Meta", "Model"]

#: version of the data model (semver): a handbook written for another major version is refused plainly
SCHEMA_VERSION = "1.0.0"


@dataclass(frozen=True)
class KindSpec:
    """Where a kind's files live, how references name it, and which model checks it."""

    name: str
    folder: str
    prefix: str
    model: type[Entry]
    #: Chinese name for messages and documents
    zh: str


KINDS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (
        KindSpec("course", "courses", "course", Course, "课程"),
        KindSpec("procedure", "procedures", "procedure", Procedure, "流程"),
        KindSpec("script", "scripts", "script", Script, "话术"),
        KindSpec("customer_type", "customer-types", "customer-type", CustomerType, "客户类型"),
        KindSpec("cause", "causes", "cause", Cause, "逾期原因"),
        KindSpec("risk_grade", "risk-grades", "risk-grade", RiskGrade, "风险等级"),
        KindSpec("kpi", "kpis", "kpi", Kpi, "考核指标"),
        KindSpec("role", "roles", "role", Role, "岗位"),
        KindSpec("team", "team", "team", Team, "团队管理"),
        KindSpec("glossary", "glossary", "term", Term, "术语"),
        KindSpec("legal", "legal", "legal", Legal, "法律依据"),
        KindSpec("conduct_rule", "conduct", "conduct", ConductRule, "红线"),
        KindSpec("counter_example", "counter-examples", "counter-example", CounterExample, "错误示范"),
    )
}
KIND_BY_FOLDER = {spec.folder: spec for spec in KINDS.values()}
KIND_BY_PREFIX = {spec.prefix: spec for spec in KINDS.values()}
if tuple(KIND_BY_PREFIX) != REF_PREFIXES:  # the Ref pattern lists the prefixes; one table must not drift
    raise ValueError(f"REF_PREFIXES {REF_PREFIXES} differ from the KINDS prefixes {tuple(KIND_BY_PREFIX)}")
