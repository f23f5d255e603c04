"""Where every entry lives on the website, what each reference links to, and what cites each entry.

One table answers three questions the pages ask: the page (and anchor) of ``kind:id#anchor``, the words a
link shows (``民法典第一百八十八条``, ``逾期账户催收流程 · 逾期早期``), and which entries cite a page or an
article. Paths are relative to the site root (``legal/civil-code.html#188``); pages turn them into links
relative to themselves, so the site works from any folder, web server path or ``file://`` share.

Counter-examples (错误示范) live only in the trainer section (``trainer/``): links to them and citations by
them are kept apart (``trainer=True``) so trainee pages never show them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..schema.models import KIND_BY_PREFIX, KINDS
from ..schema.models.legal import Legal

if TYPE_CHECKING:
    from ..schema.models.handbook import Handbook, Record

__all__ = ["TRAINER_KINDS", "Citation", "Link", "SiteLinks", "entry_path"]

#: kinds shown only in the trainer section
TRAINER_KINDS = frozenset({"counter_example"})
#: kinds whose entries share one page, each entry an anchor on it
_SHARED_PAGE = frozenset({"glossary"})


def entry_path(kind: str, entry_id: str) -> str:
    """The page of one entry, relative to the site root (``courses/basics.html``)."""
    folder = KINDS[kind].folder
    if kind in TRAINER_KINDS:
        folder = f"trainer/{folder}"
    if kind in _SHARED_PAGE:
        return f"{folder}/index.html#{entry_id}"
    return f"{folder}/{entry_id}.html"


@dataclass(frozen=True)
class Link:
    """What a reference points at on the site."""

    #: the reference as written (``legal:civil-code#188``)
    ref: str
    #: target relative to the site root, with ``#anchor``; empty when the reference does not resolve
    url: str
    #: the words the link shows
    label: str
    #: the kind's Chinese name (课程, 流程 …), for grouping and screen readers
    kind_zh: str
    #: the target is trainer material (a counter-example): never linked from a trainee page
    trainer: bool = False

    @property
    def resolved(self) -> bool:
        return bool(self.url)


@dataclass(frozen=True)
class Citation:
    """One entry (and the part of it) that cites a page."""

    url: str
    label: str
    kind_zh: str
    trainer: bool


class SiteLinks:
    """Resolves references to pages and collects, for each entry and article, what cites it."""

    def __init__(self, handbook: Handbook) -> None:
        self.handbook = handbook
        #: ``prefix:id`` and ``prefix:id#anchor`` -> citations, in handbook order, once each
        self._cited_by: dict[str, list[Citation]] = {}
        for record in handbook.records():
            for path, ref in record.refs:
                citation = self._citation(record, path)
                key, _, anchor = ref.partition("#")
                for target in (key, ref) if anchor else (key,):
                    found = self._cited_by.setdefault(target, [])
                    if citation not in found:
                        found.append(citation)

    # --- references ---------------------------------------------------------------------------------

    def link(self, ref: str) -> Link:
        """The link for a reference; unresolved references (possible in a preview) have no url."""
        prefix, _, rest = ref.partition(":")
        entry_id, _, anchor = rest.partition("#")
        spec = KIND_BY_PREFIX.get(prefix)
        kind_zh = spec.zh if spec else prefix
        record = self.handbook.resolve(ref)
        if spec is None or record is None:
            return Link(ref, "", ref, kind_zh)
        trainer = spec.name in TRAINER_KINDS
        if anchor and anchor not in record.anchors():
            return Link(ref, "", f"{record.entry.title}#{anchor}", kind_zh, trainer)
        page = entry_path(spec.name, entry_id)
        url = f"{page}#{anchor}" if anchor and "#" not in page else page
        return Link(ref, url, self.label(record, anchor), kind_zh, trainer)

    def links(self, refs: Iterable[str], *, trainer: bool = False) -> list[Link]:
        """Links for ``refs`` in order, once each; trainer material only when ``trainer``."""
        out: dict[str, Link] = {}
        for ref in refs:
            link = self.link(ref)
            if link.trainer and not trainer:
                continue
            out.setdefault(ref, link)
        return list(out.values())

    def label(self, record: Record, anchor: str = "") -> str:
        """``民法典第一百八十八条``, ``流程 · 阶段``, ``课程 · 模块``, or the entry's title."""
        entry: Any = record.entry
        if isinstance(entry, Legal):
            article = next((a for a in entry.articles if a.number == anchor), None)
            return entry.short_title + (article.label if article else "")
        part = _part_title(record, anchor) if anchor else None
        return f"{entry.title} · {part}" if part else str(entry.title)

    # --- citations ----------------------------------------------------------------------------------

    def cited_by(self, kind: str, entry_id: str, anchor: str = "", *, trainer: bool = False) -> list[Citation]:
        """What cites an entry (or one of its articles, stages, modules); trainer material only when asked."""
        key = f"{KINDS[kind].prefix}:{entry_id}" + (f"#{anchor}" if anchor else "")
        return [c for c in self._cited_by.get(key, []) if trainer or not c.trainer]

    def trainer_citations(self, kind: str, entry_id: str) -> int:
        """How many trainer-only entries cite an entry (a trainee page says only that they exist)."""
        key = f"{KINDS[kind].prefix}:{entry_id}"
        return sum(1 for c in self._cited_by.get(key, []) if c.trainer)

    def _citation(self, record: Record, path: tuple[str | int, ...]) -> Citation:
        anchor, part = _anchor_of(record, path)
        page = entry_path(record.kind, record.entry.id)
        url = page if "#" in page or not anchor else f"{page}#{anchor}"
        label = record.entry.title + (f" · {part}" if part else "")
        return Citation(url, label, KINDS[record.kind].zh, record.kind in TRAINER_KINDS)


def _anchor_of(record: Record, path: tuple[str | int, ...]) -> tuple[str, str]:
    """The anchor and title of the part of an entry that holds ``path`` (a course module, a stage)."""
    entry: Any = record.entry
    try:
        if record.kind == "course" and path[:1] == ("sessions",) and len(path) > 4 and path[2] == "modules":
            module = entry.sessions[int(path[1])].modules[int(path[3])]
            return module.id, module.title
        if record.kind == "procedure" and path[:1] == ("stages",) and len(path) > 2:
            stage = entry.stages[int(path[1])]
            return stage.id, stage.title
    except (IndexError, TypeError, ValueError):
        pass
    return "", ""


def _part_title(record: Record, anchor: str) -> str | None:
    """The title of a stage, step, session or module that an anchor names."""
    entry: Any = record.entry
    if record.kind == "procedure":
        for stage in entry.stages:
            if stage.id == anchor:
                return str(stage.title)
            for step in stage.steps:
                if step.id == anchor:
                    return f"{stage.title} · {step.actor}"
    if record.kind == "course":
        for session in entry.sessions:
            if session.id == anchor:
                return str(session.title)
            for module in session.modules:
                if module.id == anchor:
                    return str(module.title)
    return None
