"""Offline search for the website: a Pagefind index, and the plain data the fallback search reads.

Pagefind (PyPI ``pagefind[extended]``, which ships the binary; the extended build segments Chinese) indexes
the main content of entry pages into ``pagefind/``; the search page loads it when the site is served over
http(s). Browsers refuse Pagefind's modules on a page opened from a folder or a share (``file://``), so
every build also writes ``assets/search-data.js``: each section of each searchable page (split at headings
with an id, so a hit lands on the article or term) as plain text, for a substring search that needs
nothing but a ``<script>``. Both read the same HTML, so they search the same words. Neither is sent
anywhere: the index is files beside the pages.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["SearchUnavailable", "build_pagefind", "pagefind_executable", "search_data", "section_rows"]

#: Pagefind writes its own ready-made interfaces too; the search page uses only its JavaScript API
_UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: elements that separate words: their text must not run into the next element's
_BLOCKS = _HEADINGS | {"p", "li", "div", "dt", "dd", "section", "tr", "td", "th", "br", "ul", "ol", "dl", "table"}


class SearchUnavailable(Exception):
    """Pagefind could not build the index (binary missing or failed); the fallback search still works."""


class _Sections(HTMLParser):
    """Text of the element marked ``data-pagefind-body``, cut at headings that carry an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta: dict[str, str] = {}
        #: (anchor, heading, text parts)
        self.sections: list[tuple[str, list[str], list[str]]] = [("", [], [])]
        self._depth = 0  # open elements inside the body (0: outside)
        self._ignore = 0  # depth at which an ignored subtree started (0: none)
        self._heading = 0  # depth of the open heading (0: none)
        self._in_h1 = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        meta = attributes.get("data-pagefind-meta")
        if meta and ":" in meta:
            key, _, value = meta.partition(":")
            self.meta.setdefault(key.strip(), value.strip())
        if tag in _BLOCKS:
            self._break()
        if tag in _VOID:
            return
        if self._depth == 0:
            if "data-pagefind-body" in attributes:
                self._depth = 1
            return
        self._depth += 1
        if tag in ("script", "style"):
            self._in_script = True
        if not self._ignore and "data-pagefind-ignore" in attributes:
            self._ignore = self._depth
        if tag == "h1":
            self._in_h1 = True
        if tag in _HEADINGS and attributes.get("id") and not self._ignore:
            self.sections.append((attributes["id"] or "", [], []))
            self._heading = self._depth

    def _break(self) -> None:
        if self._depth and not self._ignore:
            self.sections[-1][2].append(" ")
            self.sections[-1][1].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._depth == 0 or tag in _VOID:
            return
        if tag in _BLOCKS:
            self._break()
        if self._ignore == self._depth:
            self._ignore = 0
        if self._heading == self._depth:
            self._heading = 0
        if tag == "h1":
            self._in_h1 = False
        if tag in ("script", "style"):
            self._in_script = False
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth == 0 or self._ignore or self._in_script:
            return
        if self._in_h1:
            self.title += data
        _, heading, text = self.sections[-1]
        (heading if self._heading else text).append(data)


def _flat(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


def section_rows(path: str, html: str) -> list[list[str]]:
    """``[url, page title, kind, short title, heading, text]`` for each section of one page."""
    parser = _Sections()
    parser.feed(html)
    parser.close()
    title = " ".join(parser.title.split())
    kind = parser.meta.get("kind", "")
    short = parser.meta.get("short", "")
    rows = []
    for anchor, heading, text in parser.sections:
        body = _flat(text)
        if not anchor and not body:
            continue
        url = f"{path}#{anchor}" if anchor else path
        rows.append([url, title, kind, short, _flat(heading), body])
    return rows


def search_data(pages: dict[str, bytes]) -> bytes:
    """``assets/search-data.js``: the sections of the searchable pages, for the fallback search."""
    rows = [row for path, html in sorted(pages.items()) for row in section_rows(path, html.decode("utf-8"))]
    body = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return f"window.HANDBOOK_SEARCH = {body};\n".encode()


def pagefind_executable() -> Path | None:
    """The Pagefind binary shipped by ``pagefind[extended]`` (or named by ``PAGEFIND_BINARY_PATH``)."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named) if Path(named).is_file() else None
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        return None
    found = get_executable()
    return Path(found) if found else None


def build_pagefind(pages: dict[str, bytes]) -> dict[str, bytes]:
    """Index ``pages`` (site path -> HTML) with Pagefind; return the files of ``pagefind/`` by site path."""
    binary = pagefind_executable()
    if binary is None:
        raise SearchUnavailable("pagefind-extended is not installed")
    with tempfile.TemporaryDirectory(prefix="handbook-search-") as tmp:
        site = Path(tmp) / "site"
        for path, html in pages.items():
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(html)
        try:
            done = subprocess.run(
                [str(binary), "--site", str(site), "--output-subdir", "pagefind", "--keep-index-url", "--silent"],
                capture_output=True,
                timeout=600,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SearchUnavailable(type(exc).__name__) from exc
        if done.returncode != 0:
            reason = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise SearchUnavailable(reason[-1] if reason else f"exit {done.returncode}")
        bundle = site / "pagefind"
        files = {
            f"pagefind/{p.relative_to(bundle).as_posix()}": p.read_bytes()
            for p in sorted(bundle.rglob("*"))
            if p.is_file() and not p.name.startswith(_UNUSED)
        }
        shutil.rmtree(site, ignore_errors=True)
    return files
