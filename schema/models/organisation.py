"""KPIs, roles and team practice: how collection work is organised and measured."""

from __future__ import annotations

from pydantic import Field

from .common import Entry, Model, Ref, Text, TextList


class Kpi(Entry):
    """A key performance indicator with its formula."""

    formula: Text = Field(title="公式")
    meaning: Text = Field(title="含义")
    target: Text | None = Field(default=None, title="目标值", description="机构内部目标，不是法律要求")
    caveats: TextList = Field(default_factory=list, title="注意", description="指标不得诱导违规的提醒")
    refs: list[Ref] = Field(default_factory=list, title="引用")


class Role(Entry):
    """A role in the collection team."""

    duties: TextList = Field(min_length=1, title="职责")
    authority: TextList = Field(default_factory=list, title="权限")
    assessment: TextList = Field(default_factory=list, title="考核项目")
    refs: list[Ref] = Field(default_factory=list, title="引用")


class TeamSection(Model):
    """One heading of team practice with its points."""

    title: Text = Field(title="标题")
    points: TextList = Field(min_length=1, title="要点")


class Team(Entry):
    """Team practice: 组建要求, 培训方案, 绩效考核."""

    sections: list[TeamSection] = Field(min_length=1, title="内容")
    refs: list[Ref] = Field(default_factory=list, title="引用")
