"""``handbook export`` end to end: files listed on stdout, refusal on validation errors, usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from tests.conftest import SHIPPED
from tests.helpers import run_cli


def test_exports_all_kinds_and_lists_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("export", "docx", "--kind", "all", "--out", out, "--handbook", SHIPPED)
    assert result.code == 0 and result.err == "", result
    listed = [Path(line) for line in result.out.splitlines()]
    assert sorted(listed) == sorted(out.iterdir())
    assert {p.name for p in listed} >= {"quick-reference-card.docx", "legal-booklet.docx"}
    for path in listed:
        assert Document(str(path)).paragraphs  # each opens in python-docx


def test_two_exports_are_byte_identical(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert run_cli("export", "docx", "--out", tmp_path / name, "--handbook", SHIPPED).code == 0
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_course_and_kind_selection(tmp_path: Path) -> None:
    result = run_cli(
        "export",
        "docx",
        "--course",
        "collection-basics-2h",
        "--kind",
        "handout",
        "--out",
        tmp_path,
        "--handbook",
        SHIPPED,
    )
    assert (result.code, result.out) == (0, f"{tmp_path / 'collection-basics-2h-handout.docx'}\n"), result


def test_validation_errors_refuse_export(handbook_copy: Path, tmp_path: Path) -> None:
    (handbook_copy / "kpis" / "bad.yaml").write_text("id: x\n", encoding="utf-8")
    result = run_cli("export", "docx", "--out", tmp_path / "out", "--handbook", handbook_copy)
    assert result.code == 1 and result.out == "", result
    assert "未导出任何文件" in result.err and "schema.missing" in result.err
    assert not (tmp_path / "out").exists()


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    unknown_kind = run_cli("export", "docx", "--kind", "poster", "--out", tmp_path, "--handbook", SHIPPED)
    assert unknown_kind.code == 2 and "poster" in unknown_kind.err, unknown_kind
    unknown_course = run_cli("export", "docx", "--course", "nope", "--out", tmp_path, "--handbook", SHIPPED)
    assert unknown_course.code == 2 and "nope" in unknown_course.err, unknown_course
    assert run_cli("export", "odt", "--out", tmp_path).code == 2
    assert run_cli("export", "docx").code == 2  # --out is required
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("how", ["not-on-path", "configured-path-missing"])
def test_pdf_without_libreoffice_exits_two_with_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    if how == "not-on-path":
        monkeypatch.delenv("HANDBOOK_SOFFICE", raising=False)
        monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    else:
        monkeypatch.setenv("HANDBOOK_SOFFICE", str(tmp_path / "no" / "soffice"))
    out = tmp_path / "out"
    result = run_cli("export", "pdf", "--kind", "all", "--out", out, "--handbook", SHIPPED)
    assert result.code == 2 and result.out == "", result
    assert "LibreOffice" in result.err and "apt-get install libreoffice-writer fonts-noto-cjk" in result.err, result
    assert not out.exists()  # nothing written


def test_titles_longer_than_a_document_property_export_in_full(mini_copy: Path, tmp_path: Path) -> None:
    """A 300-character course title validated, then export failed half-way (python-docx: 255 at most)."""
    course = mini_copy / "courses" / "collection-basics-2h.yaml"
    text = course.read_text(encoding="utf-8")
    title = "长" * 300
    course.write_text(text.replace("title: 催收培训教案（两小时）", f"title: {title}", 1), encoding="utf-8")
    meta = mini_copy / "meta.yaml"
    meta_text = meta.read_text(encoding="utf-8").replace(
        "organisation: 示例金融机构 培训部", f"organisation: {'机' * 400}"
    )
    meta.write_text(meta_text, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("export", "docx", "--kind", "all", "--out", out, "--handbook", mini_copy)
    assert result.code == 0, result
    handout = Document(str(out / "collection-basics-2h-handout.docx"))
    assert len(handout.core_properties.title) == 255 and handout.core_properties.title.endswith("…")
    assert any(p.text == title for p in handout.paragraphs), "the document itself carries the whole title"
