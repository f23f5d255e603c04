"""Shared fixtures: the shipped handbook, a writable copy of it, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "handbook"


@pytest.fixture
def handbook_copy(tmp_path: Path) -> Path:
    """A copy of the shipped handbook that a test may break."""
    target = tmp_path / "handbook"
    shutil.copytree(SHIPPED, target)
    return target


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """``handbook validate`` picks the github format under GitHub Actions; tests choose formats explicitly."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
