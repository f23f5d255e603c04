"""Handbook metadata: title, version, language, effective date, owners, data-model version."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict, StringConstraints

from .common import Date, Model, Text, TextList

SemVer = Annotated[str, Strict(), StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]


class Meta(Model):
    """The one ``meta.yaml`` at the root of the handbook."""

    title: Text = Field(title="手册名称")
    version: SemVer = Field(title="手册版本", description="如 1.0.0（请加引号）")
    schema_version: SemVer = Field(title="数据模型版本", description="本手册按哪个数据模型版本编写")
    language: Literal["zh-CN"] = Field(title="语言")
    effective: Date = Field(title="生效日期")
    owners: TextList = Field(min_length=1, title="负责人")
    organisation: Text | None = Field(default=None, title="机构")
    contact_window: Text = Field(
        default="08:00-22:00", title="允许联系时段", description="如 08:00-21:00；GB/T 45251—2025 禁止 22:00—08:00"
    )
    conduct_model: bool = Field(
        default=True,
        title="红线统计模型",
        description="红线检查在模式之外是否使用随工具发布的统计模型（识别改写的违规说法）；false 只用模式",
    )
