"""DOCX plumbing python-docx lacks: CJK fonts on styles, fields (PAGE, PAGEREF), list numbering, deterministic save.

Everything that touches raw WordprocessingML lives here, in small named helpers, so the document
builders (``docx_handout`` …) and the renderers (``docx_render``) only speak in headings, lists,
tables and boxes. Why each helper exists (python-docx 1.2 behaviour, see shared/reference/pitfalls.md):

* ``Font.name`` writes only ``w:ascii``/``w:hAnsi``; Chinese text takes ``w:eastAsia``, and the bundled
  template's theme attributes (``w:eastAsiaTheme``) win over explicit names and fall back to a Japanese
  font. We strip the theme attributes and name the fonts on the document defaults and every style.
* There is no API for fields or numbering definitions; we write ``w:fldChar`` runs and ``w:num`` items.
* ``Document.save`` stamps the wall-clock time into every zip entry; we rewrite the zip with fixed
  times taken from the handbook's effective date, so the same handbook gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from ..schema.findings import Finding, Location, Severity, define_messages

if TYPE_CHECKING:
    from ..schema.models import Meta
    from ..schema.models.handbook import Record

__all__ = [
    "BODY_FONTS",
    "HEADING_FONTS",
    "DocWriter",
    "Fonts",
    "clean_xml_text",
    "save_package",
]

define_messages(
    {
        "export.control-char": (
            "文本中有 {count} 个 XML 无法承载的控制字符（如 {sample}），导出时已删除：请在源文件中删掉它们",
            "{count} control character(s) XML cannot carry (e.g. {sample}) were removed on export: "
            "delete them from the source",
        ),
    }
)


@dataclass(frozen=True)
class Fonts:
    """A Latin font and the East Asian font that sets Chinese text beside it."""

    latin: str
    east_asian: str


#: body text: 宋体 with Times New Roman for Latin letters and digits
BODY_FONTS = Fonts("Times New Roman", "SimSun")
#: headings, titles and table headers: 黑体 with Arial
HEADING_FONTS = Fonts("Arial", "SimHei")

#: usable width of an A4 portrait page with the margins below, for table column widths
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_MM = {"top": 25, "bottom": 22, "left": 25, "right": 25}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_MM["left"] - MARGIN_MM["right"]

#: characters XML 1.0 cannot hold (C0 controls other than tab/newline/CR, lone surrogates, U+FFFE/FFFF)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_RED = "C00000"
#: lowercase built-in names in styles.xml -> the names python-docx shows (``heading 1`` -> ``Heading 1``)
_UI_NAMES = {
    "heading 1": "Heading 1",
    "heading 2": "Heading 2",
    "heading 3": "Heading 3",
    "heading 4": "Heading 4",
    "header": "Header",
    "footer": "Footer",
    "caption": "Caption",
    "title": "Title",
}


def clean_xml_text(text: str) -> tuple[str, list[str]]:
    """``text`` without characters XML cannot carry, and the removed characters (for a finding)."""
    removed = _XML_ILLEGAL.findall(text)
    return (_XML_ILLEGAL.sub("", text), removed) if removed else (text, [])


# --- raw XML helpers -------------------------------------------------------------------------------
#
# The body is built with lxml's SubElement on Clark names: python-docx's own element API re-reads the
# schema order for every child it adds, which made it most of the export time (profiled, see bench/).

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(tag: str) -> str:
    return f"{{{_W_NS}}}{tag}"


_P, _PPR, _PSTYLE, _R, _RPR, _T, _B = _w("p"), _w("pPr"), _w("pStyle"), _w("r"), _w("rPr"), _w("t"), _w("b")
_TAB, _BR, _VAL, _KEEP_NEXT = _w("tab"), _w("br"), _w("val"), _w("keepNext")
_SECT_PR = _w("sectPr")
_SUB = etree.SubElement


def _el(tag: str, **attrs: str) -> Any:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _sub(parent: Any, tag: str, **attrs: str) -> Any:
    """A ``w:tag`` child appended to ``parent`` with ``w:`` attributes."""
    if not attrs:
        return _SUB(parent, _w(tag))
    return _SUB(parent, _w(tag), {_w(k): v for k, v in attrs.items()})


def _child(parent: Any, tag: str, *, first: bool = False) -> Any:
    """The ``tag`` child of ``parent``, created when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


