"""Scaffold text: modeline first, the id, then only commented placeholders (the file is inert until filled)."""

from __future__ import annotations

import pytest
import yaml

from cuishou.schema.json_schema import kind_schema
from cuishou.schema.models import KINDS
from cuishou.schema.scaffold import render_scaffold


@pytest.mark.parametrize("kind", list(KINDS))
def test_only_the_id_is_live_until_placeholders_are_uncommented(kind: str) -> None:
    text = render_scaffold(kind, "new-entry", "# yaml-language-server: $schema=x.json")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=x.json"
    live = [line for line in lines if not line.startswith("#")]
    assert live == ["id: new-entry"]
    assert yaml.safe_load(text) == {"id": "new-entry"}


def test_placeholders_carry_titles_and_choices() -> None:
    text = render_scaffold("legal", "x", "#")
    assert "# status:  # 状态；可选：in_force、amended、repealed、superseded、not_yet_effective" in text
    assert "# kind:  # 类型；可选：law、" in text
    course = render_scaffold("course", "x", "#")
    # nested required lists are shown down to the module, with the minutes rule in words
    assert "#       - id:  # 标识" in course
    assert "minutes:  # 时长（分钟）：正整数；来源未给出时写 unknown" in course


def test_list_minimum_gives_that_many_items() -> None:
    text = render_scaffold("conduct_rule", "x", "#")
    minimum = kind_schema("conduct_rule")["$defs"]["Examples"]["properties"]["violating"]["minItems"]
    assert text.count("# 违规示例（一项）") == minimum
