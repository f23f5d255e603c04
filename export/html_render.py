"""Turn a planned page into HTML bytes with the Jinja2 templates in ``templates/html/``.

The templates decide how each kind looks; this module gives them what they need and nothing that must
not be printed: links relative to the page (so the site works from any folder), Chinese labels for codes,
and text cleaned on its way out. Every value a template prints passes ``_finalize``: control characters
(invalid in HTML) are removed (``control_characters`` reports where they are), and verification codes that authors keep
in prose (V1, V2, MEM) are written out in words. ``author_notes`` and ``confidence`` are never handed to
a template as such; templates print only the fields they name.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..schema.findings import Finding, Severity, define_messages
from ..schema.models import KINDS
from .docx_render import (
    ACTIVITY_ZH,
    CHANNEL_ZH,
    INSTRUMENT_ZH,
    MINUTES_BY_TRAINER,
    MODULE_KIND_ZH,
    SPEAKER_ZH,
    STATUS_ZH,
    activity_title,
    days_text,
    zh_date,
)
from .html_links import entry_path
from .html_pages import NAV, Page
from .html_preview import Preview

if TYPE_CHECKING:
    from ..schema.models.handbook import Handbook, Record
    from .html_links import SiteLinks

__all__ = ["TEMPLATES", "SiteRenderer", "control_characters", "is_counter_example", "relative", "spoken_words"]

#: the page templates and the static files (``assets/``) they use; package data, shipped in the wheel
TEMPLATES = Path(__file__).resolve().parent / "templates" / "html"

define_messages(
    {
        "export.html-control-char": (
            "网页中删除了 {count} 个控制字符（如 {sample}）：请检查这一条目的文字",
            "{count} control character(s) (e.g. {sample}) removed from the web page: check this entry's text",
        ),
    }
)

#: characters HTML does not allow in text (C0 and C1 controls except tab, line feed, carriage return;
#: lone surrogates; non-characters)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
#: verification codes of the legal fact sheet, as authors write them in prose
_CONFIDENCE = re.compile(r"(?<![A-Za-z0-9])(V1|V2|MEM)(?![A-Za-z0-9])")
_CONFIDENCE_WORDS = {"V2": "两个来源核实", "V1": "一个来源核实", "MEM": "未经核实"}
#: a text labelled as a counter-example (the same labels the conduct lint accepts)
_COUNTER_LABEL = re.compile(r"^\s*(?:【错误示范】|\[错误示范\]|错误示范[：:])\s*")


def minutes_text(minutes: int | str) -> str:
    """Minutes as a printed schedule shows them: the number, or 时长由讲师安排 where the course gives none."""
    return str(minutes) if isinstance(minutes, int) else MINUTES_BY_TRAINER


def is_counter_example(text: str) -> bool:
    """True for a text labelled 【错误示范】: it belongs on trainer pages only."""
    return bool(_COUNTER_LABEL.match(text))


def spoken_words(text: str) -> str:
    """Verification codes written out in words: ``（V1）`` becomes ``（一个来源核实）``."""
    return _CONFIDENCE.sub(lambda m: _CONFIDENCE_WORDS[m.group(1)], text)


@functools.lru_cache(maxsize=65536)
def relative(from_path: str, target: str) -> str:
    """A link from one page to a site path (``legal/civil-code.html#188``), relative to the page."""
    path, _, anchor = target.partition("#")
    suffix = f"#{anchor}" if anchor else ""
    if not path or path == from_path:
        return suffix or posixpath.basename(from_path)
    return posixpath.relpath(path, posixpath.dirname(from_path) or ".") + suffix


class SiteRenderer:
    """Renders the pages of one handbook."""

    def __init__(
        self, handbook: Handbook, links: SiteLinks, *, preview: Preview | None = None, search_index: bool = False
    ) -> None:
        self.handbook = handbook
        self.links = links
        self.preview = preview
        env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
            finalize=self._finalize,
        )
        meta = handbook.meta
        env.globals.update(
            NAV=NAV,
            KINDS=KINDS,
            meta=meta,
            site_title=meta.title if meta is not None else "催收培训手册",
            search_index=search_index,
            zh_date=zh_date,
            days_text=days_text,
            minutes_text=minutes_text,
            activity_title=activity_title,
            is_counter_example=is_counter_example,
            SPEAKER_ZH=SPEAKER_ZH,
            CHANNEL_ZH=CHANNEL_ZH,
            ACTIVITY_ZH=ACTIVITY_ZH,
            MODULE_KIND_ZH=MODULE_KIND_ZH,
            STATUS_ZH=STATUS_ZH,
            INSTRUMENT_ZH=INSTRUMENT_ZH,
            preview=preview,
            entry_url=lambda record: entry_path(record.kind, record.entry.id),
            summary_of=summary_of,
            stage_name=stage_name,
            minutes_label=minutes_label,
            lawful_alternatives=self._lawful_alternatives,
            preview_target=self._preview_target,
        )
        self.env = env

    def _lawful_alternatives(self, rule_id: str) -> list[str]:
        """The lawful alternatives of the counter-examples that break a rule (without the techniques)."""
        ref = f"{KINDS['conduct_rule'].prefix}:{rule_id}"
        out: dict[str, None] = {}
        for record in sorted(self.handbook.records("counter_example"), key=lambda r: r.entry.id):
            entry: Any = record.entry
            if ref in entry.breaks:
                out.setdefault(entry.lawful_alternative, None)
        return list(out)

    def _preview_target(self, finding: Finding) -> str:
        """The page a finding is shown on (findings page links), trainee pages first."""
        pages = self.preview.by_page.items() if self.preview else ()
        return next((path for path, items in sorted(pages) if any(f is finding for f in items)), "")

    @staticmethod
    def _finalize(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, Markup) or not isinstance(value, str):
            return value
        return spoken_words(_CONTROL.sub("", value))

    def render(self, page: Page) -> bytes:
        """The page as UTF-8 bytes with ``\\n`` line ends."""
        template = self.env.get_template(page.template)
        href = functools.partial(relative, page.path)
        html = template.render(
            page=page,
            href=href,
            link=self.links.link,
            links=functools.partial(self.links.links, trainer=page.trainer),
            cited_by=functools.partial(self.links.cited_by, trainer=page.trainer),
            trainer_citations=self.links.trainer_citations,
            shown=functools.partial(_shown, trainer=page.trainer),
            page_findings=self.preview.by_page.get(page.path, []) if self.preview else [],
            kind_zh=KINDS[page.records[0].kind].zh if len(page.records) == 1 else page.title,
            **page.context,
        )
        return html.encode("utf-8", errors="replace")


