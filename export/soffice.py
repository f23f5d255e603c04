"""LibreOffice in headless mode: finding it, and converting a folder of Word documents to PDF in one run.

One ``soffice`` process converts the whole set (starting LibreOffice costs more than converting a
document), with a fresh user profile in a temporary folder so that a LibreOffice the user has open, or
their settings, never change or block the conversion.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..schema.findings import HandbookError, define_messages

__all__ = ["INSTALL_HINT", "convert_to_pdf", "find_soffice"]

define_messages(
    {
        "export.no-soffice": (
            "导出 PDF 需要 LibreOffice（soffice），但没有找到它，未写入任何文件。安装：{install}"
            "（或用环境变量 HANDBOOK_SOFFICE 指明 soffice 的路径）",
            "exporting PDF needs LibreOffice (soffice), which was not found; nothing was written. Install it: "
            "{install} (or point the HANDBOOK_SOFFICE environment variable at soffice)",
        ),
        "export.soffice-failed": (
            "LibreOffice 转换 PDF 失败（{reason}），未写入任何文件",
            "LibreOffice could not convert the documents to PDF ({reason}); nothing was written",
        ),
    }
)

#: platform -> the command that installs LibreOffice and Chinese fonts there
INSTALL_HINT = {
    "linux": "sudo apt-get install libreoffice-writer fonts-noto-cjk（Debian/Ubuntu）",
    "darwin": "brew install --cask libreoffice",
    "win32": "winget install TheDocumentFoundation.LibreOffice",
}
#: where installers put soffice when it is not on PATH
_DEFAULT_PATHS = {
    "darwin": ["/Applications/LibreOffice.app/Contents/MacOS/soffice"],
    "win32": [
        os.path.join(os.environ.get(var, ""), "LibreOffice", "program", "soffice.exe")
        for var in ("ProgramFiles", "ProgramFiles(x86)")
        if os.environ.get(var)
    ],
}
#: PDF export settings (LibreOffice's writer_pdf_Export filter): bookmarks from the headings, the outline
#: pane open on opening, tagged (structure and language for screen readers), notes and hidden text left out
_PDF_FILTER = {
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "InitialView": {"type": "long", "value": "1"},
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "ExportNotes": {"type": "boolean", "value": "false"},
    "ExportHiddenSlides": {"type": "boolean", "value": "false"},
}


def find_soffice() -> Path:
    """The soffice executable: ``HANDBOOK_SOFFICE``, PATH, or where installers put it; else a usage error."""
    configured = os.environ.get("HANDBOOK_SOFFICE")
    candidates = [configured] if configured else [shutil.which("soffice"), shutil.which("libreoffice")]
    if not configured:
        candidates += _DEFAULT_PATHS.get(sys.platform, [])
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    raise HandbookError(
        "export.no-soffice", "usage", install=INSTALL_HINT.get(sys.platform, "https://www.libreoffice.org")
    )


def convert_to_pdf(soffice: Path, documents: list[Path], work: Path, *, timeout: float) -> dict[Path, Path]:
    """Convert ``documents`` to PDF with one soffice process; each document -> its PDF, all in ``work/pdf``.

    A document LibreOffice did not convert is an error for the whole set: a partial set of handouts is
    not what an admin asked for.
    """
    out = work / "pdf"
    profile = (work / "profile").resolve().as_uri()
    command = [
        str(soffice),
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"-env:UserInstallation={profile}",
        "--convert-to",
        "pdf:writer_pdf_Export:" + json.dumps(_PDF_FILTER, separators=(",", ":")),
        "--outdir",
        str(out),
        *map(str, documents),
    ]
    try:
        result = subprocess.run(command, capture_output=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise HandbookError("export.soffice-failed", "io", reason=f"no answer after {timeout:.0f} s") from exc
    except OSError as exc:
        raise HandbookError("export.soffice-failed", "io", reason=str(exc)) from exc
    pdfs = {doc: out / f"{doc.stem}.pdf" for doc in documents}
    missing = [doc.name for doc, pdf in pdfs.items() if not pdf.is_file()]
    if result.returncode != 0 or missing:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {result.returncode}"]
        reason = f"{', '.join(missing)} not converted: {detail[0]}" if missing else detail[0]
        raise HandbookError("export.soffice-failed", "io", reason=reason)
    return pdfs
