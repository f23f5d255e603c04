"""An article's summary says what the article says; how it applies to collection is its commentary.

The legal booklet prints ``summary`` as the content of the article. A sentence there that the article
does not contain — "self-help repossession is not among the routes", "parents are not liable for the
debt", "this is now article 509 of the Civil Code", "trainers must no longer teach …" — reads as law
when it is the handbook's reading of it. Such sentences go in ``commentary``, which is printed apart
and labelled as the handbook's explanation. This rule recognises the usual shapes of that reading:
collection practice (扣车, 还款责任, 催收人员, 委外催收), teaching voice (培训, 本机构), and
renumbering or succession notes (现为…第…条, 原为…, 修订后为…). An article that itself speaks of
collection (信用卡办法第六十八条, 刑法第二百九十三条之一) may say 催收 in its summary.

PASS::

    summary: 实现抵押权可以与抵押人协议折价、拍卖或变卖，协议不成的可以请求人民法院拍卖、变卖。
    commentary: 自行扣车、拖车不在法定途径之内。

FAIL::

    summary: 实现抵押权可以协议折价或请求法院拍卖、变卖。自行扣车不在法定途径之内。  # legal.summary-commentary
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..findings import Finding, Severity, define_messages
from .base import RuleInfo

if TYPE_CHECKING:
    from ..models.handbook import Handbook

RULES = (
    RuleInfo(
        "legal.summary-commentary",
        Severity.WARNING,
        "条文要旨中写了手册的适用说明",
        "article summary carries the handbook's commentary",
    ),
)

define_messages(
    {
        "legal.summary-commentary": (
            "{label}的要旨中“{found}”不是条文本身的内容（{what_zh}）：要旨只写这一条说了什么，"
            "对催收的适用和沿革说明请写在 commentary",
            "the summary of {label} says '{found}', which is not in the article ({what_en}): keep the summary "
            "to what the article says and put how it applies (or its renumbering) in commentary",
        ),
    }
)

_SHAPES: tuple[tuple[str, str, str], ...] = (
    (
        r"扣车|拖车|收车|还款责任|催收(?:机构|文书|公司|时|中)|委外催收|车贷",
        "催收中的适用",
        "how it applies to collection",
    ),
    (r"培训(?:中|时|材料|课程)|不得再讲|本机构|手册|学员|教学", "培训中的说明", "a teaching note"),
    (
        r"现为.{0,10}第|原为.{0,14}第|原第.{1,8}条|原属|修订后.{0,8}(?:为|分为)|已被.{0,16}取代|条号(?:相同|未变)",
        "条号沿革",
        "renumbering or succession",
    ),
    (r"这是.{0,12}依据|常见于", "手册的解读", "the handbook's reading"),
)
_PATTERN = re.compile("|".join(f"(?P<s{i}>{p})" for i, (p, _, _) in enumerate(_SHAPES)))


def commentary_in(summary: str) -> Iterator[tuple[str, str, str]]:
    """(wording, what it is in zh, in en) for each piece of commentary found in an article summary."""
    for hit in _PATTERN.finditer(summary):
        index = int(next(k for k, v in hit.groupdict().items() if v is not None)[1:])
        _, zh, en = _SHAPES[index]
        yield hit.group(), zh, en


def check(handbook: Handbook) -> Iterator[Finding]:
    for record in handbook.records("legal"):
        law: Any = record.entry
        for i, article in enumerate(law.articles):
            for found, zh, en in commentary_in(article.summary):
                params = {
                    "label": f"{law.short_title}{article.label}",
                    "found": found,
                    "what_zh": zh,
                    "what_en": en,
                }
                where = record.loc("articles", i, "summary")
                yield Finding("legal.summary-commentary", Severity.WARNING, where, "legal.summary-commentary", params)
