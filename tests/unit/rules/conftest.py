"""Fixtures for rule tests: write a tiny handbook (meta plus the given files) and load it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cuishou.schema.check import load_handbook
from cuishou.schema.models.handbook import Handbook

META = """\
title: 测试手册
version: "0.1.0"
schema_version: "1.0.0"
language: zh-CN
effective: "2026-12-01"
owners: [测试]
contact_window: "08:00-22:00"
"""

MakeHandbook = Callable[[dict[str, str]], Handbook]


@pytest.fixture
def make_handbook(tmp_path: Path) -> MakeHandbook:
    """Write ``{relative path: YAML text}`` under a fresh root with a meta.yaml and build it."""

    def make(files: dict[str, str]) -> Handbook:
        root = tmp_path / "hb"
        root.mkdir(exist_ok=True)
        (root / "meta.yaml").write_text(META, encoding="utf-8")
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        handbook, findings = load_handbook(root)
        assert [f for f in findings if f.rule.startswith(("parse.", "schema."))] == [], findings
        return handbook

    return make
