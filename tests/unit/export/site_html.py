"""Helpers for the website tests: read a built site's pages the way a browser would see their structure."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class PageView:
    """What a test needs from one HTML page: its links (site paths with anchors), ids, visible text."""

    path: str
    links: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    text: str = ""
    #: text inside elements of these classes, by class
    by_class: dict[str, list[str]] = field(default_factory=dict)


class _Reader(HTMLParser):
    def __init__(self, path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.view = PageView(path)
        self._parts: list[str] = []
        self._skip = 0
        self._classes: list[tuple[str, list[str], list[str]]] = []  # (tag, classes, text parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.view.ids.append(a["id"] or "")
        href = a.get("href")
        if tag == "a" and href is not None:
            self.view.links.append(_resolve(self.view.path, href))
        if tag in ("script", "style"):
            self._skip += 1
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr"):
            self._classes.append((tag, (a.get("class") or "").split(), []))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        while self._classes:
            open_tag, classes, parts = self._classes.pop()
            for name in classes:
                self.view.by_class.setdefault(name, []).append("".join(parts))
            if self._classes:
                self._classes[-1][2].extend(parts)
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self._parts.append(data)
        if self._classes:
            self._classes[-1][2].append(data)


def _resolve(page: str, href: str) -> str:
    """A link as a site path with its anchor (``legal/civil-code.html#188``); other schemes unchanged."""
    if ":" in href.split("/")[0] or href.startswith("//"):
        return href
    path, _, anchor = href.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    return target + (f"#{anchor}" if anchor else "")


def read_page(root: Path, path: str) -> PageView:
    reader = _Reader(path)
    reader.feed((root / path).read_text(encoding="utf-8"))
    reader.close()
    reader.view.text = "".join(reader._parts)
    return reader.view


def read_site(root: Path) -> dict[str, PageView]:
    """Every HTML page of a built site by site path."""
    paths = [p.relative_to(root).as_posix() for p in root.rglob("*.html")]
    return {path: read_page(root, path) for path in paths}
