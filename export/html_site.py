"""The website exporter: ``handbook export html --out DIR`` writes a static site of the whole handbook.

``build_site`` renders every planned page, the search data and (when Pagefind is installed) the search
index into memory; ``publish`` writes them into the output folder. The preview server (``handbook
serve``) serves the same files from memory instead. The same handbook always gives the same bytes.

Publishing writes each file atomically and leaves a file whose bytes did not change alone. It records the
files it wrote in ``.handbook-site`` so that the next export can remove pages of entries that no longer
exist, and it never removes a file it did not write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, ClassVar

from ..schema.findings import Finding, HandbookError, Location, Severity, define_messages
from .atomic_write import write_atomic
from .base import Selection
from .html_links import SiteLinks
from .html_pages import Page, plan_pages
from .html_preview import Preview, assign_findings, preview_pages
from .html_render import TEMPLATES, SiteRenderer, control_characters
from .html_search import SearchUnavailable, build_pagefind, search_data

if TYPE_CHECKING:
    from ..schema.models.handbook import Handbook

__all__ = ["MANIFEST", "HtmlSiteExporter", "Site", "build_site", "publish"]

#: the list of files the last export wrote, relative to the output folder
MANIFEST = ".handbook-site"
#: static files every site carries (``assets/``), and the one only a preview needs
_ASSETS = ("site.css", "search.js")
_PREVIEW_ASSETS = ("preview.js",)

define_messages(
    {
        "export.html-whole-site": (
            "网站总是包含整本手册：html 导出不支持 --course 和 --kind",
            "the website always holds the whole handbook: html export takes no --course or --kind",
        ),
        "export.html-no-meta": (
            "手册缺少可用的 meta.yaml，无法生成网站（页眉和页脚需要手册名称、版本和生效日期）",
            "the handbook has no usable meta.yaml, so no website can be built (title, version, effective date)",
        ),
        "export.search-unavailable": (
            "未生成 Pagefind 搜索索引（{reason}）：网站改用简易搜索；安装 pagefind[extended] 后重新导出",
            "no Pagefind search index ({reason}): the site falls back to its simple search; "
            "install pagefind[extended] and export again",
        ),
    }
)


@dataclass
class Site:
    """A built site: file bytes by path relative to the site root, in path order."""

    files: dict[str, bytes]
    pages: list[Page] = field(default_factory=list)
    #: problems met while building that did not stop it (removed control characters, no search index)
    findings: list[Finding] = field(default_factory=list)


def build_site(handbook: Handbook, *, search: bool = True, preview: Preview | None = None) -> Site:
    """Render the whole site into memory; ``search`` adds the Pagefind index (slower, better)."""
    links = SiteLinks(handbook)
    pages = plan_pages(handbook, links)
    if preview is not None:
        assign_findings(pages, preview)
        pages += preview_pages(preview)
    renderer = SiteRenderer(handbook, links, preview=preview)
    files: dict[str, bytes] = {}
    deferred: list[Page] = []
    for page in pages:
        if page.template == "search.html.j2":
            deferred.append(page)  # it says whether the index exists, known only after indexing
        else:
            files[page.path] = renderer.render(page)
    searchable = {page.path: files[page.path] for page in pages if page.searchable}
    files["assets/search-data.js"] = search_data(searchable)
    findings = control_characters(handbook)
    if search:
        try:
            files.update(build_pagefind(searchable))
            renderer.env.globals["search_index"] = True
        except SearchUnavailable as exc:
            where = handbook.meta_file.location() if handbook.meta_file else Location("meta.yaml", 1, 1)
            findings.append(
                Finding(
                    "export.search-unavailable",
                    Severity.WARNING,
                    where,
                    "export.search-unavailable",
                    {"reason": str(exc)},
                )
            )
    for page in deferred:
        files[page.path] = renderer.render(page)
    for name in _ASSETS + (_PREVIEW_ASSETS if preview else ()):
        files[f"assets/{name}"] = (TEMPLATES / "assets" / name).read_bytes()
    return Site(dict(sorted(files.items())), pages, findings)


def _target(root: Path, relative: str) -> Path:
    """``root/relative``, refusing any path that would leave the output folder."""
    parts = PurePosixPath(relative).parts
    if not parts or any(part in ("", ".", "..") for part in parts) or PurePosixPath(relative).is_absolute():
        raise HandbookError("export.bad-name", "io", name=relative)
    target = root.joinpath(*parts)
    if not target.resolve().is_relative_to(root.resolve()):
        raise HandbookError("export.bad-name", "io", name=relative)
    return target


def publish(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write the site into ``out_dir``; remove files only the previous export wrote. Returns every site file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = out_dir / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").splitlines()) if manifest.is_file() else set()
    written: list[Path] = []
    for relative, data in files.items():
        target = _target(out_dir, relative)
        if not (target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data):
            write_atomic(target, data)
        written.append(target)
    for relative in sorted(previous - set(files)):
        try:
            stale = _target(out_dir, relative)
        except HandbookError:
            continue  # a hand-edited manifest: never delete outside the site
        if stale.is_file():
            stale.unlink()
            _prune(stale.parent, out_dir)
    write_atomic(manifest, "".join(f"{name}\n" for name in files).encode("utf-8"))
    return written


def _prune(folder: Path, root: Path) -> None:
    """Remove folders left empty by removed pages, up to (not including) the output folder."""
    root = root.resolve()
    current = folder.resolve()
    while current != root and current.is_relative_to(root):
        try:
            current.rmdir()
        except OSError:
            return
        current = current.parent


class HtmlSiteExporter:
    """``handbook export html``: the handbook as a static website with offline search."""

    name: ClassVar[str] = "html"
    suffix: ClassVar[str] = ".html"
    #: the site is one whole: no document kinds to choose
    kinds: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *, search: bool = True) -> None:
        self.findings: list[Finding] = []
        #: build the Pagefind index (the fallback search data is always written)
        self.search = search

    def export(self, handbook: Handbook, out_dir: Path, *, selection: Selection) -> list[Path]:
        if selection.courses or any(kind != "all" for kind in selection.kinds):
            raise HandbookError("export.html-whole-site", "usage")
        if handbook.meta is None:
            raise HandbookError("export.html-no-meta", "usage")
        site = build_site(handbook, search=self.search)
        self.findings.extend(site.findings)
        return publish(site.files, out_dir)
