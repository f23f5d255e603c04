"""The website in Chromium: the shipped handbook's site, served by a plain static server and crawled once.

One crawl at 360 px (a phone) visits every page reachable from the home page and records what each test
below checks: links and anchors, console errors, requests, sideways scrolling. Search is tried over http
(Pagefind) and from a folder (``file://``, the fallback); axe-core checks one page of every template.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest

from cuishou.export import Selection
from cuishou.export.html_search import pagefind_executable
from cuishou.export.html_site import HtmlSiteExporter
from cuishou.schema.check import load_handbook
from tests.browser.conftest import AXE_JS, needs_axe, needs_browser, static_server
from tests.conftest import SHIPPED

pytestmark = needs_browser

PHONE = {"width": 360, "height": 740}


@dataclass
class Crawl:
    """What one visit of every page saw."""

    base: str
    #: page URL (no fragment) -> ids on it
    ids: dict[str, set[str]] = field(default_factory=dict)
    #: (page, link href) for every link
    links: list[tuple[str, str]] = field(default_factory=list)
    #: (page, message)
    console: list[tuple[str, str]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    #: (page, scrollWidth, clientWidth) where the page is wider than the window
    too_wide: list[tuple[str, int, int]] = field(default_factory=list)
    failed: list[tuple[str, int]] = field(default_factory=list)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    handbook, _ = load_handbook(SHIPPED)
    out = tmp_path_factory.mktemp("site")
    HtmlSiteExporter().export(handbook, out, selection=Selection())
    return out


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with static_server(site) as url:
        yield url


@pytest.fixture(scope="module")
def crawl(browser: Any, base: str) -> Crawl:
    found = Crawl(base)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    current = {"url": ""}
    page.on("console", lambda m: m.type == "error" and found.console.append((current["url"], m.text)))
    page.on("pageerror", lambda e: found.console.append((current["url"], str(e))))
    context.on("request", lambda r: found.requests.append(r.url))
    queue = [base + "index.html"]
    seen = set(queue)
    while queue:
        url = queue.pop(0)
        current["url"] = url
        response = page.goto(url, wait_until="load")
        if response is None or response.status != 200:
            found.failed.append((url, response.status if response else 0))
            continue
        found.ids[url] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if width[0] > width[1]:
            found.too_wide.append((url, width[0], width[1]))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"):
            found.links.append((url, href))
            target = urldefrag(href).url
            if target.startswith(base) and target.endswith(".html") and target not in seen:
                seen.add(target)
                queue.append(target)
    context.close()
    return found


def test_every_page_is_reached_and_loads(crawl: Crawl, site: Path) -> None:
    assert crawl.failed == []
    on_disk = {crawl.base + p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert set(crawl.ids) == on_disk  # every page is linked from somewhere; nothing is orphaned


def test_every_internal_link_and_anchor_resolves(crawl: Crawl) -> None:
    broken = []
    for page, href in crawl.links:
        target, anchor = urldefrag(href)
        if not target.startswith(crawl.base):
            broken.append((page, href, "leaves the site"))
        elif target not in crawl.ids:
            broken.append((page, href, "no such page"))
        elif anchor and anchor not in crawl.ids[target]:
            broken.append((page, href, "no such anchor"))
    assert broken == []
    assert any("#188" in href for _, href in crawl.links)  # the walk saw article anchors


def test_no_console_errors(crawl: Crawl) -> None:
    assert crawl.console == []


def test_no_request_leaves_the_site(crawl: Crawl) -> None:
    outside = [url for url in crawl.requests if not url.startswith((crawl.base, "data:"))]
    assert outside == []
    assert any(url.endswith("assets/site.css") for url in crawl.requests)


def test_no_page_scrolls_sideways_at_360px(crawl: Crawl) -> None:
    assert crawl.too_wide == []


def _search(browser: Any, url: str) -> tuple[list[dict[str, str]], list[str], list[str]]:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_selector("#search-results li", timeout=20_000)
    hits = page.eval_on_selector_all(
        "#search-results a", "els => els.map(a => ({href: a.getAttribute('href'), text: a.textContent}))"
    )
    status = page.text_content("#search-status") or ""
    context.close()
    assert "找到" in status, status
    return hits, errors, requests


def _assert_finds_term_and_article(hits: list[dict[str, str]]) -> None:
    term = [h for h in hits if h["href"].endswith("glossary/index.html#limitation-period")]
    assert term and term[0]["text"] == "诉讼时效", hits
    article = [h for h in hits if h["href"].endswith("legal/civil-code.html#188")]
    assert article and article[0]["text"] == "民法典第一百八十八条", hits


@pytest.mark.skipif(pagefind_executable() is None, reason="pagefind[extended] is not installed")
def test_search_over_http_uses_pagefind(browser: Any, base: str) -> None:
    hits, errors, requests = _search(browser, base + "search.html?q=诉讼时效")
    _assert_finds_term_and_article(hits)
    assert errors == []
    assert any("/pagefind/" in url for url in requests)
    assert not [url for url in requests if not url.startswith((base, "data:"))]


def test_search_from_a_folder_uses_the_fallback(browser: Any, site: Path) -> None:
    hits, errors, requests = _search(browser, (site / "search.html").as_uri() + "?q=诉讼时效")
    _assert_finds_term_and_article(hits)
    assert errors == []
    assert not [url for url in requests if "/pagefind/" in url]


def test_skip_link_comes_first_for_keyboard_users(browser: Any, base: str) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "courses/index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    box = page.eval_on_selector(".skip", "e => e.getBoundingClientRect().left")
    assert box >= 0  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#_main"
    page.close()


def test_print_stylesheet_drops_navigation(browser: Any, base: str) -> None:
    page = browser.new_page()
    page.goto(base + "procedures/collection-lifecycle.html")
    page.emulate_media(media="print")
    assert page.eval_on_selector(".site-header nav", "e => getComputedStyle(e).display") == "none"
    assert page.eval_on_selector("main", "e => getComputedStyle(e).display") != "none"
    page.close()


def _one_page_per_template(crawl: Crawl) -> list[str]:
    """The first page of each folder (one of each template), plus the search page with results."""
    chosen: dict[str, str] = {}
    for url in sorted(crawl.ids):
        path = urlsplit(url).path
        folder = posixpath.dirname(path)
        kind = "index" if path.endswith("/index.html") else "entry"
        chosen.setdefault(f"{folder}:{kind}", url)
    return [*sorted(chosen.values()), crawl.base + "search.html?q=诉讼时效"]


@needs_axe
def test_axe_finds_no_serious_or_critical_violations(browser: Any, crawl: Crawl) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    problems = []
    for url in _one_page_per_template(crawl):
        page.goto(url)
        if "search.html?q=" in url:
            page.wait_for_selector("#search-results li")
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)"""
        )
        problems += [(url, v) for v in violations]
    context.close()
    assert problems == []
