"""Script (话术): a lawful call or visit dialogue for one scenario."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Entry, Model, Ref, Text, TextList

Speaker = Literal["collector", "debtor", "third_party", "guarantor", "supervisor"]


class Turn(Model):
    """One utterance."""

    speaker: Speaker = Field(title="说话人")
    text: Text = Field(title="内容")
    note: Text | None = Field(default=None, title="说明", description="给学员的提示")


class Script(Entry):
    """A script for one scenario."""

    scenario: Text = Field(title="场景")
    stage: Ref | None = Field(default=None, title="适用阶段", description="procedure:流程id#阶段id")
    goal: Text | None = Field(default=None, title="目标")
    turns: list[Turn] = Field(min_length=1, title="对话")
    dos: TextList = Field(default_factory=list, title="应当")
    donts: TextList = Field(default_factory=list, title="不得")
    refs: list[Ref] = Field(default_factory=list, title="引用")
