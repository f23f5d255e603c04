"""Shared field types of the handbook contract: ids, text, references, sources, the entry base.

Every model is strict: no value is ever coerced into another type. YAML 1.1 reads ``21:00`` as 1260, ``no``
as False and ``2024-01-01`` as a date, so a lax model would turn ``to: no`` into 0 or ``"6"`` into 6 without a
word; strict fields refuse them and the builder tells the author what YAML read and how to write it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

__all__ = [
    "ID_PATTERN",
    "REF_PATTERN",
    "REF_PREFIXES",
    "REF_SHAPE",
    "VISIBLE_PATTERN",
    "Date",
    "Entry",
    "Id",
    "Minutes",
    "Model",
    "Ref",
    "Source",
    "Text",
    "TextList",
]

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: the kinds a reference may name, as ``models.KINDS`` spells their prefixes (checked there at import)
REF_PREFIXES = (
    "course",
    "procedure",
    "script",
    "customer-type",
    "cause",
    "risk-grade",
    "kpi",
    "role",
    "team",
    "term",
    "legal",
    "conduct",
    "counter-example",
)
_ID = ID_PATTERN[1:-1]
#: ``kind:id`` or ``kind:id#anchor`` with a known kind, so an editor's schema check refuses ``glossary:x`` too
REF_PATTERN = rf"^(?:{'|'.join(REF_PREFIXES)}):{_ID}(?:#{_ID})?$"
#: what a reference looks like whatever its kind: tells a misspelt kind from a malformed reference
REF_SHAPE = rf"^[a-z]+(?:-[a-z]+)*:{_ID}(?:#{_ID})?$"

#: stable kebab-case identifier, unique within its kind
Id = Annotated[str, Strict(), StringConstraints(pattern=ID_PATTERN, max_length=80)]
#: somewhere a character that is not whitespace (including NBSP and U+3000) or zero-width: a title of only
#: spaces, NBSP or ZERO WIDTH SPACE looks empty in every document it reaches
VISIBLE_PATTERN = r"[^\s\u200b-\u200d\u2060\ufeff]"
#: text with something visible in it; must be a YAML string (quote times, dates, yes/no)
Text = Annotated[str, Strict(), StringConstraints(min_length=1, pattern=VISIBLE_PATTERN)]
#: typed reference such as ``legal:civil-code#188`` or ``conduct:third-party-disclosure``
Ref = Annotated[str, Strict(), StringConstraints(pattern=REF_PATTERN)]
TextList = list[Text]
#: a positive number of minutes, or ``unknown`` where the source gives none
Minutes = Annotated[int, Strict(), Field(gt=0)] | Literal["unknown"]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    """``"YYYY-MM-DD"`` as a date; nothing else becomes one (pydantic's lax date takes 0 as 1970-01-01).

    A ``datetime.date`` is what YAML 1.1 readers make of an unquoted date: the model takes it (the meaning is
    clear, so the entry is still checked) and the builder asks for quotes, because YAML 1.2 readers see a
    string there.
    """
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_type", "a date without a time of day")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if _ISO_DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise PydanticCustomError("date_parsing", "not a date in the form YYYY-MM-DD")
    raise PydanticCustomError("date_type", "a date in the form YYYY-MM-DD")


#: a calendar date written ``"2021-01-01"`` (quoted: YAML 1.1 and 1.2 readers then agree it is text)
Date = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]


class Model(BaseModel):
    """Base of every model: unknown keys are errors, no value is coerced, models are immutable once built."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, strict=True)


class Source(Model):
    """Where an entry's facts come from, so a reviewer can trace it back to the seed."""

    seed: Annotated[str, Strict(), StringConstraints(pattern=r"^(?:\d{3}|reference/[\w.-]+|house)$")] = Field(
        title="来源文件", description="种子文件编号（如 000）、reference/文件名，或 house（本机构自编）"
    )
    section: Text = Field(title="章节", description="来源中的章节或段落标题")
    note: Text | None = Field(default=None, title="说明", description="改写、纠正或取舍的说明")


class ConductReview(Model):
    """A conduct-lint finding a reviewer judged a false alarm, kept with the entry so the next run agrees.

    The lint has a known false-alarm rate; an author whose lawful text is flagged records here what was
    reviewed, against which rule, and why, instead of rewording lawful text to please the lint. The review
    covers exactly that text and rule: edited text is linted afresh, and a review that no longer matches a
    finding is reported as stale.
    """

    text: Text = Field(title="被复核的文本", description="被误报的原文，须与条目中的写法完全一致")
    rule: Ref = Field(title="红线", description="被误报的红线，conduct:规则id")
    reason: Text = Field(title="复核理由", description="为什么这段文本并不违反该红线（只给编写者和审核者看，不导出）")


class Entry(Model):
    """Fields every handbook entry has."""

    id: Id = Field(title="标识", description="稳定的短横线小写标识（kebab-case），同类条目中唯一")
    title: Text = Field(title="标题")
    sources: list[Source] = Field(min_length=1, title="来源", description="条目内容的出处，至少一条")
    conduct_reviewed: list[ConductReview] = Field(
        default_factory=list,
        title="红线复核",
        description="经人工复核、确认不违反红线的误报（文本、红线、理由）；只给编写者和审核者看，不导出",
    )
    author_notes: TextList = Field(
        default_factory=list,
        title="编写备注",
        description="只给编写者和审核者看（待补内容、取舍理由）；不导出到学员材料",
    )
