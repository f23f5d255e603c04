"""The website exporter: every entry has its page, every reference is a link, pages list what cites them,
trainer material stays in the trainer section, author-only fields never appear, the output is the same
bytes every time and asks nothing of any other host. The browser tests (tests/browser/) look at the pages
in Chromium; these read the files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from cuishou.export import EXPORTER_BY_NAME, Selection
from cuishou.export.html_links import TRAINER_KINDS, SiteLinks, entry_path
from cuishou.export.html_search import pagefind_executable, section_rows
from cuishou.export.html_site import MANIFEST, HtmlSiteExporter, build_site
from cuishou.schema.check import load_handbook
from cuishou.schema.models import KINDS
from cuishou.schema.models.conduct import ConductRule, CounterExample
from cuishou.schema.models.handbook import Handbook
from tests.conftest import MINI, SHIPPED
from tests.unit.export.conftest import RICH_COURSE
from tests.unit.export.site_html import PageView, read_site

needs_pagefind = pytest.mark.skipif(pagefind_executable() is None, reason="pagefind[extended] is not installed")


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    handbook, _ = load_handbook(SHIPPED)
    out = tmp_path_factory.mktemp("site")
    exporter = HtmlSiteExporter()
    exporter.export(handbook, out, selection=Selection())
    return out


@pytest.fixture(scope="module")
def pages(shipped_site: Path) -> dict[str, PageView]:
    return read_site(shipped_site)


@pytest.fixture(scope="module")
def shipped_handbook() -> Handbook:
    handbook, _ = load_handbook(SHIPPED)
    return handbook


def _trainee(pages: dict[str, PageView]) -> dict[str, PageView]:
    return {path: view for path, view in pages.items() if not path.startswith("trainer/")}


def test_registered_as_html() -> None:
    assert EXPORTER_BY_NAME["html"] is HtmlSiteExporter


def test_every_entry_has_its_page(shipped_handbook: Handbook, pages: dict[str, PageView]) -> None:
    for record in shipped_handbook.records():
        path, _, anchor = entry_path(record.kind, record.entry.id).partition("#")
        assert path in pages, (record.kind, record.entry.id)
        if anchor:
            assert anchor in pages[path].ids, (record.kind, record.entry.id)
        assert record.entry.title in pages[path].text


def test_every_page_has_lang_and_one_h1(shipped_site: Path) -> None:
    for page in shipped_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="zh-CN">' in html, page
        assert html.count("<h1") == 1, page


def test_ids_are_unique_on_each_page(pages: dict[str, PageView]) -> None:
    for path, view in pages.items():
        duplicates = {i for i in view.ids if view.ids.count(i) > 1}
        assert not duplicates, (path, duplicates)


def test_every_reference_is_a_link_to_its_target(shipped_handbook: Handbook, pages: dict[str, PageView]) -> None:
    links = SiteLinks(shipped_handbook)
    checked = 0
    for record in shipped_handbook.records():
        page = pages[entry_path(record.kind, record.entry.id).partition("#")[0]]
        for _, ref in record.refs:
            target = links.link(ref)
            assert target.resolved, ref
            trainer_page = record.kind in TRAINER_KINDS
            if target.trainer and not trainer_page:
                assert target.url not in page.links, f"{page.path} links trainer material {ref}"
                continue
            assert target.url in page.links, f"{page.path} has no link for {ref} ({target.url})"
            checked += 1
    assert checked > 500  # the shipped handbook cites a lot; a walk that finds nothing is a broken test


def test_legal_references_land_on_article_anchors(pages: dict[str, PageView]) -> None:
    glossary = pages["glossary/index.html"]
    assert "legal/civil-code.html#188" in glossary.links
    assert "188" in pages["legal/civil-code.html"].ids


def test_every_page_lists_what_cites_it(shipped_handbook: Handbook, pages: dict[str, PageView]) -> None:
    for record in shipped_handbook.records():
        if record.kind in TRAINER_KINDS:
            continue
        source = entry_path(record.kind, record.entry.id).partition("#")[0]
        for _, ref in record.refs:
            target = shipped_handbook.resolve(ref)
            assert target is not None
            if target.kind in TRAINER_KINDS:
                continue
            target_page = pages[entry_path(target.kind, target.entry.id).partition("#")[0]]
            back = [link for link in target_page.links if link.partition("#")[0] == source]
            assert back, f"{target_page.path} does not list {source}, which cites it ({ref})"


def test_counter_examples_only_on_trainer_pages(shipped_handbook: Handbook, pages: dict[str, PageView]) -> None:
    trainee = _trainee(pages)
    trainer = {p: v for p, v in pages.items() if p.startswith("trainer/")}
    entries: list[Any] = [r.entry for r in shipped_handbook.records()]
    unlawful = [e.technique for e in entries if isinstance(e, CounterExample)]
    unlawful += [text for e in entries if isinstance(e, ConductRule) for text in e.examples.violating]
    assert unlawful
    for text in unlawful:
        assert not [p for p, v in trainee.items() if text in v.text], text
        assert [p for p, v in trainer.items() if text in v.text], f"not in the trainer section: {text}"
    for path, view in trainer.items():
        assert "培训师专区" in view.by_class.get("trainer-banner", [""])[0], path
    for path, view in trainee.items():
        assert "trainer-banner" not in view.by_class, path


def test_no_confidence_codes_anywhere(shipped_site: Path, pages: dict[str, PageView]) -> None:
    raw = "".join(p.read_text(encoding="utf-8") for p in (SHIPPED / "legal").glob("*.yaml"))
    assert re.search(r"（V[12]|MEM）", raw)  # the legal notes carry codes; the site must not print them
    code = re.compile(r"(?<![A-Za-z0-9])(V1|V2|MEM)(?![A-Za-z0-9])")
    for path, view in pages.items():
        assert not code.search(view.text), (path, code.findall(view.text)[:3])
    data = (shipped_site / "assets" / "search-data.js").read_text(encoding="utf-8")
    assert not code.search(data)


def test_author_notes_never_printed_and_commentary_set_apart(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    shutil.copytree(MINI, root)
    course = root / "courses" / "collection-basics-2h.yaml"
    data = yaml.safe_load(course.read_text(encoding="utf-8"))
    data["author_notes"] = ["编写备注甲：待补第三课次"]
    data["sessions"][0]["modules"][0]["author_notes"] = ["编写备注乙：时长待核"]
    course.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    law = root / "legal" / "civil-code.yaml"
    data = yaml.safe_load(law.read_text(encoding="utf-8"))
    data["author_notes"] = ["编写备注丙"]
    data["articles"][0]["commentary"] = "催收时每次主张都要留痕，才能证明时效中断。"
    law.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    handbook, findings = load_handbook(root)
    assert not [f for f in findings if f.severity.value == "error"], findings
    site = build_site(handbook, search=False)
    text = b"".join(site.files.values()).decode("utf-8")
    assert "编写备注" not in text
    out = tmp_path / "site"
    HtmlSiteExporter(search=False).export(handbook, out, selection=Selection())
    page = read_site(out)["legal/civil-code.html"]
    summary = data["articles"][0]["summary"]
    assert summary in page.by_class["article-text"]
    assert not [t for t in page.by_class["article-text"] if "留痕" in t]
    commentary = page.by_class["commentary"]
    assert len(commentary) == 1 and "适用说明" in commentary[0] and "留痕" in commentary[0]


@needs_pagefind
def test_two_builds_are_byte_identical(shipped_site: Path, tmp_path: Path) -> None:
    handbook, _ = load_handbook(SHIPPED)
    HtmlSiteExporter().export(handbook, tmp_path, selection=Selection())
    first = {p.relative_to(shipped_site).as_posix() for p in shipped_site.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert first == second
    assert any(name.startswith("pagefind/") for name in first)  # the search index is part of the comparison
    for name in sorted(first):
        assert (shipped_site / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_no_reference_to_any_other_host(shipped_site: Path) -> None:
    """Nothing the site loads or links lives elsewhere: no CDN, no web fonts, no analytics, no external links."""
    # Pagefind parses relative URLs against a placeholder base; that string is never requested
    placeholder = re.compile(r"new URL\(`https://example\.com\$\{")
    found = []
    for path in sorted(shipped_site.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".css", ".js", ".json", ""):
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        for match in re.finditer(r"(?i)(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text):
            context = text[max(0, match.start() - 12) : match.end() + 3]
            if not placeholder.search(context):
                found.append((path.relative_to(shipped_site).as_posix(), text[match.start() : match.end() + 20]))
    assert found == []


def test_search_data_has_each_article_and_term_as_a_section(shipped_site: Path) -> None:
    data = (shipped_site / "assets" / "search-data.js").read_text(encoding="utf-8")
    assert '"legal/civil-code.html#188","中华人民共和国民法典","法律依据","民法典","第一百八十八条"' in data
    assert '"glossary/index.html#limitation-period","术语表"' in data


def test_section_rows_cut_at_headings_and_skip_ignored_parts() -> None:
    html = (
        '<html><body><nav>菜单</nav><main data-pagefind-body data-pagefind-meta="kind:法律依据">'
        '<p data-pagefind-meta="short:民法典">法律</p><h1>民法典</h1><p>导言</p>'
        '<h3 id="188">第一百八十八条</h3><p>三年<br>时效</p><p data-pagefind-ignore>引用处：<a>某课</a></p>'
        '<h3 id="195">第一百九十五条</h3><p>中断</p></main></body></html>'
    )
    assert section_rows("legal/x.html", html) == [
        ["legal/x.html", "民法典", "法律依据", "民法典", "", "法律 民法典 导言"],
        ["legal/x.html#188", "民法典", "法律依据", "民法典", "第一百八十八条", "三年 时效"],
        ["legal/x.html#195", "民法典", "法律依据", "民法典", "第一百九十五条", "中断"],
    ]


def test_republishing_removes_stale_pages_but_never_foreign_files(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    shutil.copytree(MINI, root)
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("the admin's own file", encoding="utf-8")
    handbook, _ = load_handbook(root)
    HtmlSiteExporter(search=False).export(handbook, out, selection=Selection())
    page = out / "kpis" / "recovery-rate.html"
    assert page.is_file()
    before = page.stat().st_mtime_ns
    HtmlSiteExporter(search=False).export(handbook, out, selection=Selection())
    assert page.stat().st_mtime_ns == before  # unchanged bytes are not rewritten
    (root / "kpis" / "recovery-rate.yaml").unlink()
    handbook, _ = load_handbook(root)
    HtmlSiteExporter(search=False).export(handbook, out, selection=Selection())
    assert not page.exists()
    assert (out / "kpis" / "index.html").is_file()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "the admin's own file"
    assert "kpis/recovery-rate.html" not in (out / MANIFEST).read_text(encoding="utf-8")
    assert not [p for p in out.rglob(".*.tmp")]


def test_control_characters_are_removed_and_reported(rich: Handbook) -> None:
    site = build_site(rich, search=False)
    page = site.files["courses/rich-course.html"].decode("utf-8")
    assert "总结回顾" in page and "\x0b" not in page
    warnings = [f for f in site.findings if f.rule == "export.control-char"]
    line = next(i for i, text in enumerate(RICH_COURSE.splitlines(), start=1) if "总结" in text)
    assert [(f.file.rsplit("/", 1)[-1], f.line) for f in warnings] == [("rich-course.yaml", line)]


def test_unresolved_reference_is_shown_not_linked(rich: Handbook) -> None:
    # the preview builds handbooks with errors; a reference to nothing must not become a dead link
    page = build_site(rich, search=False).files["courses/rich-course.html"].decode("utf-8")
    assert "script:no-such-script（未找到）" in page


def test_missing_pagefind_is_a_warning_and_the_fallback_remains(
    mini: Handbook, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-binary"))
    site = build_site(mini, search=True)
    assert [f.rule for f in site.findings] == ["export.search-unavailable"]
    assert not [name for name in site.files if name.startswith("pagefind/")]
    assert "assets/search-data.js" in site.files
    assert b'data-search-index="none"' in site.files["search.html"]


def test_selection_is_refused(mini: Handbook, tmp_path: Path) -> None:
    from cuishou.schema.findings import HandbookError

    with pytest.raises(HandbookError) as caught:
        HtmlSiteExporter(search=False).export(mini, tmp_path, selection=Selection(courses=("x",)))
    assert caught.value.message_key == "export.html-whole-site"


def test_every_kind_is_planned() -> None:
    """A new kind must get pages (or a decision that it has none): fail loudly when KINDS grows."""
    from cuishou.export.html_pages import PROFILE_KINDS

    rendered = {"course", "procedure", "script", "conduct_rule", "legal", "glossary", *PROFILE_KINDS, *TRAINER_KINDS}
    assert rendered == set(KINDS)
