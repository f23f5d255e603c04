"""pre-commit integration: the offered hook and our own hooks run real ``handbook`` commands that pass."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
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
    # a deletion changes no file pre-commit would pass: the whole-handbook check must not depend on one
    assert all(h.get("always_run") for h in hooks if h["id"] == "handbook-validate")
    for hook in hooks:
        program, command, *args = shlex.split(str(hook["entry"]))
        assert program == ".venv/bin/handbook" and command in COMMAND_BY_NAME
        re.compile(str(hook["files"]))
        result = run_cli(command, *args)
        assert result.code == 0, (hook["id"], result)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_offered_hook_checks_a_commit_that_only_deletes_an_entry(tmp_path: Path) -> None:
    """pre-commit passes no file for a deletion; the offered hook's own settings must still make it run.

    The hook is declared exactly as .pre-commit-hooks.yaml offers it (files, always_run, pass_filenames …),
    as a local hook on the installed ``handbook``, and driven by pre-commit itself on a real commit.
    """
    pytest.importorskip("pre_commit")
    [offered] = _hooks(".pre-commit-hooks.yaml")
    hook = {**offered, "language": "system", "args": ["handbook"]}
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "handbook", repo / "handbook")
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "PRE_COMMIT_HOME": str(tmp_path)}
    env.pop("GITHUB_ACTIONS", None)

    def run(*cmd: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, encoding="utf-8", check=False)

    git = ("git", "-c", "user.email=t@example.invalid", "-c", "user.name=t")
    assert run("git", "init", "-q").returncode == 0
    assert run("git", "add", "-A").returncode == 0 and run(*git, "commit", "-qm", "handbook").returncode == 0
    assert run("git", "rm", "-q", "handbook/legal/criminal-law.yaml").returncode == 0
    staged = run("git", "diff", "--cached", "--name-status").stdout
    assert staged.strip() == "D\thandbook/legal/criminal-law.yaml", staged
    checked = run(sys.executable, "-m", "pre_commit", "run")
    assert checked.returncode == 1 and "ref.unresolved" in checked.stdout, checked.stdout + checked.stderr
