"""Typography and structure every document shares: CJK fonts on styles, zh-CN, A4, fields, lists, clean text."""

from __future__ import annotations

from typing import Any

import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from cuishou.export.docx_common import BODY_FONTS, HEADING_FONTS, DocWriter, clean_xml_text
from cuishou.schema.models.handbook import Handbook
from tests.unit.export.docs import open_doc

_THEME = [qn(a) for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")]


@pytest.fixture(scope="module")
def doc(shipped: Handbook) -> Any:
    assert shipped.meta is not None
    w = DocWriter(shipped.meta, "测试文档", "学员讲义")
    w.cover([("对象", "新员工")])
    w.contents()
    w.heading("第一章", 1)
    w.numbered(["甲", "乙"])
    w.numbered(["丙"])
    w.bullets(["丁"])
    w.heading("一节", 2)
    w.table(["列一", "列二"], [["a", "b"]], [1, 2])
    return open_doc(w)


def test_east_asian_fonts_on_defaults_and_styles(doc: Any) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert defaults.get(qn("w:eastAsia")) == BODY_FONTS.east_asian
    assert defaults.get(qn("w:ascii")) == BODY_FONTS.latin
    for name, fonts in (("Normal", BODY_FONTS), ("Heading 1", HEADING_FONTS), ("Title", HEADING_FONTS)):
        rfonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert (rfonts.get(qn("w:eastAsia")), rfonts.get(qn("w:ascii"))) == (fonts.east_asian, fonts.latin), name
    # a theme attribute would override the explicit names and fall back to the theme's Japanese font
    assert not [r for r in styles.iter(qn("w:rFonts")) if any(a in r.attrib for a in _THEME)]


def test_language_and_theme_are_chinese(doc: Any) -> None:
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    assert theme_lang.get(qn("w:eastAsia")) == "zh-CN"
    theme = next(p for p in doc.part.package.iter_parts() if "theme" in str(p.partname))
    assert b'script="Jpan"' not in theme.blob
    assert doc.core_properties.language == "zh-CN"


def test_a4_portrait_with_margins(doc: Any) -> None:
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.page_width < section.page_height
    assert all(m >= Mm(20) for m in (section.left_margin, section.right_margin, section.top_margin))


def test_header_title_and_footer_page_fields(doc: Any) -> None:
    section = doc.sections[0]
    assert "测试文档" in section.header.paragraphs[0].text
    instructions = [t.text.strip() for t in section.footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert section.different_first_page_header_footer  # the cover has no header


def test_contents_link_headings_with_page_fields(doc: Any) -> None:
    body = doc.element.body
    entries = [p for p in doc.paragraphs if p.style.name.startswith("toc ")]
    assert [p.text for p in entries] == ["第一章\t", "一节\t"]  # the dotted tab, then the page number field
    bookmarks = [b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))]
    links = [p._p.find(qn("w:hyperlink")).get(qn("w:anchor")) for p in entries]
    assert links == bookmarks  # each line links to its heading
    fields = [" ".join(t.text.split()) for p in entries for t in p._p.iter(qn("w:instrText"))]
    assert fields == [f"PAGEREF {b} \\h" for b in bookmarks]  # a page number the layout engine computes
    assert not [t for t in body.iter(qn("w:instrText")) if t.text.strip().startswith("TOC")]
    assert doc.settings.element.find(qn("w:updateFields")) is not None


def test_numbered_lists_restart_and_bullets(doc: Any) -> None:
    def num_id(p: Any) -> str | None:
        numpr = p._p.pPr.find(qn("w:numPr")) if p._p.pPr is not None else None
        return None if numpr is None else numpr.find(qn("w:numId")).get(qn("w:val"))

    numbered = [p for p in doc.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["甲", "乙", "丙"]
    assert num_id(numbered[0]) == num_id(numbered[1]) != num_id(numbered[2])  # the second list restarts at 1
    assert [p.text for p in doc.paragraphs if p.style.name == "List Bullet"] == ["丁"]


def test_table_header_repeats(doc: Any) -> None:
    table = doc.tables[-1]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None


@pytest.mark.parametrize(
    ("text", "clean", "removed"),
    [("a\x0bb", "ab", ["\x0b"]), ("正常\t文本\n", "正常\t文本\n", []), ("\x00x\ufffe", "x", ["\x00", "\ufffe"])],
)
def test_clean_xml_text(text: str, clean: str, removed: list[str]) -> None:
    assert clean_xml_text(text) == (clean, removed)


def test_control_characters_never_crash(shipped: Handbook) -> None:
    assert shipped.meta is not None
    w = DocWriter(shipped.meta, "标题\x0c", "讲义")
    w.heading("章\x01节", 1)
    w.table(["a\x02"], [["b\x03"]], [1])
    doc = open_doc(w)
    assert "章节" in [p.text for p in doc.paragraphs]
    assert {f.params["sample"] for f in w.findings} == {repr(c) for c in "\x0c\x01\x02\x03"}
