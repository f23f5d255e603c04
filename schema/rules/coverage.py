"""Coverage map integrity: every seed listed once, every mapped id exists, entries' seeds are mapped.

PASS::

    seeds:
      - seed: "000"
        file: 000_x.txt
        title: 催收培训教案
        sections:
          - section: 两小时教案
            entries: [course:collection-basics-2h]
          - section: 网站导航
            excluded: 网页模板文字

FAIL::

          - section: 两小时教案
            entries: [course:no-such-course]     # coverage.unresolved
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..findings import Finding, Severity, define_messages
from ..models import KIND_BY_PREFIX
from .base import RuleInfo

if TYPE_CHECKING:
    from ..models.handbook import Handbook

RULES = (
    RuleInfo("coverage.unresolved", Severity.ERROR, "覆盖图引用的条目不存在", "coverage map names a missing entry"),
    RuleInfo("coverage.duplicate-seed", Severity.ERROR, "覆盖图中来源重复", "seed listed twice in the coverage map"),
    RuleInfo(
        "coverage.unmapped-seed",
        Severity.WARNING,
        "条目引用的来源不在覆盖图中",
        "an entry cites a seed the coverage map does not list",
    ),
)

define_messages(
    {
        "coverage.unresolved": ("覆盖图引用的“{ref}”不存在", "coverage map: '{ref}' does not exist"),
        "coverage.duplicate-seed": ("来源 {seed} 在覆盖图中出现了两次", "seed {seed} is listed twice"),
        "coverage.unmapped-seed": (
            "条目引用了来源 {seed}，但 sources.yaml 覆盖图中没有这个来源",
            "this entry cites seed {seed}, which sources.yaml does not list",
        ),
    }
)


def check(handbook: Handbook) -> Iterator[Finding]:
    coverage, loaded = handbook.coverage, handbook.coverage_file
    if coverage is None or loaded is None:
        return
    seen: set[str] = set()
    for i, seed in enumerate(coverage.seeds):
        if seed.seed in seen:
            yield Finding(
                "coverage.duplicate-seed",
                Severity.ERROR,
                loaded.location(("seeds", i, "seed")),
                "coverage.duplicate-seed",
                {"seed": seed.seed},
            )
        seen.add(seed.seed)
        for j, section in enumerate(seed.sections):
            for k, ref in enumerate(section.entries):
                prefix, _, rest = ref.partition(":")
                spec = KIND_BY_PREFIX.get(prefix)
                ident = rest.partition("#")[0]
                if spec is None or (
                    ident not in handbook.entries[spec.name] and not handbook.unknowable(spec.name, ident)
                ):
                    where = loaded.location(("seeds", i, "sections", j, "entries", k))
                    yield Finding("coverage.unresolved", Severity.ERROR, where, "coverage.unresolved", {"ref": ref})
    for record in handbook.records():
        for n, source in enumerate(record.entry.sources):
            if source.seed.isdigit() and source.seed not in seen:
                yield Finding(
                    "coverage.unmapped-seed",
                    Severity.WARNING,
                    record.loc("sources", n, "seed"),
                    "coverage.unmapped-seed",
                    {"seed": source.seed},
                )
