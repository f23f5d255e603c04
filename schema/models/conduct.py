"""Conduct rule (红线) and counter-example (错误示范): lawful-collection rules as data the lint runs."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Entry, Id, Model, Ref, Text, TextList


class Pattern(Model):
    """A combination of keyword groups that together express a prohibited claim or act.

    Every group in ``all`` must match within one clause (each group is a list of regular-expression
    alternatives); any match of ``none`` in the same clause clears it (negation, lawful context).
    """

    id: Id = Field(title="标识")
    all: list[TextList] = Field(min_length=1, title="同时出现的关键词组")
    none: TextList = Field(default_factory=list, title="排除（否定或合法语境）")
    note: Text | None = Field(default=None, title="说明")


class Examples(Model):
    """Example sentences; the tests run them through the lint."""

    violating: TextList = Field(min_length=2, title="违规示例")
    compliant: TextList = Field(min_length=2, title="合规示例")


class ConductRule(Entry):
    """A rule of lawful collection conduct."""

    severity: Literal["error", "warning"] = Field(title="严重程度")
    kind: Literal["prohibited", "required"] = Field(title="性质", description="禁止或要求")
    description: Text = Field(title="说明")
    basis: list[Ref] = Field(default_factory=list, title="依据", description="如 legal:criminal-law#293-1")
    basis_note: Text | None = Field(default=None, title="依据说明", description="未核实条号时说明为机构政策")
    patterns: list[Pattern] = Field(default_factory=list, title="识别模式")
    exceptions: TextList = Field(default_factory=list, title="例外（正则）")
    examples: Examples = Field(title="示例")


class CounterExample(Entry):
    """An unlawful technique taken from a seed, labelled, with the rules it breaks and the lawful way."""

    technique: Text = Field(title="错误做法", description="意译自来源的违规话术或做法")
    breaks: list[Ref] = Field(min_length=1, title="违反的红线", description="conduct:规则id")
    basis: list[Ref] = Field(default_factory=list, title="法律依据")
    why: Text = Field(title="为何违规")
    lawful_alternative: Text = Field(title="合规做法")
    tags: TextList = Field(default_factory=list, title="标签")
