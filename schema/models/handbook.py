"""The in-memory handbook: every entry by kind and id, each with the file and place it came from.

The builder (``schema/build.py``) fills a ``Handbook``; rules and exporters only read it. The types live
with the models so that exporters depend on the data model alone, not on the builder or the rules.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import KIND_BY_PREFIX, KINDS, Entry, Meta
from .coverage import Coverage
from .walk import Path_, iter_refs, iter_texts

if TYPE_CHECKING:
    from ..findings import Location
    from ..loader import LoadedFile

__all__ = ["Handbook", "RawRecord", "Record"]


@dataclass(frozen=True)
class RawRecord:
    """An entry's data as written, with the file and path it was read from, so rules can locate findings.

    Entries that failed their model are kept in this form too: the rules that read only text and references
    (references, legal currency, editorial) still run on them, so one error does not hide the others.
    """

    kind: str
    file: LoadedFile
    #: path of the entry inside its file: ``()`` for a one-entry file, ``(i,)`` for item i of a list
    base: Path_

    def loc(self, *path: str | int, key: bool = False) -> Location:
        """Where ``path`` (relative to the entry) sits in the YAML file."""
        return self.file.location((*self.base, *path), key=key)

    @property
    def raw(self) -> Any:
        data = self.file.data
        for step in self.base:
            data = data[step]
        return data

    @functools.cached_property
    def texts(self) -> tuple[tuple[Path_, str], ...]:
        """Every prose string of the entry with its path; computed once, read by several rules."""
        return tuple(iter_texts(self.raw))

    @functools.cached_property
    def refs(self) -> tuple[tuple[Path_, str], ...]:
        """Every reference of the entry with its path; computed once, read by rules and exporters."""
        return tuple(iter_refs(self.raw))


@dataclass(frozen=True)
class Record(RawRecord):
    """An entry that passed its model: the typed ``entry`` beside the data it was built from."""

    entry: Entry

    def anchors(self) -> list[str]:
        """Names an anchor (``#…``) may take in a reference to this entry."""
        return [name for name, _ in self.anchor_paths()]

    def anchor_paths(self) -> list[tuple[str, Path_]]:
        """Each anchor name with the path of the value that names it (one namespace per entry: a stage and a
        step, or a session and a module, may not share a name, or ``procedure:x#name`` would be ambiguous)."""
        entry: Any = self.entry
        if self.kind == "legal":
            return [(a.number, ("articles", i, "number")) for i, a in enumerate(entry.articles)]
        if self.kind == "procedure":
            return [(s.id, ("stages", i, "id")) for i, s in enumerate(entry.stages)] + [
                (step.id, ("stages", i, "steps", j, "id"))
                for i, s in enumerate(entry.stages)
                for j, step in enumerate(s.steps)
            ]
        if self.kind == "course":
            return [(s.id, ("sessions", i, "id")) for i, s in enumerate(entry.sessions)] + [
                (m.id, ("sessions", i, "modules", j, "id"))
                for i, s in enumerate(entry.sessions)
                for j, m in enumerate(s.modules)
            ]
        return []


@dataclass
class Handbook:
    """All entries of one handbook tree, by kind and id. Every later stage reads only this."""

    root: Path
    meta: Meta | None = None
    meta_file: LoadedFile | None = None
    entries: dict[str, dict[str, Record]] = field(default_factory=lambda: {k: {} for k in KINDS})
    files: list[LoadedFile] = field(default_factory=list)
    #: the coverage map (``sources.yaml``), when present and valid
    coverage: Coverage | None = None
    coverage_file: LoadedFile | None = None
    #: (kind, id) of entries that failed schema validation: references to them are not reported again
    broken: set[tuple[str, str]] = field(default_factory=set)
    #: entries (mappings) that failed their model, kept as written for the rules that read only text and refs
    invalid: list[RawRecord] = field(default_factory=list)
    #: kinds whose folder could not be read in full: a reference to a missing entry of these may be fine
    unread: set[str] = field(default_factory=set)

    def unknowable(self, kind: str, ident: str) -> bool:
        """True when a missing entry may exist after all: it failed its model, or its folder was unreadable."""
        return kind in self.unread or (kind, ident) in self.broken

    def records(self, kind: str | None = None) -> Iterator[Record]:
        """Records of one kind, or of every kind, in a stable order (kind table order, then id)."""
        kinds = [kind] if kind else list(KINDS)
        for name in kinds:
            yield from self.entries[name].values()

    def raw_records(self) -> Iterator[RawRecord]:
        """Every entry, valid or not: the records, then the entries that failed their model (file order)."""
        yield from self.records()
        yield from self.invalid

    def resolve(self, ref: str) -> Record | None:
        """The record a ``kind:id[#anchor]`` reference names, ignoring the anchor."""
        prefix, _, rest = ref.partition(":")
        spec = KIND_BY_PREFIX.get(prefix)
        if spec is None:
            return None
        return self.entries[spec.name].get(rest.partition("#")[0])

    def count(self) -> int:
        return sum(len(v) for v in self.entries.values())
