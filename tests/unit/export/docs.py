"""Helpers for the exporter tests: open built documents with python-docx and pull out what tests compare."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.oxml.ns import qn

from cuishou.export.docx_common import DocWriter


def open_doc(writer: DocWriter) -> Any:
    """Save ``writer`` and reopen it, so tests see the file as Word would, not the object in memory."""
    return Document(io.BytesIO(writer.to_bytes()))


def headings(doc: Any, level: int | None = None) -> list[str]:
    """Texts of paragraphs in real Word heading styles (what the navigation pane and TOC use)."""
    out = []
    for p in doc.paragraphs:
        name = p.style.name
        if name.startswith("Heading ") and (level is None or name == f"Heading {level}"):
            out.append(p.text)
    return out


def all_text(doc: Any) -> str:
    return "\n".join(t.text for t in doc.element.body.iter(qn("w:t")))


def table_with_header(doc: Any, first: str) -> Any:
    """The table whose first header cell is ``first``."""
    for table in doc.tables:
        if table.rows[0].cells[0].text == first:
            return table
    raise AssertionError(f"no table starting with {first!r}: {[t.rows[0].cells[0].text for t in doc.tables]}")


def rows(table: Any) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]
