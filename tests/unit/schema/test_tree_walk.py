"""The handbook walker every command uses: finite whatever the links, each file once, unreadable folders reported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cuishou.schema.check import check_path
from cuishou.schema.findings import Finding
from cuishou.schema.loader import iter_yaml_files
from tests.helpers import run_cli

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="needs POSIX symlinks")


def _walk(root: Path) -> tuple[list[str], list[tuple[str, str]]]:
    files, findings = [], []
    for item in iter_yaml_files(root):
        if isinstance(item, Finding):
            findings.append((Path(item.file).name, item.rule))
        else:
            files.append(item.relative_to(root).as_posix())
    return files, findings


@needs_symlinks
def test_links_back_to_a_folder_already_read_are_one_finding_each_and_the_walk_ends(mini_copy: Path) -> None:
    before, _ = _walk(mini_copy)
    (mini_copy / "roles" / "a").symlink_to(".")
    (mini_copy / "roles" / "b").symlink_to(".")
    (mini_copy / "roles" / "up").symlink_to("..")
    files, findings = _walk(mini_copy)
    assert files == before
    assert findings == [("a", "parse.symlink-repeat"), ("b", "parse.symlink-repeat"), ("up", "parse.symlink-repeat")]


@needs_symlinks
def test_a_second_path_to_a_folder_or_file_is_reported_not_read_twice(mini_copy: Path) -> None:
    before, _ = _walk(mini_copy)
    # "aaa" sorts before "scripts": the real folder still wins over the link to it
    (mini_copy / "aaa").symlink_to("scripts")
    (mini_copy / "scripts" / "again.yaml").symlink_to("first-call.yaml")
    files, findings = _walk(mini_copy)
    assert files == before
    assert sorted(findings) == [("aaa", "parse.symlink-repeat"), ("again.yaml", "parse.symlink-repeat")]


@needs_symlinks
def test_a_link_to_a_folder_not_read_otherwise_is_followed(mini_copy: Path) -> None:
    before, _ = _walk(mini_copy)
    (mini_copy / "kpis").rename(mini_copy / ".kept-kpis")  # hidden: read only through the link
    (mini_copy / "kpis").symlink_to(".kept-kpis")
    assert _walk(mini_copy) == (before, [])


@needs_symlinks
def test_validate_with_two_loops_finishes_with_two_findings(mini_copy: Path) -> None:
    (mini_copy / "roles" / "a").symlink_to(".")
    (mini_copy / "roles" / "b").symlink_to(".")
    proc = subprocess.run(
        [sys.executable, "-m", "cuishou", "validate", str(mini_copy)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert [line.split()[2] for line in proc.stdout.splitlines()] == ["parse.symlink-repeat"] * 2


def test_an_unreadable_kind_folder_is_one_finding_and_references_into_it_are_not_missing(
    mini_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_scandir = os.scandir
    roles = mini_copy / "roles"

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path) == roles:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = check_path(mini_copy)
    assert [(Path(f.file).name, f.rule) for f in result.findings] == [("roles", "parse.unreadable")]
    assert "无法读取文件夹" in result.findings[0].message("zh")


def test_an_unreadable_handbook_folder_is_a_plain_usage_error(mini_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path) == mini_copy:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run_cli("validate", mini_copy)
    assert result.code == 2 and "无法读取" in result.err and "无法写入" not in result.err, result


def test_an_unexpected_os_error_is_not_called_a_failed_write(monkeypatch: pytest.MonkeyPatch, mini_copy: Path) -> None:
    import cuishou.schema.check as check

    def fail(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", "hb/roles/x.yaml")

    monkeypatch.setattr(check, "check_path", fail)
    result = run_cli("validate", mini_copy)
    assert result.code == 2 and "hb/roles/x.yaml" in result.err and "无法写入" not in result.err, result
