"""Cases on disk: each folder under ``tests/cases/{valid,invalid}/`` is laid over a copy of the shipped
handbook and validated. Valid cases must give no findings; invalid ones give exactly the findings listed
in their ``expect.txt`` (``path:line:col rule`` per line, path relative to the handbook).

Add a case by adding a folder; run ``pytest tests/test_cases.py --update-golden`` to (re)write
``expect.txt`` from the current output, then review it with ``git diff``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cuishou.schema.check import check_path
from tests.conftest import SHIPPED

CASES = Path(__file__).parent / "cases"
EXPECT = "expect.txt"


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in (CASES / kind).iterdir() if p.is_dir())


def _run(case: Path, tmp_path: Path) -> list[str]:
    root = tmp_path / "handbook"
    shutil.copytree(SHIPPED, root)
    for src in case.rglob("*"):
        if src.is_file() and src.name != EXPECT:
            dest = root / src.relative_to(case)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
    result = check_path(root)
    lines = []
    for f in result.findings:
        assert f.line >= 1 and f.col >= 1, f
        assert f.message("zh") and f.message("en"), f
        rel = Path(f.file).resolve().relative_to(root.resolve())
        lines.append(f"{rel.as_posix()}:{f.line}:{f.col} {f.rule}")
    return lines


@pytest.mark.parametrize("case", _cases("valid"), ids=lambda p: p.name)
def test_valid_case(case: Path, tmp_path: Path) -> None:
    assert _run(case, tmp_path) == []


@pytest.mark.parametrize("case", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_case(case: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    found = _run(case, tmp_path)
    expect_file = case / EXPECT
    if request.config.getoption("--update-golden"):
        expect_file.write_text("".join(f"{line}\n" for line in found), encoding="utf-8")
    assert found, "an invalid case must produce at least one finding"
    assert found == expect_file.read_text(encoding="utf-8").splitlines()
