"""pre-commit integration: the offered hook and our own hooks run real ``handbook`` commands that pass."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from cuishou.cli import COMMAND_BY_NAME
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]


def _hooks(name: str) -> list[dict[str, object]]:
    data = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    if name == ".pre-commit-config.yaml":
        return [hook for repo in data["repos"] for hook in repo["hooks"]]
    assert isinstance(data, list)
    return data


def test_offered_hook_validates_the_handbook(monkeypatch: pytest.MonkeyPatch) -> None:
    [hook] = _hooks(".pre-commit-hooks.yaml")
    assert {"id", "name", "entry", "language"} <= set(hook)
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    files = re.compile(str(hook["files"]))
    assert files.search("handbook/courses/basics.yaml") and files.search("meta.yml")
    assert not files.search("README.md")
    program, command, *args = shlex.split(str(hook["entry"]))
    assert (program, command) == ("handbook", "validate")
    monkeypatch.chdir(ROOT)
    result = run_cli(command, *args)
    assert result.code == 0, result


def test_dogfood_hooks_run_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    hooks = _hooks(".pre-commit-config.yaml")
    assert "handbook-validate" in {h["id"] for h in hooks}
    for hook in hooks:
        program, command, *args = shlex.split(str(hook["entry"]))
        assert program == ".venv/bin/handbook" and command in COMMAND_BY_NAME
        re.compile(str(hook["files"]))
        result = run_cli(command, *args)
        assert result.code == 0, (hook["id"], result)
