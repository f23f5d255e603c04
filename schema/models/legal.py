"""Legal instrument with its articles, status and dates, so citations can be checked for currency."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, Strict, StringConstraints, model_validator

from .common import Date, Entry, Model, Ref, Text, TextList

InstrumentKind = Literal[
    "law",
    "judicial_interpretation",
    "judicial_policy",
    "administrative_regulation",
    "departmental_rule",
    "normative_document",
    "national_standard",
    "self_regulation",
    "foreign",
]
Status = Literal["in_force", "amended", "repealed", "superseded", "not_yet_effective"]
Confidence = Literal["V2", "V1", "MEM"]
#: article number as written in references: 188, 293-1 (之一), 238-3 (第3款)
ArticleNumber = Annotated[str, Strict(), StringConstraints(pattern=r"^[0-9]+(?:-[0-9]+)*$")]


class Article(Model):
    """One article (条) of an instrument."""

    number: ArticleNumber = Field(title="条号", description="阿拉伯数字，如 188；“之一”写作 293-1；款写作 238-3")
    label: Text = Field(title="显示名称", description="如 第一百八十八条、第293条之一")
    summary: Text = Field(title="要旨", description="这一条本身说了什么（意译，不是原文）；不写对催收的引申")
    commentary: Text | None = Field(
        default=None,
        title="适用说明",
        description="这一条如何适用于催收（手册的解读，作为说明单独印出，不当作条文内容）",
    )
    topics: TextList = Field(default_factory=list, title="主题")
    confidence: Confidence = Field(default="V2", title="核实程度")


class Legal(Entry):
    """A statute, interpretation, rule or standard."""

    # the rule below, for editors and third-party schema checks too
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"required": ["status"], "properties": {"status": {"enum": ["repealed", "superseded"]}}},
            "then": {
                "title": "已废止或被替代：写明替代者或废止日期",
                "anyOf": [
                    {"required": ["superseded_by"], "properties": {"superseded_by": {"type": "string"}}},
                    {"required": ["repealed"], "properties": {"repealed": {"type": "string"}}},
                ],
            },
        }
    )

    short_title: Text = Field(title="简称")
    kind: InstrumentKind = Field(title="类型")
    issuer: Text = Field(title="制定机关")
    number: Text | None = Field(default=None, title="文号")
    promulgated: Date | None = Field(default=None, title="公布日期")
    effective: Date | None = Field(default=None, title="施行日期")
    repealed: Date | None = Field(default=None, title="废止日期")
    status: Status = Field(title="状态")
    superseded_by: Ref | None = Field(default=None, title="替代者", description="如 legal:civil-code")
    confidence: Confidence = Field(title="核实程度", description="V2 两个来源核实；V1 一个来源；MEM 未核实")
    history: bool = Field(default=False, strict=True, title="仅作沿革", description="条目只讲法律沿革时为 true")
    notes: TextList = Field(default_factory=list, title="备注")
    articles: list[Article] = Field(default_factory=list, title="条文")

    @model_validator(mode="after")
    def _successor_named(self) -> Legal:
        if self.status in ("repealed", "superseded") and self.superseded_by is None and self.repealed is None:
            raise ValueError("legal-status-incomplete")
        return self