def set_run_fonts(rpr: Any, fonts: Fonts) -> None:
    """Name the Latin and East Asian fonts on an ``w:rPr`` and drop theme fonts that would override them."""
    rfonts = _child(rpr, "w:rFonts", first=True)
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), fonts.latin)
    rfonts.set(qn("w:hAnsi"), fonts.latin)
    rfonts.set(qn("w:cs"), fonts.latin)
    rfonts.set(qn("w:eastAsia"), fonts.east_asian)


def _set_lang(rpr: Any) -> None:
    # zh-CN for both scripts: it is the document's language, and LibreOffice takes the PDF's /Lang from w:val
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


def _text_run(paragraph: Any, text: str, *, bold: bool = False) -> Any:
    """A run holding ``text``; tabs and line breaks become ``w:tab`` and ``w:br`` as Word writes them."""
    r = _SUB(paragraph, _R)
    if bold:
        _SUB(_SUB(r, _RPR), _B)
    if "\n" not in text and "\t" not in text:
        _set_text(_SUB(r, _T), text)
        return r
    for i, line in enumerate(text.split("\n")):
        if i:
            _SUB(r, _BR)
        for j, piece in enumerate(line.split("\t")):
            if j:
                _SUB(r, _TAB)
            if piece:
                _set_text(_SUB(r, _T), piece)
    return r


def _set_text(t: Any, text: str) -> None:
    t.text = text
    if text[:1].isspace() or text[-1:].isspace():
        t.set(_XML_SPACE, "preserve")


