"""``handbook export pdf`` read back with real PDF readers: poppler's pdfinfo, pdffonts and pdftotext, and pypdf.

Skipped, visibly, where LibreOffice (soffice) or poppler-utils is missing (Debian: libreoffice-writer,
fonts-noto-cjk, poppler-utils; ``.ci/run`` installs them). The unit tests never need them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from cuishou.export.base import Selection
from cuishou.export.docx_exporter import build_documents, plan_documents
from cuishou.schema.check import load_handbook
from tests.conftest import SHIPPED
from tests.helpers import run_cli

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="needs LibreOffice (soffice) and poppler-utils (pdftotext, pdffonts)",
)


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, encoding="utf-8").stdout


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every bookmark, in order."""
    out: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    result = run_cli("export", "pdf", "--kind", "all", "--out", out, "--handbook", SHIPPED)
    assert result.code == 0, result
    return {Path(line).stem: Path(line) for line in result.out.splitlines()}


@pytest.fixture(scope="module")
def titles() -> dict[str, str]:
    """Each document's title as the DOCX exporter sets it (file stem -> title)."""
    handbook, _ = load_handbook(SHIPPED)
    planned = plan_documents(handbook, Selection(), "pdf")
    return {stem: title for stem, title, _data, _findings in build_documents(planned)}


def test_one_pdf_per_document(exported: dict[str, Path], titles: dict[str, str]) -> None:
    assert sorted(exported) == sorted(titles)
    assert all(path.suffix == ".pdf" for path in exported.values())
    assert not [p for p in next(iter(exported.values())).parent.iterdir() if p.suffix != ".pdf"]


def test_title_language_and_embedded_chinese_fonts(exported: dict[str, Path], titles: dict[str, str]) -> None:
    for stem, path in exported.items():
        info = _run("pdfinfo", str(path))
        assert re.search(rf"^Title:\s+{re.escape(titles[stem])}$", info, re.M), (stem, info)
        assert PdfReader(path).trailer["/Root"]["/Lang"] == "zh-CN", stem
        fonts = _run("pdffonts", str(path)).splitlines()[2:]
        assert fonts and all(line.split()[-5] == "yes" for line in fonts), (stem, fonts)  # every font embedded
        assert any("CJK" in line for line in fonts), (stem, fonts)  # Chinese set in a CJK font
        assert "催收" in _run("pdftotext", "-l", "2", str(path), "-"), stem  # and it comes out as text


def test_contents_page_numbers_match_the_bookmarks(exported: dict[str, Path]) -> None:
    for stem, path in exported.items():
        reader = PdfReader(path)
        outline = _outline(reader)
        assert outline, stem  # headings become bookmarks
        if stem == "quick-reference-card":
            assert len(reader.pages) <= 2
            continue
        contents = _run("pdftotext", "-layout", "-f", "2", "-l", "4", str(path), "-")
        entries = {
            m.group(1): int(m.group(2)) for m in re.finditer(r"^\s*(\S.*?)\s*\.{4,}\s*(\d+)\s*$", contents, re.M)
        }
        listed = [(title, page) for depth, title, page in outline if depth <= 1 and title in entries]
        assert len(listed) >= len([o for o in outline if o[0] == 0]), (stem, sorted(entries)[:5])
        assert [(t, entries[t]) for t, _ in listed] == listed, stem  # the printed number is the heading's page


def test_articles_and_modules_are_bookmarks(exported: dict[str, Path]) -> None:
    handbook, _ = load_handbook(SHIPPED)
    booklet = {title for _depth, title, _page in _outline(PdfReader(exported["legal-booklet"]))}
    for record in handbook.records("legal"):
        for article in record.entry.articles:  # type: ignore[attr-defined]
            assert article.label in booklet or f"{article.label}（条号待核实）" in booklet
    course: Any = handbook.entries["course"]["collection-basics-2h"].entry
    bookmarks = " ".join(title for _d, title, _p in _outline(PdfReader(exported["collection-basics-2h-handout"])))
    assert all(m.title in bookmarks for s in course.sessions for m in s.modules)


def test_same_handbook_same_pdf_bytes(tmp_path: Path) -> None:
    for name in ("a", "b"):
        result = run_cli("export", "pdf", "--kind", "quickref", "--out", tmp_path / name, "--handbook", SHIPPED)
        assert result.code == 0, result
    first, second = (tmp_path / n / "quick-reference-card.pdf" for n in ("a", "b"))
    assert first.read_bytes() == second.read_bytes()
    assert re.search(r"CreationDate:.*2026", _run("pdfinfo", str(first)))  # the handbook's date, not the clock
