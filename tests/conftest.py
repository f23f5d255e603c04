"""Shared fixtures: the shipped handbook, a writable copy of it, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "handbook"
#: a small frozen handbook (one entry per kind) for tests that point at exact lines; the shipped
#: content keeps growing, this one does not
MINI = Path(__file__).resolve().parent / "fixtures" / "mini-handbook"


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A copy of the frozen mini handbook that a test may break."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def handbook_copy(tmp_path: Path) -> Path:
    """A copy of the shipped handbook that a test may break."""
    target = tmp_path / "handbook"
    shutil.copytree(SHIPPED, target)
    return target


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite expected outputs (tests/cases/*/expect.txt, golden files) from the current output",
    )


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """``handbook validate`` picks the github format under GitHub Actions; tests choose formats explicitly."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