def _append_field(parent: Any, instruction: str, cached: str = "") -> None:
    """A complex field (``PAGE``, ``NUMPAGES``, ``PAGEREF x \\h``) with an optional cached result."""
    _sub(_SUB(parent, _R), "fldChar", fldCharType="begin")
    instr = _sub(_SUB(parent, _R), "instrText")
    instr.set(_XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    _sub(_SUB(parent, _R), "fldChar", fldCharType="separate")
    if cached:
        _set_text(_SUB(_SUB(parent, _R), _T), cached)
    _sub(_SUB(parent, _R), "fldChar", fldCharType="end")


def _twips(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


def _table_borders(tblpr: Any, color: str, size: int) -> None:
    borders = _sub(tblpr, "tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _sub(borders, edge, val="single", sz=str(size), space="0", color=color)


# --- the styled template, built once per process -----------------------------------------------------

_HEADING_SIZES = {"Title": 22, "TOC Heading": 16, "Heading 1": 16, "Heading 2": 14, "Heading 3": 12, "Heading 4": 10.5}
#: numbering definitions we add: abstractNumId -> (format, level text)
_ABSTRACT_BULLET, _ABSTRACT_DECIMAL = 90, 91


def _style_fonts(styles_element: Any) -> None:
    """Strip theme fonts from every style so no style falls back to the theme's Japanese East Asian font."""
    for rfonts in styles_element.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)


def _add_numbering_definitions(doc: Any) -> None:
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    for abstract_id, fmt, text in ((_ABSTRACT_BULLET, "bullet", "•"), (_ABSTRACT_DECIMAL, "decimal", "%1.")):
        abstract = _el("w:abstractNum", abstractNumId=str(abstract_id))
        abstract.append(_el("w:multiLevelType", val="singleLevel"))
        lvl = _el("w:lvl", ilvl="0")
        lvl.append(_el("w:start", val="1"))
        lvl.append(_el("w:numFmt", val=fmt))
        lvl.append(_el("w:lvlText", val=text))
        lvl.append(_el("w:lvlJc", val="left"))
        ppr = _el("w:pPr")
        ppr.append(_el("w:ind", left="480", hanging="300"))
        lvl.append(ppr)
        rpr = _el("w:rPr")
        set_run_fonts(rpr, BODY_FONTS)
        lvl.append(rpr)
        abstract.append(lvl)
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)


def _add_paragraph_style(doc: Any, name: str, *, size: float, base: str = "Normal", **fmt: Any) -> Any:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.font.size = Pt(size)
    pf = style.paragraph_format
    pf.space_before = Pt(fmt.get("before", 0))
    pf.space_after = Pt(fmt.get("after", 2))
    pf.line_spacing = fmt.get("line", 1.15)
    if "indent_mm" in fmt:
        pf.left_indent = Mm(fmt["indent_mm"])
    if "align" in fmt:
        pf.alignment = fmt["align"]
    if fmt.get("italic"):
        style.font.italic = True
    if "color" in fmt:
        style.font.color.rgb = RGBColor.from_string(fmt["color"])
    return style


@functools.cache
def styled_template() -> bytes:
    """The bundled template with our fonts, sizes, language, page setup and list definitions, as bytes.

    Built once per process; every document opens a copy, so styles are never rebuilt per document.
    """
    doc = Document()
    styles_element = doc.styles.element
    for style in list(styles_element.iterchildren(qn("w:style"))):  # ~100 table styles nobody uses here
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in ("TableNormal", "TableGrid"):
            styles_element.remove(style)
    _style_fonts(styles_element)
    defaults = styles_element.find(qn("w:docDefaults"))
    rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    set_run_fonts(rpr, BODY_FONTS)
    _set_lang(rpr)

    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    set_run_fonts(normal.element.get_or_add_rPr(), BODY_FONTS)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.3
    normal.paragraph_format.widow_control = True

    for name, size in _HEADING_SIZES.items():
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        set_run_fonts(style.element.get_or_add_rPr(), HEADING_FONTS)
        pf = style.paragraph_format
        pf.space_before = Pt(size * 0.9)
        pf.space_after = Pt(size * 0.45)
        pf.keep_with_next = True
        pf.line_spacing = 1.15
    title = doc.styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_ppr = title.element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):  # the template underlines the title in theme blue
        title_ppr.remove(border)
    for name in ("Header", "Footer"):
        doc.styles[name].font.size = Pt(9)
    for name in ("List Bullet", "List Number"):
        doc.styles[name].paragraph_format.space_after = Pt(2)

    _add_paragraph_style(doc, "Table Text", size=9.5, line=1.15)
    # the paragraph Word needs after a table: tiny, so a table that ends a page cannot push a blank page
    _add_paragraph_style(doc, "Table End", size=2, after=0, line=1.0)
    _add_paragraph_style(doc, "Dialogue", size=10.5, indent_mm=8, after=3)
    _add_paragraph_style(doc, "Turn Note", size=9, indent_mm=16, after=3, italic=True, color="595959")
    _add_paragraph_style(doc, "Cover Line", size=14, align=WD_ALIGN_PARAGRAPH.CENTER, after=8, line=1.3)
    _add_paragraph_style(doc, "Note", size=9.5, after=4, color="404040")
    for level in (1, 2):
        toc = _add_paragraph_style(doc, f"toc {level}", size=10.5, after=2, indent_mm=(level - 1) * 7)
        toc.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)

    settings = doc.settings.element
    theme_lang = _child(settings, "w:themeFontLang")
    theme_lang.set(qn("w:val"), "en-US")
    theme_lang.set(qn("w:eastAsia"), "zh-CN")
    # Word fills in the contents' page numbers (PAGEREF fields) on opening; updateFields goes just before compat
    settings.find(qn("w:compat")).addprevious(_el("w:updateFields", val="true"))
    _add_numbering_definitions(doc)
    _fix_theme(doc)
    _drop_template_leftovers(doc)

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGIN_MM["top"]), Mm(MARGIN_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGIN_MM["left"]), Mm(MARGIN_MM["right"])
    section.header_distance, section.footer_distance = Mm(12), Mm(10)
    # the header and footer parts, once: each document then only fills in their one paragraph
    assert section.header.paragraphs and section.footer.paragraphs

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


