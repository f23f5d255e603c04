"""Legal currency: cite only law in force, with dates in order.

Citing a repealed or superseded instrument (``legal:contract-law``, or 合同法 named in the text) teaches
collectors outdated law: it is an error that names the successor (合同法 → 民法典), unless the citing entry
is itself about legal history (a legal entry with ``history: true``, or a sentence that says the
instrument was repealed). An instrument that takes effect in the future is a warning; promulgation,
effect and repeal dates must be in that order.

PASS::

    refs: [legal:civil-code#667]
    topics: [合同法已于 2021 年废止，现行规定见民法典合同编]

FAIL::

    refs: [legal:contract-law]        # legal.repealed-instrument: use 民法典
    topics: [依据合同法第二百零六条按期还款]
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..findings import Finding, Severity, define_messages
from .base import RuleInfo

if TYPE_CHECKING:
    from ..models.handbook import Handbook, RawRecord, Record

RULES = (
    RuleInfo("legal.repealed-instrument", Severity.ERROR, "引用已废止或被替代的法律", "cites a repealed instrument"),
    RuleInfo("legal.not-yet-effective", Severity.WARNING, "法律文件尚未施行", "instrument not yet in force"),
    RuleInfo("legal.date-order", Severity.ERROR, "法律文件日期顺序错误", "instrument dates out of order"),
)

define_messages(
    {
        "legal.repealed-instrument": (
            "引用了{status_zh}的《{title}》{when}：请改引《{successor}》",
            "cites '{title}', which was {status_en}{when_en}: cite '{successor}' instead",
        ),
        "legal.repealed-no-successor": (
            "引用了{status_zh}的《{title}》{when}：请改引现行规定",
            "cites '{title}', which was {status_en}{when_en}: cite the law now in force",
        ),
        "legal.not-yet-effective": (
            "《{title}》自 {effective} 起施行，目前尚未生效：引用时请注明施行日期",
            "'{title}' takes effect on {effective} and is not in force yet: say so where it is cited",
        ),
        "legal.date-order": (
            "日期顺序错误：{first_name} {first} 晚于 {second_name} {second}",
            "dates out of order: {first_en} {first} is after {second_en} {second}",
        ),
    }
)

_STATUS = {"repealed": ("已废止", "repealed"), "superseded": ("已被替代", "superseded")}
#: a sentence that says an instrument is no longer law is about history, not a citation of it
_HISTORY_CONTEXT = re.compile(r"废止|失效|取代|替代|沿革|已被|不再适用|改引|原《")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
#: longer in-force titles that contain a repealed short title (劳动合同法 contains 合同法)
_LONGER_TITLES = ("劳动",)


def check(handbook: Handbook) -> Iterator[Finding]:
    return check_at(handbook, dt.date.today())


def check_at(handbook: Handbook, today: dt.date) -> Iterator[Finding]:
    """The checks, with "today" given so tests do not depend on the calendar."""
    dead: dict[str, Record] = {}
    for record in handbook.records("legal"):
        law: Any = record.entry
        yield from _dates(record, law, today)
        if law.status in _STATUS:
            dead[law.id] = record
    if not dead:
        return
    live_names: set[str] = set()
    for record in handbook.records("legal"):
        law = record.entry
        if law.id not in dead:
            live_names.update((law.short_title, law.title))
    mention = _mention_regex(dead, live_names)
    for citing in handbook.raw_records():  # entries that failed their model too: their citations still count
        if _is_history(citing):
            continue
        for path, ref in citing.refs:
            if path[-1] == "superseded_by" or not ref.startswith("legal:"):
                continue
            target = dead.get(ref[6:].partition("#")[0])
            if target is not None:
                yield _finding(handbook, citing.loc(*path), target)
        if mention is None:
            continue
        for path, text in citing.texts:
            if mention.search(text) is None:
                continue
            for sentence in _SENTENCE.finditer(text):
                if _HISTORY_CONTEXT.search(sentence.group()):
                    continue
                for hit in mention.finditer(sentence.group()):
                    target = dead[_id_of(hit)]
                    yield _finding(handbook, citing.loc(*path), target)


def _is_history(record: RawRecord) -> bool:
    """A legal entry marked ``history: true``, or an entry tagged 法律沿革: it may name repealed law."""
    raw = record.raw
    if not isinstance(raw, dict):
        return False
    if record.kind == "legal" and raw.get("history") is True:
        return True
    tags = raw.get("tags")
    return isinstance(tags, list) and "法律沿革" in tags


def _mention_regex(dead: dict[str, Record], live_names: set[str]) -> re.Pattern[str] | None:
    """Names of dead instruments; a name an instrument in force also uses (治安管理处罚法 2012 and 2025)
    cannot tell the versions apart in prose, so it is left to references."""
    parts = []
    for ident, record in dead.items():
        law: Any = record.entry
        names = sorted({law.short_title, law.title} - live_names, key=len, reverse=True)
        if not names:
            continue
        group = "|".join(re.escape(n) for n in names)
        parts.append(f"(?P<{_group_name(ident)}>{group})")
    if not parts:
        return None
    lookbehind = "".join(f"(?<!{re.escape(p)})" for p in _LONGER_TITLES)
    return re.compile(lookbehind + "(?:" + "|".join(parts) + ")")


def _group_name(ident: str) -> str:
    return "l_" + ident.replace("-", "_")


def _id_of(hit: re.Match[str]) -> str:
    name = next(k for k, v in hit.groupdict().items() if v is not None)
    return name[2:].replace("_", "-")


def _finding(handbook: Handbook, where: Any, target: Record) -> Finding:
    law: Any = target.entry
    zh, en = _STATUS[law.status]
    params: dict[str, Any] = {
        "title": law.short_title,
        "status_zh": zh,
        "status_en": en,
        "when": f"（{law.repealed} 起）" if law.repealed else "",
        "when_en": f" on {law.repealed}" if law.repealed else "",
    }
    successor = handbook.resolve(law.superseded_by) if law.superseded_by else None
    if successor is None:
        return Finding("legal.repealed-instrument", Severity.ERROR, where, "legal.repealed-no-successor", params)
    params["successor"] = successor.entry.short_title if hasattr(successor.entry, "short_title") else successor.entry.id
    return Finding("legal.repealed-instrument", Severity.ERROR, where, "legal.repealed-instrument", params)


def _dates(record: Record, law: Any, today: dt.date) -> Iterator[Finding]:
    if law.effective is not None and law.effective > today and law.status != "repealed":
        params = {"title": law.short_title, "effective": law.effective.isoformat()}
        yield Finding(
            "legal.not-yet-effective", Severity.WARNING, record.loc("effective"), "legal.not-yet-effective", params
        )
    names = (("promulgated", "公布日期"), ("effective", "施行日期"), ("repealed", "废止日期"))
    dated = [(field, zh, getattr(law, field)) for field, zh in names if getattr(law, field) is not None]
    for (f1, zh1, d1), (f2, zh2, d2) in itertools.pairwise(dated):
        if d1 > d2:
            params = {
                "first_en": f1,
                "second_en": f2,
                "first_name": zh1,
                "first": d1.isoformat(),
                "second_name": zh2,
                "second": d2.isoformat(),
            }
            yield Finding("legal.date-order", Severity.ERROR, record.loc(f2), "legal.date-order", params)
