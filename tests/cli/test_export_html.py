"""``handbook export html`` end to end: the site's files on stdout, refusal on errors, no partial site."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SHIPPED
from tests.helpers import run_cli


def test_exports_the_site_and_lists_its_files(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_cli("export", "html", "--out", out, "--handbook", SHIPPED)
    assert result.code == 0 and result.err == "", result
    listed = {Path(line) for line in result.out.splitlines()}
    on_disk = {p for p in out.rglob("*") if p.is_file() and p.name != ".handbook-site"}
    assert listed == on_disk
    assert out / "index.html" in listed and out / "search.html" in listed


def test_validation_errors_refuse_the_site(handbook_copy: Path, tmp_path: Path) -> None:
    (handbook_copy / "kpis" / "bad.yaml").write_text("id: x\n", encoding="utf-8")
    out = tmp_path / "site"
    result = run_cli("export", "html", "--out", out, "--handbook", handbook_copy)
    assert result.code == 1 and "bad.yaml" in result.err, result
    assert not out.exists()


def test_course_selection_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("export", "html", "--course", "collection-basics-2h", "--out", tmp_path, "--handbook", SHIPPED)
    assert result.code == 2 and "--course" in result.err, result
