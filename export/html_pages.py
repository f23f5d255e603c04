"""Which pages the website has: one per entry (glossary terms share one), an index per kind, home, search.

``plan_pages`` decides *which* pages exist, at which path, with which template and data; how a page
looks is the template's business (``templates/html/``), and ``html_render`` turns a page into bytes.
Order is fixed (kind table order, then id, or the author's order where it carries meaning), so the same
handbook always plans the same pages.

Trainee pages never carry counter-examples (错误示范) or the violating examples of red lines: those are
in the trainer section (``trainer/``), whose pages are marked as such and are not indexed for search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..schema.models import KINDS
from .html_links import TRAINER_KINDS, SiteLinks, entry_path

if TYPE_CHECKING:
    from ..schema.models.handbook import Handbook, Record

__all__ = ["NAV", "PROFILE_KINDS", "Page", "plan_pages"]

#: kinds shown by the generic profile template, in the order the reference page lists them
PROFILE_KINDS = ("customer_type", "cause", "risk_grade", "kpi", "role", "team")

#: main navigation: (section key, page, label)
NAV: tuple[tuple[str, str, str], ...] = (
    ("courses", "courses/index.html", "课程"),
    ("procedures", "procedures/index.html", "流程"),
    ("scripts", "scripts/index.html", "话术"),
    ("conduct", "conduct/index.html", "红线"),
    ("legal", "legal/index.html", "法律"),
    ("glossary", "glossary/index.html", "术语"),
    ("reference", "reference.html", "参考"),
    ("search", "search.html", "搜索"),
)

_CURRENT_LAW = ("in_force", "amended", "not_yet_effective")


@dataclass
class Page:
    """One HTML file of the site."""

    #: path relative to the site root, ``/``-separated (``courses/basics.html``)
    path: str
    template: str
    title: str
    #: navigation section it belongs to (``NAV`` key), for ``aria-current``
    section: str
    context: dict[str, Any] = field(default_factory=dict)
    #: the entries the page is *the* page of: in a preview, findings about them appear on it
    records: tuple[Record, ...] = ()
    #: trainer material: marked on the page, never linked as trainee content, not indexed for search
    trainer: bool = False
    #: its main content goes into the search index
    searchable: bool = False


def plan_pages(handbook: Handbook, links: SiteLinks) -> list[Page]:
    """Every page of the site, in a fixed order."""
    pages: list[Page] = [_home(handbook), _search()]
    for kind, folder_title, template in (
        ("course", "课程", "course.html.j2"),
        ("procedure", "流程", "procedure.html.j2"),
        ("script", "话术", "script.html.j2"),
        ("conduct_rule", "红线", "conduct.html.j2"),
        ("legal", "法律依据", "legal.html.j2"),
    ):
        records = _sorted(handbook, kind)
        section = KINDS[kind].folder
        if kind == "legal":
            pages.append(_legal_index(handbook, records))
        else:
            pages.append(_index(kind, folder_title, section, records))
        for record in records:
            pages.append(_entry_page(record, template, section))
    pages.append(_glossary(handbook))
    pages.append(
        Page(
            "reference.html",
            "reference.html.j2",
            "参考资料",
            "reference",
            {"groups": [(KINDS[k].zh, KINDS[k].folder, _sorted(handbook, k)) for k in PROFILE_KINDS]},
        )
    )
    for kind in PROFILE_KINDS:
        records = _sorted(handbook, kind)
        pages.append(_index(kind, KINDS[kind].zh, "reference", records))
        pages.extend(_entry_page(r, "profile.html.j2", "reference") for r in records)
    pages.extend(_trainer_pages(handbook))
    return pages


def _sorted(handbook: Handbook, kind: str) -> list[Record]:
    return sorted(handbook.records(kind), key=lambda r: r.entry.id)


def _home(handbook: Handbook) -> Page:
    procedures = _sorted(handbook, "procedure")
    stages = [
        (record, stage)
        for record in procedures
        for stage in getattr(record.entry, "stages", [])
        if stage.days is not None
    ]
    rules = sorted(
        handbook.records("conduct_rule"), key=lambda r: (getattr(r.entry, "severity", "") != "error", r.entry.id)
    )
    context = {
        "courses": _sorted(handbook, "course"),
        "procedures": procedures,
        "stages": stages,
        "rules": rules,
        "profile_groups": [(KINDS[k].zh, KINDS[k].folder, len(handbook.entries[k])) for k in PROFILE_KINDS],
        "counts": {k: len(v) for k, v in handbook.entries.items()},
    }
    return Page("index.html", "home.html.j2", "首页", "home", context)


def _search() -> Page:
    return Page("search.html", "search.html.j2", "搜索", "search")


def _index(kind: str, title: str, section: str, records: list[Record]) -> Page:
    folder = KINDS[kind].folder
    return Page(f"{folder}/index.html", "list.html.j2", title, section, {"kind": kind, "items": records})


def _legal_index(handbook: Handbook, records: list[Record]) -> Page:
    current = [r for r in records if getattr(r.entry, "status", "") in _CURRENT_LAW]
    former = [r for r in records if r not in current]
    by_kind: dict[str, list[Record]] = {}
    for record in current:
        by_kind.setdefault(getattr(record.entry, "kind", ""), []).append(record)
    return Page(
        "legal/index.html",
        "legal_index.html.j2",
        "法律依据",
        "legal",
        {"by_kind": by_kind, "former": former},
    )


def _entry_page(record: Record, template: str, section: str) -> Page:
    return Page(
        entry_path(record.kind, record.entry.id),
        template,
        record.entry.title,
        section,
        {"record": record, "entry": record.entry, "kind": record.kind},
        records=(record,),
        searchable=True,
    )


def _glossary(handbook: Handbook) -> Page:
    records = list(handbook.records("glossary"))
    return Page(
        "glossary/index.html",
        "glossary.html.j2",
        "术语表",
        "glossary",
        {"terms": records},
        records=tuple(records),
        searchable=True,
    )


def _trainer_pages(handbook: Handbook) -> list[Page]:
    """The trainer section: course pages with trainer material, counter-examples, red-line examples."""
    courses = _sorted(handbook, "course")
    examples = _sorted(handbook, "counter_example")
    rules = _sorted(handbook, "conduct_rule")
    pages = [
        Page(
            "trainer/index.html",
            "trainer_index.html.j2",
            "培训师专区",
            "trainer",
            {"courses": courses, "examples": examples, "rules": rules},
            trainer=True,
        ),
        Page(
            "trainer/conduct-examples.html",
            "conduct_examples.html.j2",
            "红线示例（违规与合规）",
            "trainer",
            {"rules": rules},
            trainer=True,
        ),
    ]
    for record in courses:
        pages.append(
            Page(
                f"trainer/courses/{record.entry.id}.html",
                "course.html.j2",
                record.entry.title,
                "trainer",
                {"record": record, "entry": record.entry, "kind": "course"},
                records=(record,),
                trainer=True,
            )
        )
    for record in examples:
        assert record.kind in TRAINER_KINDS
        pages.append(
            Page(
                entry_path(record.kind, record.entry.id),
                "counter_example.html.j2",
                record.entry.title,
                "trainer",
                {"record": record, "entry": record.entry, "kind": record.kind},
                records=(record,),
                trainer=True,
            )
        )
    return pages