#: the font table Word and LibreOffice read to substitute a missing font: GB2312 charset (86) for the
#: Chinese fonts, instead of the template's ＭＳ 明朝 entry that pulls a missing font towards Japanese
_FONT_TABLE = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:font w:name="SimSun"><w:altName w:val="宋体"/><w:panose1 w:val="02010600030101010101"/>'
    '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
    '<w:font w:name="SimHei"><w:altName w:val="黑体"/><w:panose1 w:val="02010609060101010101"/>'
    '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
    '<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/>'
    '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    '<w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204"/>'
    '<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
    "</w:fonts>"
)


def _drop_template_leftovers(doc: Any) -> None:
    """Drop the template's blank-page thumbnail and its Word 2010 style copy, which still names theme fonts."""
    for rels in (doc.part.rels, doc.part.package.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in ("stylesWithEffects", "thumbnail"):
                rels.pop(r_id)


def _fix_theme(doc: Any) -> None:
    """Give the theme's East Asian fonts Chinese names and drop its Japanese script font (MS Mincho fallback);
    replace the font table's Japanese entries with the fonts we use."""
    for part in doc.part.package.iter_parts():
        name = str(part.partname)
        if name.startswith("/word/theme/"):
            xml = part.blob.decode("utf-8")
            xml = re.sub(r'<a:font script="Jpan" typeface="[^"]*"/>', "", xml)
            xml = xml.replace('<a:ea typeface=""/>', '<a:ea typeface="SimSun"/>', 2)
            part._blob = xml.encode("utf-8")
        elif name == "/word/fontTable.xml":
            part._blob = _FONT_TABLE.encode("utf-8")


# --- deterministic save --------------------------------------------------------------------------------


class _FixedTimeZip:
    """The zip writer python-docx's ``PackageWriter`` writes to, with fixed entry times and attributes.

    ``Document.save`` stamps the wall-clock time on every entry; saving through this writer instead, rather
    than rewriting the saved zip, compresses every part once (the rewrite cost a tenth of the export).
    """

    def __init__(self, stamp: dt.date) -> None:
        self._date_time = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
        self._buffer = io.BytesIO()
        self._zip = zipfile.ZipFile(self._buffer, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.write_member(pack_uri.membername, blob)

    def write_member(self, name: str, blob: bytes) -> None:
        info = zipfile.ZipInfo(name, self._date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.create_system = 3
        self._zip.writestr(info, blob, compresslevel=6)

    def close(self) -> bytes:
        self._zip.close()
        return self._buffer.getvalue()


def save_package(doc: Any, stamp: dt.date) -> bytes:
    """The document's package as bytes that depend only on its content (``OpcPackage.save`` with fixed times)."""
    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    writer = _FixedTimeZip(stamp)
    # python-docx's own three steps of OpcPackage.save, given our writer instead of its timestamping one
    steps: Any = PackageWriter
    steps._write_content_types_stream(writer, package.parts)
    steps._write_pkg_rels(writer, package.rels)
    steps._write_parts(writer, package.parts)
    return writer.close()


# --- the writer ------------------------------------------------------------------------------------------


@dataclass
class _Heading:
    level: int
    text: str
    bookmark: str


@functools.cache
def _template_style_ids() -> dict[str, str]:
    """Style name (as python-docx spells it) and style id -> style id, read once from the styled template."""
    doc = Document(io.BytesIO(styled_template()))
    ids: dict[str, str] = {}
    for style in doc.styles.element.iterchildren(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        ids[style_id] = style_id
        name = style.find(qn("w:name"))
        if name is not None:
            ids[_UI_NAMES.get(name.get(qn("w:val")), name.get(qn("w:val")))] = style_id
    return ids


@dataclass
class DocWriter:
    """One document being written: paragraphs, lists, tables, boxes, fields, then deterministic bytes."""

    meta: Meta
    #: the document's title: cover, header, file properties and PDF title
    title: str
    #: document kind shown under the title and in the header (学员讲义); empty when the title already says it
    label: str = ""
    findings: list[Finding] = field(default_factory=list)
    #: all text written, for "terms used in this document"
    text_seen: list[str] = field(default_factory=list)
    doc: Any = None
    #: side margins in mm; the quick card uses narrower ones to stay on one or two pages
    side_margin_mm: float = MARGIN_MM["left"]
    #: A4 landscape (the quick card: a wide stage table keeps each stage on a few lines)
    landscape: bool = False
    #: table text size in points when not the template's 9.5 (the quick card sets it smaller)
    table_text_pt: float | None = None
    #: title size in points when not the template's 22 (the quick card's title heads a page, not a cover)
    title_pt: float | None = None
    #: every entry rendered into the document, in order (for the trainer guide's list of sources)
    rendered: dict[str, Record] = field(default_factory=dict)
    _source: Record | None = None
    _headings: list[_Heading] = field(default_factory=list)
    _contents_anchor: Any = None
    _cover: bool = False
    _reported: set[tuple[Location, str]] = field(default_factory=set)
    _next_num: int = 0
    _style_ids: dict[str, str] = field(default_factory=dict)
    _body: Any = None
    _sect_pr: Any = None
    _saved: bytes | None = None

    def __post_init__(self) -> None:
        self.doc = Document(io.BytesIO(styled_template()))
        body = self.doc.element.body
        for paragraph in list(body.iterchildren(_P)):  # the template's one empty paragraph
            body.remove(paragraph)
        section = self.doc.sections[0]
        if self.landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
            section.top_margin = section.bottom_margin = Mm(14)
            section.header_distance = section.footer_distance = Mm(6)
        section.left_margin = section.right_margin = Mm(self.side_margin_mm)
        if self.table_text_pt is not None:
            self.doc.styles["Table Text"].font.size = Pt(self.table_text_pt)
        if self.title_pt is not None:
            title = self.doc.styles["Title"]
            title.font.size = Pt(self.title_pt)
            title.paragraph_format.space_before = Pt(0)
            title.paragraph_format.space_after = Pt(self.title_pt * 0.3)
        self._style_ids = _template_style_ids()
        numbering = self.doc.part.numbering_part.element
        self._next_num = max([int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))] + [100]) + 1
        # content is appended to the body; the section properties go back at the end when the file is saved
        self._body = body
        self._sect_pr = body.find(_SECT_PR)
        body.remove(self._sect_pr)

    @property
    def full_title(self) -> str:
        """``课程 · 学员讲义``, or the title alone when it already names the kind (``催收速查卡``)."""
        return self.title if not self.label or self.label in self.title else f"{self.title} · {self.label}"

    @property
    def text_width_mm(self) -> float:
        return (PAGE_HEIGHT_MM if self.landscape else PAGE_WIDTH_MM) - 2 * self.side_margin_mm

    def _add(self, style: str | None, container: Any = None, *, keep_with_next: bool = False) -> Any:
        paragraph = _SUB(self._body if container is None else container, _P)
        if style is not None or keep_with_next:
            ppr = _SUB(paragraph, _PPR)
            if style is not None:
                _SUB(ppr, _PSTYLE, {_VAL: self._style_ids[style]})
            if keep_with_next:
                _SUB(ppr, _KEEP_NEXT)
        return paragraph

    # text hygiene
    def source(self, record: Record | None) -> None:
        """Name the entry being rendered, so a cleaned control character is reported at its file."""
        self._source = record
        if record is not None:
            self.rendered.setdefault(f"{record.kind}:{record.entry.id}", record)

    def clean(self, text: str) -> str:
        cleaned, removed = clean_xml_text(text)
        if removed:
            record = self._source
            where = record.loc() if record is not None else Location("meta.yaml", 1, 1)
            if (where, removed[0]) in self._reported:  # the same title is written to header and properties
                self.text_seen.append(cleaned)
                return cleaned
            self._reported.add((where, removed[0]))
            self.findings.append(
                Finding(
                    "export.control-char",
                    Severity.WARNING,
                    where,
                    "export.control-char",
                    {"count": len(removed), "sample": repr(removed[0])},
                )
            )
        self.text_seen.append(cleaned)
        return cleaned

    # blocks
    def paragraph(
        self, text: str = "", style: str | None = None, *, bold: bool = False, keep_with_next: bool = False
    ) -> Any:
        paragraph = self._add(style, keep_with_next=keep_with_next)
        if text:
            _text_run(paragraph, self.clean(text), bold=bold)
        return paragraph

    def labelled(self, label: str, text: str, style: str | None = None) -> Any:
        """``label：text`` with the label in bold, the common shape of fields in a handout."""
        paragraph = self._add(style)
        _text_run(paragraph, self.clean(f"{label}："), bold=True)
        _text_run(paragraph, self.clean(text))
        return paragraph

    def heading(self, text: str, level: int) -> Any:
        """A real heading (Heading 1–3): the navigation pane, the PDF bookmarks and the contents list it."""
        paragraph = self._add(f"Heading {level}")
        text = self.clean(text)
        number = len(self._headings) + 1
        bookmark = f"_Toc{number:06d}"
        _sub(paragraph, "bookmarkStart", id=str(number), name=bookmark)
        _text_run(paragraph, text)
        _sub(paragraph, "bookmarkEnd", id=str(number))
        self._headings.append(_Heading(level, text, bookmark))
        return paragraph

    def titled_list(self, title: str, items: Sequence[str], *, numbered: bool = False) -> None:
        """A bold title over a bulleted (or numbered) list; nothing at all when the list is empty."""
        if not items:
            return
        self.paragraph(title, bold=True, keep_with_next=True)
        if numbered:
            self.numbered(items)
        else:
            self.bullets(items)

    def bullets(self, items: Iterable[str], style: str | None = None) -> None:
        self._list(items, _ABSTRACT_BULLET, style or "List Bullet")

    def numbered(self, items: Iterable[str], style: str | None = None) -> None:
        """A numbered list that starts again at 1 (each list gets its own ``w:num``)."""
        self._list(items, _ABSTRACT_DECIMAL, style or "List Number")

    def _list(self, items: Iterable[str], abstract_id: int, style: str) -> None:
        items = [i for i in items if i]
        if not items:
            return
        num_id = str(self._new_num(abstract_id))
        style_id = self._style_ids[style]
        for item in items:
            paragraph = _SUB(self._body, _P)
            ppr = _SUB(paragraph, _PPR)
            _SUB(ppr, _PSTYLE, {_VAL: style_id})
            numpr = _sub(ppr, "numPr")
            _sub(numpr, "ilvl", val="0")
            _sub(numpr, "numId", val=num_id)
            _text_run(paragraph, self.clean(item))

    def _new_num(self, abstract_id: int) -> int:
        numbering = self.doc.part.numbering_part.element
        num_id = self._next_num
        self._next_num += 1
        num = _sub(numbering, "num", numId=str(num_id))
        _sub(num, "abstractNumId", val=str(abstract_id))
        _sub(_sub(num, "lvlOverride", ilvl="0"), "startOverride", val="1")
        return num_id

    def _table(self, widths_mm: Sequence[float], *, style: str | None, border: tuple[str, int] | None) -> Any:
        """An empty fixed-layout table at the given column widths (LibreOffice and Word then agree)."""
        tbl = _sub(self._body, "tbl")
        tblpr = _sub(tbl, "tblPr")
        if style is not None:
            _sub(tblpr, "tblStyle", val=self._style_ids[style])
        _sub(tblpr, "tblW", w=_twips(sum(widths_mm)), type="dxa")
        _sub(tblpr, "jc", val="center")
        if border is not None:
            _table_borders(tblpr, *border)
        _sub(tblpr, "tblLayout", type="fixed")
        grid = _sub(tbl, "tblGrid")
        for width in widths_mm:
            _sub(grid, "gridCol", w=_twips(width))
        return tbl

    def _row(self, tbl: Any, *, header: bool) -> Any:
        tr = _sub(tbl, "tr")
        trpr = _sub(tr, "trPr")
        _sub(trpr, "cantSplit")
        if header:
            _sub(trpr, "tblHeader")
        return tr

    def _cell(self, tr: Any, width_mm: float, fill: str | None) -> Any:
        tc = _sub(tr, "tc")
        tcpr = _sub(tc, "tcPr")
        _sub(tcpr, "tcW", w=_twips(width_mm), type="dxa")
        if fill is not None:
            _sub(tcpr, "shd", val="clear", color="auto", fill=fill)
        return tc

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        bold_first_column: bool = False,
    ) -> Any:
        """A grid table at the page's text width; ``widths`` are relative; the header row repeats per page."""
        total = sum(widths)
        widths_mm = [self.text_width_mm * w / total for w in widths]
        tbl = self._table(widths_mm, style="Table Grid", border=None)
        tr = self._row(tbl, header=True)
        for text, width in zip(headers, widths_mm, strict=True):
            self._cell_text(self._cell(tr, width, "D9D9D9"), text, bold=True)
        for values in rows:
            tr = self._row(tbl, header=False)
            for i, (text, width) in enumerate(zip(values, widths_mm, strict=True)):
                self._cell_text(self._cell(tr, width, None), text, bold=bold_first_column and i == 0)
        self._add("Table End")  # keeps the next table or heading off this one
        return tbl

    def _cell_text(self, cell: Any, text: str, *, bold: bool = False) -> None:
        for line in text.split("\n") if text else [""]:
            paragraph = self._add("Table Text", cell)
            if line:
                _text_run(paragraph, self.clean(line), bold=bold)

    def box(self, title: str, lines: Sequence[tuple[str, str]], *, color: str = _RED, fill: str = "FDEDEC") -> Any:
        """A bordered one-cell box (红线, 错误示范): a coloured title, then ``label：text`` lines."""
        width = self.text_width_mm
        tbl = self._table([width], style=None, border=(color, 12))
        cell = self._cell(self._row(tbl, header=False), width, fill)
        head = self._add("Table Text", cell)
        run = _SUB(head, _R)
        rpr = _SUB(run, _RPR)
        _sub(rpr, "rFonts", ascii=HEADING_FONTS.latin, hAnsi=HEADING_FONTS.latin, cs=HEADING_FONTS.latin,
             eastAsia=HEADING_FONTS.east_asian)  # fmt: skip
        _SUB(rpr, _B)
        _sub(rpr, "color", val=color)
        _sub(rpr, "sz", val="22")
        _set_text(_SUB(run, _T), self.clean(title))
        for label, text in lines:
            paragraph = self._add("Table Text", cell)
            if label:
                _text_run(paragraph, self.clean(f"{label}："), bold=True)
            _text_run(paragraph, self.clean(text))
        self._add("Table Text")
        return tbl

    def dialogue(self, turns: Iterable[tuple[str, str, str | None]]) -> None:
        """A script as dialogue: each turn indented, the speaker in bold, the trainer's note below it."""
        for speaker, text, note in turns:
            paragraph = self._add("Dialogue")
            _text_run(paragraph, self.clean(f"{speaker}："), bold=True)
            _text_run(paragraph, self.clean(text))
            if note:
                self.paragraph(f"提示：{note}", "Turn Note")

    def page_break(self) -> None:
        _sub(_SUB(self._add(None), _R), "br", type="page")

    # title, cover, contents, header and footer
    def title_line(self) -> None:
        """The document's title as its one Title paragraph, for documents without a cover (the quick card)."""
        self.paragraph(self.title, "Title")

    def cover(self, lines: Sequence[tuple[str, str]]) -> None:
        """Title page: the title, the document kind, then ``label：value`` lines; no header or footer on it."""
        for _ in range(5):
            self._add("Cover Line")
        self.paragraph(self.title, "Title")
        if self.full_title != self.title:
            self.paragraph(self.label, "Cover Line", bold=True)
        self._add("Cover Line")
        for label, value in lines:
            self.labelled(label, value, "Cover Line")
        self._cover = True
        self.page_break()

    def contents(self, heading: str = "目录") -> None:
        """The contents page: filled with the headings (levels 1–2) and their page numbers when saved."""
        self.paragraph(heading, "TOC Heading", bold=True)
        self._contents_anchor = self._add(None)
        self.page_break()

    def _fill_contents(self) -> None:
        """One line per heading: a link to it, a dotted tab and a ``PAGEREF`` field for its page number.

        Not a ``TOC`` field: LibreOffice keeps a TOC field's stored text as it is (so its page numbers would
        have to be guessed here), but it computes every ``PAGEREF`` while laying the pages out. Word fills
        them in when it updates fields on opening (``w:updateFields``).
        """
        anchor = self._contents_anchor
        if anchor is None:
            return
        for heading in self._headings:
            if heading.level > 2:
                continue
            paragraph = etree.Element(_P)
            anchor.addprevious(paragraph)
            _SUB(_SUB(paragraph, _PPR), _PSTYLE, {_VAL: self._style_ids[f"toc {heading.level}"]})
            link = _sub(paragraph, "hyperlink", anchor=heading.bookmark, history="1")
            _set_text(_SUB(_SUB(link, _R), _T), heading.text)
            _SUB(_SUB(paragraph, _R), _TAB)
            _append_field(paragraph, f"PAGEREF {heading.bookmark} \\h")
        anchor.getparent().remove(anchor)

    def _header_footer(self) -> None:
        section = self.doc.sections[0]
        section.different_first_page_header_footer = self._cover
        header = section.header.paragraphs[0]._p
        ppr = _SUB(header, _PPR)
        _SUB(ppr, _PSTYLE, {_VAL: self._style_ids["Header"]})
        _sub(_sub(ppr, "pBdr"), "bottom", val="single", sz="4", space="1", color="808080")
        _sub(ppr, "jc", val="center")
        _text_run(header, self.clean(self.full_title))
        footer = section.footer.paragraphs[0]._p
        ppr = _SUB(footer, _PPR)
        _SUB(ppr, _PSTYLE, {_VAL: self._style_ids["Footer"]})
        _sub(ppr, "jc", val="center")
        _text_run(footer, self.clean(f"{self.meta.title} {self.meta.version}　第 "))
        _append_field(footer, "PAGE", "1")
        _text_run(footer, " 页 / 共 ")
        _append_field(footer, "NUMPAGES", "1")
        _text_run(footer, " 页")

    def _core_properties(self) -> None:
        meta = self.meta
        stamp = dt.datetime.combine(meta.effective, dt.time(0, 0), tzinfo=dt.UTC).replace(tzinfo=None)
        props = self.doc.core_properties
        props.title = _property(self.clean(self.full_title))
        props.subject = _property(self.clean(meta.title))
        props.author = _property(self.clean(meta.organisation or "、".join(meta.owners)))
        props.last_modified_by = props.author
        props.language = "zh-CN"
        props.version = _property(meta.version)
        props.keywords = "催收培训"
        props.comments = ""
        props.category = _property(self.label or self.title)
        props.created = stamp
        props.modified = stamp
        props.last_printed = stamp
        props.revision = 1

    def to_bytes(self) -> bytes:
        """Finish (contents, header, footer, properties) and return the deterministic package bytes."""
        if self._saved is None:
            self._fill_contents()
            self._body.append(self._sect_pr)
            self._header_footer()
            self._core_properties()
            self._saved = save_package(self.doc, self.meta.effective)
        return self._saved


#: python-docx refuses a core property longer than this (and Word shows no more in File > Info)
_PROPERTY_LIMIT = 255


def _property(text: str) -> str:
    """A document property cut to what the format takes; the document itself carries the full text."""
    return text if len(text) <= _PROPERTY_LIMIT else text[: _PROPERTY_LIMIT - 1] + "…"


def _insert_paragraph_after(paragraph: Any) -> Any:
    new = OxmlElement("w:p")
    paragraph._p.addnext(new)
    from docx.text.paragraph import Paragraph

    return Paragraph(new, paragraph._parent)
