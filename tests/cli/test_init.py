"""``handbook init``: a new handbook repository validates clean, its files' modelines resolve, and the
editor, pre-commit and CI files it writes are accepted by the tools that read them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cuishou.schema.json_schema import MODELINE_PREFIX, generate_all, render_schema
from cuishou.schema.layout import packaged_schema_dir
from tests.helpers import run_cli
from tests.schema_tool import check_jsonschema

BIN = Path(sys.executable).parent


def _init(target: Path, *args: str) -> None:
    result = run_cli("init", target, *args)
    assert result.code == 0, result
    assert result.out.strip() == str(target)


def _modeline_target(file: Path) -> Path | None:
    first = file.read_text(encoding="utf-8").split("\n", 1)[0]
    if not first.startswith(MODELINE_PREFIX):
        return None
    return (file.parent / first[len(MODELINE_PREFIX) :]).resolve()


@pytest.mark.parametrize("variant", [(), ("--bare",), ("--example",)], ids=["red-lines", "bare", "example"])
def test_new_repository_validates_clean_and_every_modeline_resolves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variant: tuple[str, ...]
) -> None:
    repo = tmp_path / "org-handbook"
    _init(repo, "--organisation", "某消费金融公司", *variant)
    monkeypatch.chdir(repo)
    result = run_cli("validate")
    assert result.code == 0 and result.out == "", result
    yaml_files = sorted((repo / "handbook").rglob("*.yaml"))
    assert yaml_files
    by_schema: dict[Path, list[Path]] = {}
    for file in yaml_files:
        schema = _modeline_target(file)
        assert schema is not None and schema.is_file(), file
        by_schema.setdefault(schema, []).append(file)
    for schema, files in by_schema.items():  # a third-party validator reads each file with its schema
        checked = check_jsonschema(schema, *files)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    if variant == ():
        conduct = list((repo / "handbook" / "conduct").glob("*.yaml"))
        assert len(conduct) >= 10, "the red lines come with the repository"


def test_new_entries_inside_it_get_modelines_that_resolve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "hb"
    _init(repo, "--bare")
    monkeypatch.chdir(repo / "handbook" / "courses")  # an author working deep inside the repository
    result = run_cli("new", "script", "first-call")
    assert result.code == 0, result
    created = repo / "handbook" / "scripts" / "first-call.yaml"
    assert created.is_file()
    assert _modeline_target(created) == (repo / "schema" / "json" / "script.schema.json").resolve()
    assert run_cli("validate").code == 1  # the placeholders still need filling in


def test_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    repo = tmp_path / "hb"
    (repo / "handbook").mkdir(parents=True)
    (repo / "handbook" / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_cli("init", repo)
    assert result.code == 2 and "handbook" in result.err, result
    assert sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*")) == ["handbook", "handbook/notes.txt"]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert run_cli("init", tmp_path / "file").code == 2


def test_a_freshly_git_initialised_folder_is_fine(tmp_path: Path) -> None:
    repo = tmp_path / "hb"
    (repo / ".git").mkdir(parents=True)
    _init(repo, "--bare")
    assert (repo / "handbook" / "meta.yaml").is_file()


def test_editor_settings_map_every_kind_to_an_existing_schema(tmp_path: Path) -> None:
    _init(tmp_path / "hb", "--bare")
    settings = json.loads((tmp_path / "hb" / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    globs = settings["yaml.schemas"]
    assert len(globs) == len(generate_all()) - 1  # every file kind; the bundle is not a YAML file
    for schema, patterns in globs.items():
        assert (tmp_path / "hb" / schema).is_file(), schema
        assert all(p.startswith("handbook/") for p in patterns)
    extensions = json.loads((tmp_path / "hb" / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert extensions["recommendations"] == ["redhat.vscode-yaml"]


def test_ci_workflow_is_a_valid_github_workflow(tmp_path: Path) -> None:
    _init(tmp_path / "hb", "--bare", "--tool", "cuishou-handbook @ git+https://example.invalid/t.git@v1")
    workflow = tmp_path / "hb" / ".github" / "workflows" / "handbook.yml"
    checked = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    runs = [step.get("run", "") for step in data["jobs"]["validate"]["steps"]]
    assert "handbook validate handbook --format github" in runs
    assert data["env"]["HANDBOOK_TOOL"] == "cuishou-handbook @ git+https://example.invalid/t.git@v1"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_runs_the_hooks_on_the_new_repository(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    repo = tmp_path / "hb"
    _init(repo)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "PRE_COMMIT_HOME": str(tmp_path)}
    env.pop("GITHUB_ACTIONS", None)

    def run(*cmd: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, encoding="utf-8", check=False)

    assert run(sys.executable, "-m", "pre_commit", "validate-config").returncode == 0
    assert run("git", "init", "-q").returncode == 0
    assert run("git", "add", "-A").returncode == 0
    passed = run(sys.executable, "-m", "pre_commit", "run", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"handbook validate\.+Passed", passed.stdout), passed.stdout
    # a commit that only deletes a cited instrument must still be checked (pre-commit passes no files)
    (repo / "handbook" / "legal" / "criminal-law.yaml").unlink()
    run("git", "add", "-A")
    failed = run(sys.executable, "-m", "pre_commit", "run")
    assert failed.returncode == 1 and "ref.unresolved" in failed.stdout, failed.stdout


def test_remote_hook_form_names_this_project_hook(tmp_path: Path) -> None:
    _init(tmp_path / "hb", "--bare", "--hook-repo", "https://git.example.invalid/tools/handbook", "--hook-rev", "v9")
    config = yaml.safe_load((tmp_path / "hb" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    assert (repo["repo"], repo["rev"]) == ("https://git.example.invalid/tools/handbook", "v9")
    offered = yaml.safe_load((Path(__file__).parents[2] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in repo["hooks"]] == [offered[0]["id"]]


def test_schema_where_points_at_current_schemas() -> None:
    result = run_cli("schema", "--where")
    assert result.code == 0, result
    where = Path(result.out.strip())
    assert where == packaged_schema_dir()
    for name, schema in generate_all().items():
        assert (where / name).read_text(encoding="utf-8") == render_schema(schema), name


def test_unreadable_contact_window_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    result = run_cli("init", tmp_path / "hb", "--contact-window", "08：00-21：00")
    assert result.code == 2 and "HH:MM-HH:MM" in result.err, result
    assert not (tmp_path / "hb").exists()
