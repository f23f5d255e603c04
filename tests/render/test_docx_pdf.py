"""Render check: LibreOffice turns each document kind into a PDF whose Chinese text comes out as text.

Skipped where ``soffice`` or ``pdftotext`` is missing (Debian: libreoffice-writer, fonts-noto-cjk,
poppler-utils); the unit tests never need them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SHIPPED
from tests.helpers import run_cli

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="needs LibreOffice (soffice) and poppler-utils",
)


def test_every_kind_renders_chinese(tmp_path: Path) -> None:
    result = run_cli("export", "docx", "--out", tmp_path / "docx", "--handbook", SHIPPED)
    assert result.code == 0, result
    files = [Path(line) for line in result.out.splitlines()]
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), *map(str, files)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    for docx in files:
        pdf = tmp_path / "pdf" / f"{docx.stem}.pdf"
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, encoding="utf-8"
        ).stdout
        assert "催收" in text, docx.name  # Chinese comes out as text, not as empty boxes
        fonts = subprocess.run(
            ["pdffonts", str(pdf)], check=True, capture_output=True, text=True, encoding="utf-8"
        ).stdout
        assert "CJK" in fonts, fonts  # set in a CJK font, not a Latin fallback
