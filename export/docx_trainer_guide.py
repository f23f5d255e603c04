"""Trainer guide (培训师手册), one per course: the handout plus timing cues, activity instructions,
assessment, examples under each red line and the counter-examples (错误示范) with the lawful alternative."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from .base import Selection
from .docx_handout import build_course_book, selected_courses
from .docx_plan import PlannedDocument

if TYPE_CHECKING:
    from ..schema.models.handbook import Handbook

__all__ = ["KIND", "plan"]

KIND = "trainer"


def plan(handbook: Handbook, selection: Selection) -> list[PlannedDocument]:
    return [
        PlannedDocument(
            f"{record.entry.id}-trainer-guide",
            functools.partial(build_course_book, handbook, record, trainer=True),
        )
        for record in selected_courses(handbook, selection)
    ]
