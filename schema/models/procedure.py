"""Procedure: the collection lifecycle as stages by days past due, with steps, evidence and escalation."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .common import ID_PATTERN, Entry, Id, Model, Ref, Text, TextList

Channel = Literal["phone", "sms", "letter", "email", "app", "visit", "lawyer", "court", "internal"]


class DayWindow(Model):
    """Days past due covered by a stage; ``to`` absent means open-ended (e.g. M3+)."""

    from_: int = Field(alias="from", ge=-60, title="起始逾期天数", description="负数表示到期日前")
    to: int | None = Field(default=None, ge=-60, title="截止逾期天数", description="含当日；不填表示不设上限")

    @model_validator(mode="after")
    def _ordered(self) -> DayWindow:
        if self.to is not None and self.to < self.from_:
            raise ValueError("window-order")
        return self


class Step(Model):
    """One thing someone does in a stage."""

    id: Id = Field(title="标识")
    actor: Text = Field(title="执行人")
    action: Text = Field(title="动作")
    channel: Channel | None = Field(default=None, title="渠道")
    timing: Text | None = Field(default=None, title="时间要求")
    evidence: TextList = Field(default_factory=list, title="留存证据")


class Evidence(Model):
    """A record to keep, and why (诉讼时效, disputes, audits)."""

    item: Text = Field(title="证据")
    why: Text = Field(title="原因")


class Escalation(Model):
    """When a case moves on, and to which stage (``procedure:ID#STAGE``)."""

    to: Ref = Field(
        title="升级到",
        description="procedure:流程id#阶段id",
        # validate's dpd.escalation-target explains a wrong target; editors get the same constraint from this
        json_schema_extra={"pattern": rf"^procedure:{ID_PATTERN[1:-1]}#{ID_PATTERN[1:-1]}$"},
    )
    condition: Text = Field(title="条件")


class Stage(Model):
    """A stage of a procedure."""

    id: Id = Field(title="标识")
    title: Text = Field(title="标题")
    days: DayWindow | None = Field(default=None, title="逾期天数范围", description="法律程序阶段可不填")
    goal: Text = Field(title="目标")
    channels: list[Channel] = Field(min_length=1, title="允许渠道")
    contacts: TextList = Field(default_factory=list, title="可联系对象")
    steps: list[Step] = Field(default_factory=list, title="步骤")
    evidence: list[Evidence] = Field(default_factory=list, title="留存证据")
    escalation: list[Escalation] = Field(default_factory=list, title="升级")
    refs: list[Ref] = Field(default_factory=list, title="引用")


class Procedure(Entry):
    """A collection procedure (催收流程)."""

    summary: Text = Field(title="简介")
    principles: TextList = Field(default_factory=list, title="原则")
    stages: list[Stage] = Field(min_length=1, title="阶段")
    refs: list[Ref] = Field(default_factory=list, title="引用")
