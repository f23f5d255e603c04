"""Handbook metadata: title, version, language, effective date, owners, data-model version."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, Strict, StringConstraints, field_validator

from .common import Date, Model, Text, TextList

__all__ = ["CONTACT_WINDOW_PATTERN", "Meta", "contact_window_minutes"]

SemVer = Annotated[str, Strict(), StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]

#: ``08:00-21:00``: what the conduct lint reads as the hours collectors may call (ASCII digits and colons;
#: the dash may be -, –, —, ~, 至 or 到). The lint has no other source for the window, so anything else is refused.
CONTACT_WINDOW_PATTERN = r"^ *([01]?[0-9]|2[0-4]):([0-5][0-9]) *[-–—~至到] *([01]?[0-9]|2[0-4]):([0-5][0-9]) *$"
_WINDOW = re.compile(CONTACT_WINDOW_PATTERN)


def contact_window_minutes(window: str) -> tuple[int, int] | None:
    """``"08:00-21:00"`` as (start, end) minutes of the day, or None unless it is a real, non-empty window."""
    m = _WINDOW.fullmatch(window)
    if m is None:
        return None
    start, end = int(m[1]) * 60 + int(m[2]), int(m[3]) * 60 + int(m[4])
    return (start, end) if start < end <= 24 * 60 else None


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
        default="08:00-22:00",
        title="允许联系时段",
        description="如 08:00-21:00（半角数字和冒号）；GB/T 45251—2025 禁止 22:00—08:00",
        json_schema_extra={"pattern": CONTACT_WINDOW_PATTERN},
    )
    conduct_model: bool = Field(
        default=True,
        title="红线统计模型",
        description="红线检查在模式之外是否使用随工具发布的统计模型（识别改写的违规说法）；false 只用模式",
    )

    @field_validator("contact_window")
    @classmethod
    def _window_is_readable(cls, window: str) -> str:
        # the conduct lint's clock-time rule reads this window; one it cannot read must not pass silently
        if contact_window_minutes(window) is None:
            raise ValueError("contact-window")
        return window
