"""The benchmark runs end to end on the smallest size (timings are not asserted: they are not stable)."""

from __future__ import annotations

from pathlib import Path

from bench.generate import generate
from bench.run import main
from cuishou.schema.check import check_path


def test_generated_handbook_validates_clean(tmp_path: Path) -> None:
    root = generate(150, tmp_path / "hb")
    result = check_path(root)
    assert result.errors() == []
    assert result.handbook.count() >= 140


def test_generation_is_deterministic(tmp_path: Path) -> None:
    a = generate(60, tmp_path / "a")
    b = generate(60, tmp_path / "b")
    files_a = sorted(p.relative_to(a) for p in a.rglob("*.yaml"))
    assert files_a == sorted(p.relative_to(b) for p in b.rglob("*.yaml"))
    assert all((a / p).read_bytes() == (b / p).read_bytes() for p in files_a)


def test_benchmark_runs_on_size_s(tmp_path: Path) -> None:
    report = tmp_path / "results.md"
    args = ["--sizes", "S", "--repeats", "1", "--report", str(report), "--workdir", str(tmp_path / "w"), "--no-pdf"]
    assert main(args) == 0
    text = report.read_text(encoding="utf-8")
    assert "| floor |" in text and "| validate |" in text
    assert "validate / floor at S" in text
    assert "`export docx --kind all` of the shipped handbook" in text  # the set as a ratio to validate
    assert "website of the shipped handbook, no search index / validate" in text
