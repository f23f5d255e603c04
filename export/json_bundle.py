"""JSON bundle: the whole handbook as one JSON document for other tools (LMS importer, QA dashboard, scripts).

The bundle keeps references as the ids authors wrote (``legal:civil-code#188``) and adds a resolved index
beside them: every reference with where it sits and what it points at, and for each entry which entries
cite it. Every table uses one set of names, the reference prefixes (``term``, ``conduct``,
``customer-type`` …): ``entries`` is keyed by them, entry keys are ``prefix:id`` as in references, and
``kinds`` maps each prefix to its folder and model name for readers who need those; ``coverage`` carries
the coverage map. Its shape is ``schema/json/bundle.schema.json``. The same handbook always gives the
same bytes: kinds in the ``KINDS`` table order, entries by id, fields in model order, UTF-8 without
``\\u`` escapes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ..schema.findings import Finding
from ..schema.json_schema import BUNDLE_SCHEMA_ID
from ..schema.models import KINDS, SCHEMA_VERSION
from .atomic_write import output_path, write_atomic
from .base import Selection

if TYPE_CHECKING:
    from ..schema.models.handbook import Handbook, Record

__all__ = ["JsonBundleExporter", "build_bundle", "bundle_selection", "render_bundle", "write_bundle"]


class JsonBundleExporter:
    """``handbook export json``: one ``handbook.json`` in the output folder."""

    name: ClassVar[str] = "json"
    suffix: ClassVar[str] = ".json"
    #: one document: ``--kind`` may only say ``all``
    kinds: ClassVar[tuple[str, ...]] = ()
    #: file name written into the output folder
    file_stem: ClassVar[str] = "handbook"

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def export(self, handbook: Handbook, out_dir: Path, *, selection: Selection | None = None) -> list[Path]:
        """Write ``out_dir/handbook.json``; ``--course`` keeps only those courses (every other kind stays)."""
        target = output_path(out_dir, self.file_stem, self.suffix)
        return [write_bundle(handbook, target, selection=bundle_selection(selection))]


def bundle_selection(selection: Selection | None) -> list[str] | None:
    """What ``build_bundle`` keeps for ``--course``: every other kind whole, and only the courses named."""
    if selection is None or not selection.courses:
        return None
    return [k for k in KINDS if k != "course"] + [f"{KINDS['course'].prefix}:{c}" for c in selection.courses]


def _key(record: Record) -> str:
    return f"{KINDS[record.kind].prefix}:{record.entry.id}"


def _selected(record: Record, selection: set[str] | None) -> bool:
    """A selection names kinds (``course``) or entries (``course:basics``); None selects everything."""
    return selection is None or record.kind in selection or _key(record) in selection


def _pointer(path: tuple[str | int, ...]) -> str:
    """RFC 6901 JSON Pointer of a path inside an entry."""
    return "".join("/" + str(step).replace("~", "~0").replace("/", "~1") for step in path)


def build_bundle(handbook: Handbook, *, selection: Iterable[str] | None = None) -> dict[str, Any]:
    """The bundle as plain data. ``handbook.meta`` must be present (a valid handbook always has it)."""
    if handbook.meta is None:
        raise ValueError("a handbook without meta.yaml cannot be exported")
    chosen = set(selection) if selection is not None else None
    entries: dict[str, list[Any]] = {}
    files: dict[str, str] = {}
    references: list[dict[str, Any]] = []
    cited_by: dict[str, set[str]] = {}
    for kind in KINDS:
        records = sorted(
            (r for r in handbook.records(kind) if _selected(r, chosen)),
            key=lambda r: r.entry.id,
        )
        entries[KINDS[kind].prefix] = [r.entry.model_dump(mode="json", by_alias=True) for r in records]
        for record in records:
            source = _key(record)
            files[source] = _relative(record.file.path, handbook.root)
            for path, ref in record.refs:
                target_key, _, anchor = ref.partition("#")
                target = handbook.resolve(ref)
                resolved = target is not None and (not anchor or anchor in target.anchors())
                references.append(
                    {
                        "from": source,
                        "at": _pointer(path),
                        "ref": ref,
                        "target": target_key,
                        "anchor": anchor or None,
                        "resolved": resolved,
                    }
                )
                cited_by.setdefault(target_key, set()).add(source)
    return {
        "$schema": BUNDLE_SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "meta": handbook.meta.model_dump(mode="json", by_alias=True),
        "kinds": {spec.prefix: {"folder": spec.folder, "model": spec.name, "zh": spec.zh} for spec in KINDS.values()},
        "entries": entries,
        "files": dict(sorted(files.items())),
        "references": references,
        "cited_by": {target: sorted(sources) for target, sources in sorted(cited_by.items())},
        "coverage": None if handbook.coverage is None else handbook.coverage.model_dump(mode="json", by_alias=True),
    }


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def render_bundle(bundle: dict[str, Any]) -> bytes:
    """UTF-8 bytes: readable Chinese (no ``\\u`` escapes), two-space indent, ``\\n`` line ends, final newline."""
    return (json.dumps(bundle, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_bundle(handbook: Handbook, out_file: Path, *, selection: Iterable[str] | None = None) -> Path:
    """Write the bundle atomically (see ``atomic_write``) and return the path."""
    return write_atomic(out_file, render_bundle(build_bundle(handbook, selection=selection)))