def control_characters(handbook: Handbook) -> list[Finding]:
    """Where the handbook's text holds characters a web page cannot (they are removed from the pages)."""
    found = []
    for record in handbook.records():
        for path, text in record.texts:
            removed = _CONTROL.findall(text)
            if removed:
                params = {"count": len(removed), "sample": repr(removed[0])}
                key = "export.html-control-char"
                found.append(Finding("export.control-char", Severity.WARNING, record.loc(*path), key, params))
    return found


_DAYS_REMARK = re.compile(r"\s*[（(][^（）()]*天[^（）()]*[）)]\s*$")


def stage_name(title: str) -> str:
    """A stage title without its days in brackets, for places that show the days beside it:
    ``前期（逾期 1—5 天）`` becomes ``前期``."""
    return _DAYS_REMARK.sub("", title) or title


def minutes_label(minutes: int | str) -> str:
    """``120 分钟``, or ``时长未注明`` where the source gives none."""
    return f"{minutes} 分钟" if isinstance(minutes, int) else "时长未注明"


def summary_of(record: Record) -> str:
    """One line that says what an entry is, for lists of entries."""
    entry: Any = record.entry
    for attr in ("summary", "description", "scenario", "meaning", "definition"):
        value = getattr(entry, attr, None)
        if isinstance(value, str):
            return value
    if record.kind == "course":
        return f"{entry.audience} · {minutes_label(entry.total_minutes)}"
    if record.kind == "legal":
        return str(entry.issuer)
    for attr in ("strategy", "duties"):
        values = getattr(entry, attr, None)
        if values:
            return str(values[0])
    if record.kind == "team":
        return "、".join(section.title for section in entry.sections)
    return ""


def _shown(items: Iterable[str] | None, *, trainer: bool) -> Sequence[str]:
    """The texts a page may show: labelled counter-examples only on trainer pages."""
    return [t for t in items or () if trainer or not is_counter_example(t)]
