"""The exporter interface: one small Protocol every output format (DOCX, JSON, …) implements.

Kept to three members on purpose (Sphinx's builder idea without its dozen hooks): the CLI only needs a
name to offer, a file suffix, and a call that writes files and says which ones it wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from ..schema.findings import Finding, HandbookError, define_messages

if TYPE_CHECKING:
    from ..schema.models.handbook import Handbook

__all__ = ["Exporter", "Selection", "check_selection"]

define_messages(
    {
        "export.refused": (
            "手册有 {count} 个错误，未导出任何文件：请先修正（handbook validate 可查看）",
            "the handbook has {count} error(s), nothing was exported: fix them first (see handbook validate)",
        ),
        "export.unknown-kind": (
            "{format} 导出不支持文档类型“{kind}”（可选：{choices}）",
            "the {format} exporter has no document kind '{kind}' (choose from: {choices})",
        ),
        "export.unknown-course": (
            "没有标识为“{course}”的课程（现有：{available}）",
            "no course with id '{course}' (available: {available})",
        ),
    }
)


@dataclass(frozen=True)
class Selection:
    """What to export. Empty tuples mean "everything the exporter writes by default"."""

    #: course ids to export (documents that are per course); empty: every course
    courses: tuple[str, ...] = ()
    #: document kinds the exporter knows (e.g. ``handout`` for DOCX); empty or ``all``: all of them
    kinds: tuple[str, ...] = ()


def check_selection(selection: Selection, handbook: Handbook, exporter: Exporter) -> None:
    """Refuse what a selection names but the exporter or the handbook does not have (exit 2, for every format).

    A ``--course`` or ``--kind`` that matches nothing must not quietly export everything, or nothing.
    """
    choices = (*exporter.kinds, "all")
    for kind in selection.kinds:
        if kind not in choices:
            raise HandbookError(
                "export.unknown-kind", "usage", format=exporter.name, kind=kind, choices=", ".join(choices)
            )
    table = handbook.entries["course"]
    for course_id in selection.courses:
        if course_id not in table:
            raise HandbookError("export.unknown-course", "usage", course=course_id, available=", ".join(table) or "-")


class Exporter(Protocol):
    """Writes one output format. Writes atomically, and the same handbook gives the same bytes."""

    #: format name on the command line (``handbook export NAME``)
    name: ClassVar[str]
    #: file suffix of what it writes, with the dot
    suffix: ClassVar[str]
    #: document kinds ``--kind`` may choose besides ``all``; empty when the format writes one document
    kinds: ClassVar[tuple[str, ...]]
    #: problems met while exporting that did not stop it (e.g. control characters removed from text)
    findings: list[Finding]

    def export(self, handbook: Handbook, out_dir: Path, *, selection: Selection) -> list[Path]:
        """Write the selected documents into ``out_dir`` (only there) and return their paths."""
        ...
