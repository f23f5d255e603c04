"""Conduct rule (红线) and counter-example (错误示范): lawful-collection rules as data the lint runs.

A rule's patterns are data, not code: keyword groups (regular-expression alternatives) that must all
occur in one clause, optionally close together; lawful-context exclusions; which groups a preceding
negation ("不会", "不得" …) clears; and, for contact hours, a clock time outside ``meta.contact_window``.
The engine that runs them is ``schema/conduct_engine.py``.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from .common import Entry, Id, Model, Ref, Text, TextList

__all__ = ["DEFAULT_BREAKERS", "DEFAULT_NEGATORS", "ConductRule", "CounterExample", "Examples", "Pattern"]

#: words that negate what follows them in a clause ("不会联系您的家人", "禁止威胁"); a rule may override
DEFAULT_NEGATORS: tuple[str, ...] = (
    r"(?:不|没有?)(?:会|要|必|用)?因为.{0,12}?就",
    # A-not-A questions ("能不能", "是不是") and fixed phrases ("不停", "不管") are not negations
    r"(?<!能)(?<!要)(?<!是)(?<!行)(?<!可)(?<!好)(?<!对)(?<!会)(?<!肯)(?<!愿)不(?!停|断|管|然|论|要脸|讲|知|好意思|得不|许|让|准|择手段|放过|到账|接|是人|出息|还|介意|怕|同|少|多|久|仅|只|一样|错|过如此|如|妨|由得|至于|免|禁|一会|时|定|断|堪|屑|料|幸|愧|光|但|敢当|见得|可思议|住|得了|然|已|行|是[^，。]{0,12}吗|是[^，。]{0,12}吗)",
    r"没有?",
    r"别(?!想|人|的|逼|出|怪)",
    r"无[需须]",
    r"禁止",
    r"严禁",
    r"停止",
    r"杜绝",
    r"拒绝",
    r"未(?!来|成年)",
    r"并非",
    r"勿",
    r"不得",
    r"而非",
    r"免于",
    r"无权",
)
#: words that end a negation's reach: a new subject or a consequence ("不还就……", "不还钱我们马上……")
DEFAULT_BREAKERS: tuple[str, ...] = (
    r"[，,]",
    r"就",
    r"便",
    r"才",
    r"否则",
    r"不然",
    r"的话",
    r"那么",
    r"马上",
    r"立刻",
    r"立即",
    r"我们?",
    r"咱们",
    r"但",
    r"可是",
    r"而是",
)


def _check_regex(values: list[str]) -> list[str]:
    for value in values:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"pattern-invalid: {value!r}: {exc}") from exc
    return values


class Pattern(Model):
    """A combination of keyword groups that together express a prohibited claim or act.

    Every group in ``all`` must match within one clause (``scope``); each group is a list of
    regular-expression alternatives. Any match of ``none`` in the same clause clears it (lawful context).
    A match of a group listed in ``negate`` (default: every group) is cleared when a negator precedes it
    in the clause with no breaker in between ("不会联系您的家人" is lawful, "不还就联系你家人" is not).
    """

    id: Id = Field(title="标识")
    all: list[TextList] = Field(default_factory=list, title="同时出现的关键词组", description="每组为正则表达式备选")
    within: int | None = Field(default=None, gt=0, title="最大跨度（字）", description="各组命中须落在这么多字以内")
    none: TextList = Field(default_factory=list, title="排除（合法语境）")
    negate: list[int] | None = Field(
        default=None, title="可被否定的组", description="组的序号，从 0 开始；不填表示全部"
    )
    scope: Literal["clause", "sentence", "text"] = Field(
        default="clause", title="范围", description="分句（逗号）、整句（句号问号）或整段话"
    )
    clock: Literal["outside-window"] | None = Field(
        default=None, title="钟点", description="outside-window：须含 meta.contact_window 以外的钟点"
    )
    registers: list[Literal["spoken", "instruction", "descriptive"]] | None = Field(
        default=None,
        title="适用语域",
        description="只在这些语域使用：spoken（催收员说的话、短信）、instruction（培训、操作说明）、"
        "descriptive（对行为的第三人称叙述，如判决、新闻）；不填表示全部。陈述规则的文字（rule）从不触发",
    )
    note: Text | None = Field(default=None, title="说明")

    @field_validator("all")
    @classmethod
    def _groups_compile(cls, groups: list[list[str]]) -> list[list[str]]:
        for group in groups:
            _check_regex(group)
        return groups

    @field_validator("none")
    @classmethod
    def _none_compiles(cls, values: list[str]) -> list[str]:
        return _check_regex(values)


class Examples(Model):
    """Example sentences; ``handbook validate`` and the tests run them through the lint."""

    violating: TextList = Field(min_length=2, title="违规示例")
    compliant: TextList = Field(min_length=2, title="合规示例")


class ConductRule(Entry):
    """A rule of lawful collection conduct."""

    title_en: Text | None = Field(default=None, title="英文标题")
    severity: Literal["error", "warning"] = Field(title="严重程度")
    kind: Literal["prohibited", "required"] = Field(title="性质", description="禁止或要求")
    description: Text = Field(title="说明")
    basis: list[Ref] = Field(default_factory=list, title="依据", description="如 legal:criminal-law#293-1")
    basis_note: Text | None = Field(default=None, title="依据说明", description="未核实条号时说明为机构政策")
    patterns: list[Pattern] = Field(default_factory=list, title="识别模式")
    exceptions: TextList = Field(default_factory=list, title="例外（正则）", description="整句命中即不报")
    negators: TextList | None = Field(default=None, title="否定词（正则）", description="不填则用默认否定词")
    examples: Examples = Field(title="示例")

    @field_validator("exceptions")
    @classmethod
    def _exceptions_compile(cls, values: list[str]) -> list[str]:
        return _check_regex(values)


class CounterExample(Entry):
    """An unlawful technique taken from a seed, labelled, with the rules it breaks and the lawful way."""

    technique: Text = Field(title="错误做法", description="意译自来源的违规话术或做法")
    breaks: list[Ref] = Field(min_length=1, title="违反的红线", description="conduct:规则id")
    basis: list[Ref] = Field(default_factory=list, title="法律依据")
    why: Text = Field(title="为何违规")
    lawful_alternative: Text = Field(title="合规做法")
    tags: TextList = Field(default_factory=list, title="标签")
