"""DOCX plumbing python-docx lacks: CJK fonts on styles, fields (TOC, PAGE), list numbering, deterministic save.

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
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

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
    "deterministic_zip",
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


def _el(tag: str, **attrs: str) -> Any:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


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
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


def add_field(paragraph: Any, instruction: str, cached: str = "") -> None:
    """Append a complex field (``PAGE``, ``NUMPAGES``, ``PAGEREF x``) with a cached result to a paragraph."""
    p = paragraph._p
    _append_field(p, instruction, cached)


def _append_field(parent: Any, instruction: str, cached: str) -> None:
    for kind in ("begin", "instr", "separate", "cached", "end"):
        run = OxmlElement("w:r")
        if kind == "instr":
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            run.append(text)
        elif kind == "cached":
            if not cached:
                continue
            text = OxmlElement("w:t")
            text.text = cached
            run.append(text)
        else:
            run.append(_el("w:fldChar", fldCharType=kind))
        parent.append(run)


def _set_cell_shading(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    tcpr.append(_el("w:shd", val="clear", color="auto", fill=fill))


def _set_table_borders(table: Any, color: str, size: int) -> None:
    tblpr = table._tbl.tblPr
    borders = _el("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{edge}", val="single", sz=str(size), space="0", color=color))
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    # schema order: tblBorders comes before shd, tblLayout, tblCellMar and tblLook
    later = [tblpr.find(qn(t)) for t in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")]
    following = next((e for e in later if e is not None), None)
    if following is not None:
        following.addprevious(borders)
    else:
        tblpr.append(borders)


def _fix_table_width(table: Any, widths_mm: Sequence[float]) -> None:
    """Fixed layout at the page's text width, so LibreOffice and Word agree and nothing runs off the page."""
    table.autofit = False
    tblpr = table._tbl.tblPr
    tblw = _child(tblpr, "w:tblW")
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(int(sum(widths_mm) * 56.7)))
    layout = _child(tblpr, "w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _mark_row(row: Any, *, header: bool) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(_el("w:cantSplit"))
    if header:
        trpr.append(_el("w:tblHeader"))


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
    # Word refreshes the TOC (page numbers) on opening; the schema puts updateFields just before compat
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


def deterministic_zip(data: bytes, stamp: dt.date) -> bytes:
    """Rewrite a saved package with fixed entry times and attributes, keeping python-docx's stable entry order."""
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            target.writestr(fixed, source.read(info.filename), compresslevel=6)
    return out.getvalue()


# --- the writer ------------------------------------------------------------------------------------------


@dataclass
class _Heading:
    level: int
    text: str
    bookmark: str


@dataclass
class DocWriter:
    """One document being written: paragraphs, lists, tables, boxes, fields, then deterministic bytes."""

    meta: Meta
    title: str
    #: document kind shown under the title and in the header, e.g. 学员讲义
    label: str
    findings: list[Finding] = field(default_factory=list)
    #: all text written, for "terms used in this document"
    text_seen: list[str] = field(default_factory=list)
    doc: Any = None
    _source: Record | None = None
    _headings: list[_Heading] = field(default_factory=list)
    _toc_anchor: Any = None
    _cover: bool = False
    _reported: set[tuple[Location, str]] = field(default_factory=set)
    #: side margins in mm; the quick card uses narrower ones to stay on one or two pages
    side_margin_mm: float = MARGIN_MM["left"]
    #: A4 landscape (the quick card: a wide stage table keeps each stage on a few lines)
    landscape: bool = False
    #: table text size in points when not the template's 9.5 (the quick card sets it smaller)
    table_text_pt: float | None = None
    _next_num: int = 0
    #: style name (as python-docx spells it) -> style id, so setting a style never scans the style sheet
    _style_ids: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.doc = Document(io.BytesIO(styled_template()))
        body = self.doc.element.body
        for paragraph in list(body.iterchildren(qn("w:p"))):  # the template's one empty paragraph
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
        self._style_ids = {
            s.get(qn("w:styleId")): s.get(qn("w:styleId")) for s in self.doc.styles.element.iterchildren(qn("w:style"))
        }
        for style in self.doc.styles.element.iterchildren(qn("w:style")):
            name = style.find(qn("w:name"))
            if name is not None:
                self._style_ids[_UI_NAMES.get(name.get(qn("w:val")), name.get(qn("w:val")))] = style.get(
                    qn("w:styleId")
                )
        numbering = self.doc.part.numbering_part.element
        self._next_num = max([int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))] + [100]) + 1

    @property
    def text_width_mm(self) -> float:
        return (PAGE_HEIGHT_MM if self.landscape else PAGE_WIDTH_MM) - 2 * self.side_margin_mm

    # styles by id: python-docx looks a style name up by scanning every style, per paragraph
    def _set_style(self, paragraph: Any, name: str) -> None:
        paragraph._p.get_or_add_pPr().style = self._style_ids[name]

    def _add(self, style: str | None, container: Any = None) -> Any:
        paragraph = (container or self.doc).add_paragraph()
        if style is not None:
            self._set_style(paragraph, style)
        return paragraph

    # text hygiene
    def source(self, record: Record | None) -> None:
        """Name the entry being rendered, so a cleaned control character is reported at its file."""
        self._source = record

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
    def paragraph(self, text: str = "", style: str | None = None, *, bold: bool = False) -> Any:
        paragraph = self._add(style)
        if text:
            paragraph.add_run(self.clean(text)).bold = bold or None
        return paragraph

    def labelled(self, label: str, text: str, style: str | None = None) -> Any:
        """``label：text`` with the label in bold, the common shape of fields in a handout."""
        paragraph = self._add(style)
        paragraph.add_run(self.clean(f"{label}：")).bold = True
        paragraph.add_run(self.clean(text))
        return paragraph

    def heading(self, text: str, level: int) -> Any:
        paragraph = self._add(f"Heading {level}")
        text = self.clean(text)
        bookmark = f"_Toc{len(self._headings) + 1:06d}"
        bid = str(len(self._headings) + 1)
        paragraph._p.append(_el("w:bookmarkStart", id=bid, name=bookmark))
        paragraph.add_run(text)
        paragraph._p.append(_el("w:bookmarkEnd", id=bid))
        self._headings.append(_Heading(level, text, bookmark))
        return paragraph

    def titled_list(self, title: str, items: Sequence[str], *, numbered: bool = False) -> None:
        """A bold title over a bulleted (or numbered) list; nothing at all when the list is empty."""
        if not items:
            return
        self.paragraph(title, bold=True)
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
        num_id = self._new_num(abstract_id)
        for item in items:
            paragraph = self.paragraph(item, style)
            ppr = paragraph._p.get_or_add_pPr()
            numpr = _el("w:numPr")
            numpr.append(_el("w:ilvl", val="0"))
            numpr.append(_el("w:numId", val=str(num_id)))
            ppr.append(numpr)

    def _new_num(self, abstract_id: int) -> int:
        numbering = self.doc.part.numbering_part.element
        num_id = self._next_num
        self._next_num += 1
        num = _el("w:num", numId=str(num_id))
        num.append(_el("w:abstractNumId", val=str(abstract_id)))
        override = _el("w:lvlOverride", ilvl="0")
        override.append(_el("w:startOverride", val="1"))
        num.append(override)
        numbering.append(num)
        return num_id

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
        table = self.doc.add_table(rows=1 + len(rows), cols=len(headers))
        table._tbl.tblPr.style = self._style_ids["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            self._cell_text(cell, text, bold=True)
            _set_cell_shading(cell, "D9D9D9")
        _mark_row(table.rows[0], header=True)
        for row, values in zip(table.rows[1:], rows, strict=True):
            _mark_row(row, header=False)
            for i, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
                self._cell_text(cell, text, bold=bold_first_column and i == 0)
        _fix_table_width(table, widths_mm)
        self._add("Table End")  # keeps the next table or heading off this one
        return table

    def _cell_text(self, cell: Any, text: str, *, bold: bool = False) -> None:
        lines = text.split("\n") if text else [""]
        first = cell.paragraphs[0]
        self._set_style(first, "Table Text")
        for i, line in enumerate(lines):
            paragraph = first if i == 0 else self._add("Table Text", cell)
            if line:
                paragraph.add_run(self.clean(line)).bold = bold or None

    def box(self, title: str, lines: Sequence[tuple[str, str]], *, color: str = _RED, fill: str = "FDEDEC") -> Any:
        """A bordered one-cell box (红线, 错误示范): a coloured title, then ``label：text`` lines."""
        table = self.doc.add_table(rows=1, cols=1)
        _set_table_borders(table, color, 12)
        cell = table.rows[0].cells[0]
        _set_cell_shading(cell, fill)
        _mark_row(table.rows[0], header=False)
        head = cell.paragraphs[0]
        self._set_style(head, "Table Text")
        run = head.add_run(self.clean(title))
        run.bold = True
        run.font.size = Pt(11)
        run.font.color.rgb = RGBColor.from_string(color)
        set_run_fonts(run._r.get_or_add_rPr(), HEADING_FONTS)
        for label, text in lines:
            paragraph = self._add("Table Text", cell)
            if label:
                paragraph.add_run(self.clean(f"{label}：")).bold = True
            paragraph.add_run(self.clean(text))
        _fix_table_width(table, [self.text_width_mm])
        self._add("Table Text")
        return table

    def dialogue(self, turns: Iterable[tuple[str, str, str | None]]) -> None:
        """A script as dialogue: each turn indented, the speaker in bold, the trainer's note below it."""
        for speaker, text, note in turns:
            paragraph = self._add("Dialogue")
            paragraph.add_run(self.clean(f"{speaker}：")).bold = True
            paragraph.add_run(self.clean(text))
            if note:
                self.paragraph(f"提示：{note}", "Turn Note")

    def page_break(self) -> None:
        self._add(None).add_run().add_break(WD_BREAK.PAGE)

    # cover, TOC, header and footer
    def cover(self, lines: Sequence[tuple[str, str]]) -> None:
        """Title page: the title, the document kind, then ``label：value`` lines; no header or footer on it."""
        for _ in range(5):
            self._add("Cover Line")
        self.paragraph(self.title, "Title")
        self.paragraph(self.label, "Cover Line", bold=True)
        self._add("Cover Line")
        for label, value in lines:
            self.labelled(label, value, "Cover Line")
        self._cover = True
        self.page_break()

    def toc(self, heading: str = "目录") -> None:
        """A TOC field; its cached entries (the headings, linked) are filled in when the document is saved."""
        self.paragraph(heading, "TOC Heading", bold=True)
        self._toc_anchor = self._add(None)
        self.page_break()

    def _fill_toc(self) -> None:
        """Cached TOC result: the linked headings without page numbers, which only a layout engine knows.

        Word fills in page numbers when it updates the field (``w:updateFields`` asks it to on opening);
        LibreOffice keeps a TOC's cached result as it is, so a guessed number would print wrong.
        """
        anchor = self._toc_anchor
        if anchor is None:
            return
        entries = [h for h in self._headings if h.level <= 2]
        first = anchor._p
        run = OxmlElement("w:r")
        run.append(_el("w:fldChar", fldCharType="begin"))
        first.append(run)
        instr = OxmlElement("w:r")
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = ' TOC \\o "1-2" \\h \\z \\u '
        instr.append(text)
        first.append(instr)
        sep = OxmlElement("w:r")
        sep.append(_el("w:fldChar", fldCharType="separate"))
        first.append(sep)
        current = anchor
        for i, heading in enumerate(entries):
            paragraph = anchor if i == 0 else _insert_paragraph_after(current)
            self._set_style(paragraph, f"toc {heading.level}")
            link = _el("w:hyperlink", anchor=heading.bookmark, history="1")
            r = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.text = heading.text
            r.append(t)
            link.append(r)
            paragraph._p.append(link)
            current = paragraph
        end = OxmlElement("w:r")
        end.append(_el("w:fldChar", fldCharType="end"))
        current._p.append(end)

    def _header_footer(self) -> None:
        section = self.doc.sections[0]
        section.different_first_page_header_footer = self._cover
        header = section.header.paragraphs[0]
        self._set_style(header, "Header")
        border = _el("w:pBdr")  # before jc, as the schema orders pPr
        border.append(_el("w:bottom", val="single", sz="4", space="1", color="808080"))
        header._p.get_or_add_pPr().append(border)
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        header.add_run(self.clean(f"{self.title} · {self.label}"))
        footer = section.footer.paragraphs[0]
        self._set_style(footer, "Footer")
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run(self.clean(f"{self.meta.title} {self.meta.version}　第 "))
        add_field(footer, "PAGE", "1")
        footer.add_run(" 页 / 共 ")
        add_field(footer, "NUMPAGES", "1")
        footer.add_run(" 页")

    def _core_properties(self) -> None:
        meta = self.meta
        stamp = dt.datetime.combine(meta.effective, dt.time(0, 0), tzinfo=dt.UTC).replace(tzinfo=None)
        props = self.doc.core_properties
        props.title = _property(self.clean(f"{self.title} {self.label}"))
        props.subject = _property(self.clean(meta.title))
        props.author = _property(self.clean(meta.organisation or "、".join(meta.owners)))
        props.last_modified_by = props.author
        props.language = "zh-CN"
        props.version = _property(meta.version)
        props.keywords = "催收培训"
        props.comments = ""
        props.category = _property(self.label)
        props.created = stamp
        props.modified = stamp
        props.last_printed = stamp
        props.revision = 1

    def to_bytes(self) -> bytes:
        """Finish (TOC entries, header, footer, properties) and return the deterministic package bytes."""
        self._fill_toc()
        self._header_footer()
        self._core_properties()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return deterministic_zip(buffer.getvalue(), self.meta.effective)


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
