"""The trainer guide: the handout plus timing cues, activity instructions, assessment and 错误示范."""

from __future__ import annotations

from typing import Any

import pytest

from cuishou.export.docx_handout import build_course_book
from cuishou.schema.models.handbook import Handbook
from tests.unit.export.docs import all_text, headings, open_doc, rows, table_with_header


@pytest.fixture(scope="module")
def guide(rich: Handbook) -> Any:
    return open_doc(build_course_book(rich, rich.entries["course"]["rich-course"], trainer=True))


def test_trainer_material_present(guide: Any) -> None:
    text = all_text(guide)
    assert "前五分钟破冰" in text  # timing cue
    assert "分组讨论十分钟" in text and "原因是什么？" in text  # case-study instructions and questions
    assert "角色：" in text and "催收员、借款人" in text  # role-play roles
    assert rows(table_with_header(guide, "方式"))[1] == ["测验", "闭卷", "40%"]


def test_counter_examples_marked_with_rule_and_alternative(rich: Handbook, guide: Any) -> None:
    assert "错误示范" in headings(guide, 1)
    text = all_text(guide)
    for record in rich.records("counter_example"):
        entry: Any = record.entry
        assert f"错误示范｜{entry.title}" in text
        assert entry.lawful_alternative in text
        for ref in entry.breaks:
            broken = rich.resolve(ref)
            assert broken is not None and broken.entry.title in text


def test_handout_lacks_trainer_material(rich: Handbook) -> None:
    handout = open_doc(build_course_book(rich, rich.entries["course"]["rich-course"]))
    assert "前五分钟破冰" not in all_text(handout)
    assert "教学评价" not in headings(handout)
