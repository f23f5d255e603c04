"""Course: a training course as sessions of timed modules, with objectives, activities and assessment."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Entry, Id, Minutes, Model, Ref, Text, TextList

ActivityKind = Literal["role_play", "case_study", "discussion", "exercise", "demo", "quiz", "homework"]
ModuleKind = Literal["lecture", "practice", "break", "discussion", "assessment"]


class Activity(Model):
    """A classroom activity: 情景演练 roles, 案例分析 questions, instructions for the trainer."""

    kind: ActivityKind = Field(title="活动类型")
    title: Text = Field(title="名称")
    instructions: TextList = Field(default_factory=list, title="组织步骤", description="给培训师的活动说明")
    roles: TextList = Field(default_factory=list, title="角色", description="情景演练中的角色")
    questions: TextList = Field(default_factory=list, title="讨论问题", description="案例分析的问题")


class Module(Model):
    """One timed block of a session."""

    id: Id = Field(title="标识")
    title: Text = Field(title="标题")
    kind: ModuleKind = Field(default="lecture", title="类型")
    minutes: Minutes = Field(title="时长（分钟）", description="正整数；来源未给出时写 unknown")
    minutes_note: Text | None = Field(default=None, title="时长说明", description="时长未知或调整的原因")
    objectives: TextList = Field(default_factory=list, title="学习目标")
    topics: TextList = Field(default_factory=list, title="要点")
    activities: list[Activity] = Field(default_factory=list, title="课堂活动")
    timing_cue: Text | None = Field(default=None, title="时间提示", description="给培训师的节奏提示")
    refs: list[Ref] = Field(default_factory=list, title="引用", description="如 procedure:early-dpd、script:first-call")
    author_notes: TextList = Field(
        default_factory=list,
        title="编写备注",
        description="只给编写者和审核者看（待补内容、取舍理由）；不导出到学员材料",
    )


class Session(Model):
    """A sitting of the course (half-day, day, chapter)."""

    id: Id = Field(title="标识")
    title: Text = Field(title="标题")
    modules: list[Module] = Field(min_length=1, title="模块")


class AssessmentItem(Model):
    """How learning is checked (案例分析, 模拟演练, 课后作业, 测验)."""

    method: Text = Field(title="方式")
    description: Text = Field(title="说明")
    weight_percent: int | None = Field(default=None, ge=0, le=100, title="权重（%）")


class Course(Entry):
    """A course outline (课程大纲 / 培训教案)."""

    audience: Text = Field(title="对象")
    summary: Text | None = Field(default=None, title="简介")
    total_minutes: Minutes = Field(title="总时长（分钟）", description="各模块分钟数之和；未知写 unknown")
    total_note: Text | None = Field(default=None, title="总时长说明", description="来源与数据不一致时的说明")
    objectives: TextList = Field(min_length=1, title="课程目标")
    sessions: list[Session] = Field(min_length=1, title="课次")
    assessment: list[AssessmentItem] = Field(default_factory=list, title="教学评价")
    follow_up: TextList = Field(default_factory=list, title="课后延伸")
    refs: list[Ref] = Field(default_factory=list, title="引用")
