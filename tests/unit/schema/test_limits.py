"""Limits and hostile file-system layouts: each refusal is a located finding, fast, never a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cuishou.schema.check import check_path
from cuishou.schema.loader import Limits
from tests.helpers import run_cli

KPI = 'id: k{n}\ntitle: 指标\nformula: f\nmeaning: m\nsources: [{{seed: "001", section: s}}]\n'


def _rules(root: Path, limits: Limits | None = None) -> list[str]:
    return [f.rule for f in check_path(root, limits).findings]


def test_huge_file_is_refused_by_size(handbook_copy: Path) -> None:
    (handbook_copy / "kpis" / "huge.yaml").write_text("title: " + "长" * 3_000_000 + "\n", encoding="utf-8")
    assert _rules(handbook_copy) == ["parse.too-large"]


def test_file_size_limit_is_configurable_from_the_cli(handbook_copy: Path) -> None:
    result = run_cli("validate", handbook_copy, "--max-file-bytes", "100")
    assert result.code == 1 and "parse.too-large" in result.out, result
    assert run_cli("validate", handbook_copy, "--max-file-bytes", "0").code == 2


def test_very_long_line_is_fine(handbook_copy: Path) -> None:
    long_text = "很长的说明" * 40_000
    (handbook_copy / "kpis" / "long.yaml").write_text(
        KPI.format(n=1).replace("meaning: m", f"meaning: {long_text}"), encoding="utf-8"
    )
    assert _rules(handbook_copy) == []


@pytest.mark.parametrize("depth", [65, 10_000, 300_000])
def test_deep_nesting_is_refused(handbook_copy: Path, depth: int) -> None:
    (handbook_copy / "kpis" / "deep.yaml").write_text("a: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    assert _rules(handbook_copy) == ["parse.too-deep"]


def test_block_nesting_depth_is_configurable(handbook_copy: Path) -> None:
    text = "".join(f"{'  ' * i}k{i}:\n" for i in range(20)) + "  " * 20 + "leaf: 1\n"
    (handbook_copy / "kpis" / "deep.yaml").write_text(text, encoding="utf-8")
    assert _rules(handbook_copy, Limits(max_depth=10)) == ["parse.too-deep"]
    assert "parse.too-deep" not in _rules(handbook_copy)


def test_total_entries_limit(handbook_copy: Path) -> None:
    items = "".join("- " + KPI.format(n=i).replace("\n", "\n  ").rstrip() + "\n" for i in range(50))
    (handbook_copy / "kpis" / "many.yaml").write_text(items, encoding="utf-8")
    assert _rules(handbook_copy) == []
    assert _rules(handbook_copy, Limits(max_entries=20)) == ["limit.entries"]


def test_symlink_outside_the_handbook_is_skipped(handbook_copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: secret\n", encoding="utf-8")
    (handbook_copy / "kpis" / "link.yaml").symlink_to(secret)
    outside_dir = tmp_path / "elsewhere"
    outside_dir.mkdir()
    (outside_dir / "x.yaml").write_text("id: x\n", encoding="utf-8")
    (handbook_copy / "scripts" / "linked-dir").symlink_to(outside_dir, target_is_directory=True)
    assert sorted(_rules(handbook_copy)) == ["parse.symlink-outside", "parse.symlink-outside"]


def test_symlink_inside_the_handbook_is_followed(handbook_copy: Path) -> None:
    (handbook_copy / ".kept").mkdir()  # hidden: the file is read only through the link
    (handbook_copy / "kpis" / "recovery-rate.yaml").rename(handbook_copy / ".kept" / "recovery-rate.yaml")
    (handbook_copy / "kpis" / "recovery-rate.yaml").symlink_to(handbook_copy / ".kept" / "recovery-rate.yaml")
    assert _rules(handbook_copy) == []


def test_a_second_name_for_a_file_is_reported_not_read_twice(handbook_copy: Path) -> None:
    (handbook_copy / "kpis" / "alias.yaml").symlink_to(handbook_copy / "kpis" / "recovery-rate.yaml")
    assert _rules(handbook_copy) == ["parse.symlink-repeat"]


def test_dangling_symlink_and_fifo_do_not_hang(handbook_copy: Path) -> None:
    (handbook_copy / "kpis" / "dangling.yaml").symlink_to(handbook_copy / "nowhere.yaml")
    os.mkfifo(handbook_copy / "kpis" / "pipe.yaml")
    assert _rules(handbook_copy) == ["parse.unreadable"]


def test_unreadable_file_is_a_finding(handbook_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = handbook_copy / "kpis" / "recovery-rate.yaml"
    real = Path.read_bytes

    def deny(self: Path) -> bytes:
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    assert _rules(handbook_copy) == ["parse.unreadable"]


def test_directory_without_yaml_exits_two(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = run_cli("validate", tmp_path)
    assert result.code == 2, result
