"""What a preview build (``handbook serve``) adds to the site: findings placed on the pages they concern.

A finding belongs to the entry whose part of the file holds its line (a glossary file holds many terms),
and so to that entry's pages. A file that no longer loads has no entries: its findings go to the page it
had in an earlier build (``Preview.known``), which becomes an error page listing them instead of vanishing
or showing the last good version. Findings that concern no page (``meta.yaml``, ``sources.yaml``, a new
file that never loaded) are on the home page; every finding is on ``findings.html``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..schema.findings import Finding
from .html_pages import Page

if TYPE_CHECKING:
    from ..schema.models.handbook import Record

__all__ = ["HOME", "Preview", "assign_findings", "page_of_file", "preview_pages"]

HOME = "index.html"


@dataclass
class Preview:
    """A preview build's findings, where they go, and the build it belongs to (for reloading)."""

    #: every finding of the run, sorted
    findings: list[Finding] = field(default_factory=list)
    #: language of finding messages
    lang: str = "zh"
    #: build number; a page reloads when the server has a newer one
    build: str = "0"
    #: file (as findings name it) -> page it had in an earlier build; kept by the server across builds
    known: dict[str, str] = field(default_factory=dict)
    #: page path -> findings shown on it (filled by ``assign_findings``)
    by_page: dict[str, list[Finding]] = field(default_factory=dict)
    #: page path -> findings of a file that did not load, for pages that could not be built
    broken: dict[str, list[Finding]] = field(default_factory=dict)


def page_of_file(pages: list[Page]) -> dict[str, str]:
    """File -> the trainee page of its (first) entry: where an author looks for that file."""
    out: dict[str, str] = {}
    for page in pages:
        if page.trainer:
            continue
        for record in page.records:
            out.setdefault(record.file.display, page.path)
    return out


def assign_findings(pages: list[Page], preview: Preview) -> None:
    """Fill ``preview.by_page`` and ``preview.broken`` from ``preview.findings``."""
    pages_of: dict[int, list[str]] = {}
    by_file: dict[str, list[Record]] = {}
    for page in pages:
        for record in page.records:
            pages_of.setdefault(id(record), []).append(page.path)
            found = by_file.setdefault(record.file.display, [])
            if all(r is not record for r in found):
                found.append(record)
    built = {page.path for page in pages}
    for finding in preview.findings:
        records = by_file.get(finding.file, [])
        if records:
            targets = pages_of[id(_holder(records, finding.line))]
        elif finding.file in preview.known and preview.known[finding.file] not in (HOME, "findings.html"):
            target = preview.known[finding.file]
            targets = [target]
            if target not in built:
                preview.broken.setdefault(target, []).append(finding)
        else:
            targets = [HOME]
        for target in targets:
            preview.by_page.setdefault(target, []).append(finding)


def _holder(records: list[Record], line: int) -> Record:
    """The entry of a file whose part starts last at or before ``line`` (the first entry otherwise)."""
    starts = sorted(((r.loc().line, i) for i, r in enumerate(records)), reverse=True)
    for start, index in starts:
        if start <= line:
            return records[index]
    return records[0]


def preview_pages(preview: Preview) -> list[Page]:
    """The findings page, and an error page for each page whose file no longer loads."""
    pages = [Page("findings.html", "findings.html.j2", "问题列表", "findings", {})]
    for path, problems in sorted(preview.broken.items()):
        files = sorted({f.file for f in problems})
        pages.append(
            Page(
                path,
                "error.html.j2",
                "此页暂时无法显示",
                "",
                {
                    "reason": f"{'、'.join(files)} 有错误，无法生成本页。请按下面的位置修改：",
                    "problems": problems,
                    "detail": "",
                    "base": "",
                },
            )
        )
    return pages
