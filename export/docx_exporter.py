"""The DOCX exporter: which Word documents to write, and where; each document kind is one module.

``--kind`` picks among ``DOCUMENT_BY_KIND``; every file is built in memory with bytes that depend only on the
handbook (see ``docx_common.deterministic_zip``), and the set is written as a whole (``StagedOutput``).
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, ClassVar

from ..schema.findings import Finding, HandbookError, define_messages
from . import docx_handout, docx_legal_booklet, docx_quick_card, docx_trainer_guide
from .atomic_write import StagedOutput, output_path
from .base import Selection

if TYPE_CHECKING:
    from ..schema.models.handbook import Handbook

__all__ = ["DOCUMENT_BY_KIND", "DocxExporter"]

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


class DocxExporter:
    """Word documents a training department prints: handouts, trainer guides, quick card, legal booklet."""

    name: ClassVar[str] = "docx"
    suffix: ClassVar[str] = ".docx"
    kinds: ClassVar[tuple[str, ...]] = tuple(DOCUMENT_BY_KIND)

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def export(self, handbook: Handbook, out_dir: Path, *, selection: Selection) -> list[Path]:
        if handbook.meta is None:
            raise HandbookError("export.no-meta", "usage")
        planned = [
            document
            for kind in selected_kinds(selection, DOCUMENT_BY_KIND, self.name)
            for document in DOCUMENT_BY_KIND[kind].plan(handbook, selection)
        ]
        # the whole set or nothing: a failure or Ctrl-C while building leaves last week's documents as they were
        with StagedOutput(out_dir) as stage:
            for document in planned:
                target = output_path(out_dir, document.stem, self.suffix)
                writer = document.build()
                data = writer.to_bytes()
                # the handout and the trainer guide of one course meet the same text: report it once
                known = {(f.location, repr(f.params)) for f in self.findings}
                self.findings.extend(f for f in writer.findings if (f.location, repr(f.params)) not in known)
                stage.write(target, data)
            return stage.commit()
