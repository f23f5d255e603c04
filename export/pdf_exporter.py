"""The PDF exporter: the same documents as the DOCX exporter, laid out by LibreOffice in one headless run.

Why it gives a usable PDF without a second pass: the DOCX contents page is a list of links with
``PAGEREF`` fields, and LibreOffice computes those while it lays the pages out, so the page numbers in the
contents are the pages the headings land on. The headings become the PDF bookmarks; the document
language (zh-CN) becomes ``/Lang``; the title in the file properties becomes the PDF title; the fonts are
embedded (LibreOffice embeds every font it uses). The few bytes LibreOffice stamps with the clock (the
creation date, the file identifier and checksum) are set from the handbook, so the same handbook and the
same LibreOffice give the same bytes.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from ..schema.findings import Finding, HandbookError
from .atomic_write import output_path, write_atomic
from .base import Selection
from .docx_exporter import DOCUMENT_BY_KIND, build_documents, plan_documents
from .soffice import convert_to_pdf, find_soffice

if TYPE_CHECKING:
    import datetime as dt

    from ..schema.models.handbook import Handbook

__all__ = ["PdfExporter", "stamp_pdf"]

#: seconds LibreOffice may take: starting it, then each document (the longest take about a second)
_TIMEOUT_START, _TIMEOUT_PER_DOCUMENT = 120.0, 30.0
_CREATION_DATE = re.compile(rb"/CreationDate\s*\(D:(\d{14})")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]{32})")


def stamp_pdf(data: bytes, stamp: dt.date) -> bytes:
    """``data`` with its creation date set to ``stamp`` and its identifier and checksum derived from content.

    Each replacement has the same length as what it replaces, so the cross-reference offsets stay valid.
    """
    date = stamp.strftime("%Y%m%d000000").encode("ascii")
    data = _CREATION_DATE.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + date, data)
    blank = _ID.sub(lambda m: m.group(0).replace(m.group(1), b"0" * 32).replace(m.group(2), b"0" * 32), data)
    blank = _CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), b"0" * 32), blank)
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode("ascii")
    data = _ID.sub(lambda m: m.group(0).replace(m.group(1), digest).replace(m.group(2), digest), data)
    return _CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), digest), data)


class PdfExporter:
    """Print-ready PDFs of the Word documents: contents with page numbers, bookmarks, embedded fonts."""

    name: ClassVar[str] = "pdf"
    suffix: ClassVar[str] = ".pdf"
    kinds: ClassVar[tuple[str, ...]] = tuple(DOCUMENT_BY_KIND)

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def export(self, handbook: Handbook, out_dir: Path, *, selection: Selection) -> list[Path]:
        soffice = find_soffice()  # before anything is built or written: no LibreOffice, no files
        planned = plan_documents(handbook, selection, self.name)
        assert handbook.meta is not None  # plan_documents refuses a handbook without meta
        targets = [output_path(out_dir, document.stem, self.suffix) for document in planned]
        built = build_documents(planned)
        with tempfile.TemporaryDirectory(prefix="handbook-pdf-") as tmp:
            work = Path(tmp)
            (work / "docx").mkdir()
            documents = []
            for stem, _title, data, findings in built:
                self._record(findings)
                path = work / "docx" / f"{stem}.docx"
                path.write_bytes(data)
                documents.append(path)
            timeout = _TIMEOUT_START + _TIMEOUT_PER_DOCUMENT * len(documents)
            pdfs = convert_to_pdf(soffice, documents, work, timeout=timeout)
            # every PDF exists before the first is written, so a failed run leaves the old set intact
            finished = [stamp_pdf(pdfs[doc].read_bytes(), handbook.meta.effective) for doc in documents]
        if len(finished) != len(targets):
            raise HandbookError("export.soffice-failed", "io", reason="documents missing")
        return [write_atomic(target, data) for target, data in zip(targets, finished, strict=True)]

    def _record(self, findings: list[Finding]) -> None:
        known = {(f.location, repr(f.params)) for f in self.findings}
        self.findings.extend(f for f in findings if (f.location, repr(f.params)) not in known)
