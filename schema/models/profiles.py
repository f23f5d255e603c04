"""Customer types, causes of delinquency and risk grades: how to read a case and what to do about it."""

from __future__ import annotations

from pydantic import Field

from .common import Entry, Ref, Text, TextList


class CustomerType(Entry):
    """A debtor type (e.g. from 贷后催收及沟通技巧): how they sound, behave, and how to respond."""

    voice: TextList = Field(default_factory=list, title="语音特征")
    behaviour: TextList = Field(default_factory=list, title="行为特征")
    strategy: TextList = Field(min_length=1, title="应对策略")
    refs: list[Ref] = Field(default_factory=list, title="引用")


class Cause(Entry):
    """A cause of delinquency (逾期原因)."""

    category: Text = Field(title="类别", description="如 客户方、业务员方、正常逾期、恶意逾期")
    description: Text = Field(title="说明")
    signals: TextList = Field(default_factory=list, title="识别信号")
    strategy: TextList = Field(default_factory=list, title="应对")
    refs: list[Ref] = Field(default_factory=list, title="引用")


class RiskGrade(Entry):
    """A risk grade (风险等级) of an overdue account."""

    level: int = Field(ge=1, le=10, strict=True, title="等级")
    description: Text = Field(title="说明")
    criteria: TextList = Field(default_factory=list, title="判定标准")
    actions: TextList = Field(default_factory=list, title="处置")
    refs: list[Ref] = Field(default_factory=list, title="引用")
