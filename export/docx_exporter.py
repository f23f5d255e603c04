"""The DOCX exporter: which Word documents to write, and where; each document kind is one module.

``--kind`` picks among ``DOCUMENT_BY_KIND``; every file is built in memory with bytes that depend only on the
handbook (see ``docx_common.save_package``), and the set is written as a whole (``StagedOutput``). Documents
are built in parallel worker processes where the platform forks (Linux): the same bytes either way, in
about half the time on two cores (measured in ``bench/``).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, ClassVar

from ..schema.findings import Finding, HandbookError, define_messages
from . import docx_handout, docx_legal_booklet, docx_quick_card, docx_trainer_guide
from .atomic_write import StagedOutput, output_path
from .base import Selection

if TYPE_CHECKING:
    from ..schema.models.handbook import Handbook
    from .docx_plan import PlannedDocument

__all__ = ["DOCUMENT_BY_KIND", "BuiltDocument", "DocxExporter", "build_documents", "plan_documents"]

#: ``--kind`` value -> module with ``plan(handbook, selection) -> list[PlannedDocument]``
DOCUMENT_BY_KIND: dict[str, ModuleType] = {
    module.KIND: module for module in (docx_handout, docx_trainer_guide, docx_quick_card, docx_legal_booklet)
}

define_messages(
    {
        "export.no-meta": (
            "手册缺少可用的 meta.yaml，无法导出（封面和属性需要手册名称、版本和生效日期）",
            "the handbook has no usable meta.yaml, so nothing can be exported (title, version, effective date)",
        ),
    }
)

#: (file stem, document title, DOCX bytes, findings met while building)
BuiltDocument = tuple[str, str, bytes, list[Finding]]


def selected_kinds(selection: Selection, known: dict[str, ModuleType], format_name: str) -> list[str]:
    """Document kinds to write, in the registry's order; ``all`` or nothing selects every kind."""
    wanted = [k for k in selection.kinds if k != "all"]
    for kind in wanted:
        if kind not in known:
            raise HandbookError(
                "export.unknown-kind", "usage", format=format_name, kind=kind, choices=", ".join([*known, "all"])
            )
    if not wanted or "all" in selection.kinds:
        return list(known)
    return [k for k in known if k in wanted]


def plan_documents(handbook: Handbook, selection: Selection, format_name: str) -> list[PlannedDocument]:
    """The documents a selection asks for, in a stable order; usage errors before anything is built."""
    if handbook.meta is None:
        raise HandbookError("export.no-meta", "usage")
    return [
        document
        for kind in selected_kinds(selection, DOCUMENT_BY_KIND, format_name)
        for document in DOCUMENT_BY_KIND[kind].plan(handbook, selection)
    ]


#: the plan the forked workers build from (inherited through fork, so nothing is pickled but an index)
_PLANNED: list[PlannedDocument] = []


def _build(index: int) -> BuiltDocument:
    document = _PLANNED[index]
    writer = document.build()
    data = writer.to_bytes()
    return document.stem, writer.full_title, data, writer.findings


def _leave_interrupts_to_the_parent() -> None:
    """Ctrl-C reaches every process in the group: workers ignore it so only the parent reacts (one message,
    no worker tracebacks) and stops the pool, keeping the previous set of documents."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _workers(count: int) -> int:
    """Worker processes worth starting: none without fork (spawning would re-import everything) or cores."""
    if count < 4 or sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, 4) if cores > 1 else 0


def build_documents(planned: list[PlannedDocument], *, parallel: bool = True) -> list[BuiltDocument]:
    """Build every planned document in memory, in plan order; in forked workers when that pays."""
    workers = _workers(len(planned)) if parallel else 0
    if not workers:
        _PLANNED[:] = planned
        try:
            return [_build(i) for i in range(len(planned))]
        finally:
            _PLANNED.clear()
    _PLANNED[:] = planned
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_leave_interrupts_to_the_parent) as pool:
            return pool.map(_build, range(len(planned)), chunksize=1)
    finally:
        _PLANNED.clear()


class DocxExporter:
    """Word documents a training department prints: handouts, trainer guides, quick card, legal booklet."""

    name: ClassVar[str] = "docx"
    suffix: ClassVar[str] = ".docx"
    kinds: ClassVar[tuple[str, ...]] = tuple(DOCUMENT_BY_KIND)

    def __init__(self, *, parallel: bool = True) -> None:
        self.findings: list[Finding] = []
        self.parallel = parallel

    def export(self, handbook: Handbook, out_dir: Path, *, selection: Selection) -> list[Path]:
        planned = plan_documents(handbook, selection, self.name)
        # the whole set or nothing: a failure or Ctrl-C while building leaves last week's documents as they were
        with StagedOutput(out_dir) as stage:
            for stem, _title, data, findings in build_documents(planned, parallel=self.parallel):
                self.record(findings)
                stage.write(output_path(out_dir, stem, self.suffix), data)
            return stage.commit()

    def record(self, findings: list[Finding]) -> None:
        """Keep a document's findings; the handout and the trainer guide of one course meet the same text."""
        known = {(f.location, repr(f.params)) for f in self.findings}
        self.findings.extend(f for f in findings if (f.location, repr(f.params)) not in known)
