"""The DOCX exporter: which files, byte-identical twice, kinds and courses selected, unknown ones refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document

from cuishou.export import EXPORTER_BY_NAME, Selection
from cuishou.export.docx_exporter import DocxExporter
from cuishou.schema.check import load_handbook
from cuishou.schema.findings import HandbookError
from cuishou.schema.models.handbook import Handbook
from tests.conftest import SHIPPED


def test_registry_offers_docx() -> None:
    assert EXPORTER_BY_NAME["docx"] is DocxExporter
    assert DocxExporter.suffix == ".docx"


def test_all_kinds_written_and_byte_identical(shipped: Handbook, tmp_path: Path) -> None:
    first = DocxExporter().export(shipped, tmp_path / "a", selection=Selection())
    second = DocxExporter().export(shipped, tmp_path / "b", selection=Selection(kinds=("all",)))
    names = [p.name for p in first]
    assert names == [p.name for p in second]
    courses = sorted(shipped.entries["course"])
    assert names == [
        *(f"{c}-handout.docx" for c in courses),
        *(f"{c}-trainer-guide.docx" for c in courses),
        "quick-reference-card.docx",
        "legal-booklet.docx",
    ]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(names)  # no temporary files left


def test_zip_entries_have_fixed_times(shipped: Handbook, tmp_path: Path) -> None:
    assert shipped.meta is not None
    (path,) = DocxExporter().export(shipped, tmp_path, selection=Selection(kinds=("quickref",)))
    with zipfile.ZipFile(path) as package:
        infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    effective = shipped.meta.effective
    assert {i.date_time for i in infos} == {(effective.year, effective.month, effective.day, 0, 0, 0)}


def test_selection_of_kinds_and_courses(rich: Handbook, tmp_path: Path) -> None:
    written = DocxExporter().export(rich, tmp_path, selection=Selection(courses=("rich-course",), kinds=("trainer",)))
    assert [p.name for p in written] == ["rich-course-trainer-guide.docx"]


@pytest.mark.parametrize("selection", [Selection(kinds=("pdf",)), Selection(courses=("no-such-course",))])
def test_unknown_selection_is_a_usage_error(shipped: Handbook, tmp_path: Path, selection: Selection) -> None:
    with pytest.raises(HandbookError) as info:
        DocxExporter().export(shipped, tmp_path / "out", selection=selection)
    assert info.value.category == "usage"
    assert not (tmp_path / "out").exists()


def test_control_character_is_removed_and_reported(rich: Handbook, tmp_path: Path) -> None:
    exporter = DocxExporter()
    exporter.export(rich, tmp_path, selection=Selection(courses=("rich-course",), kinds=("handout",)))
    assert [f.rule for f in exporter.findings] == ["export.control-char"]
    assert exporter.findings[0].file.endswith("rich-course.yaml")


def test_handbook_with_one_bare_course(tmp_path: Path) -> None:
    """No procedures, rules, terms or law yet: every kind still renders and says what is missing."""
    root = tmp_path / "handbook"
    (root / "courses").mkdir(parents=True)
    meta = (SHIPPED / "meta.yaml").read_text(encoding="utf-8")
    (root / "meta.yaml").write_text(meta, encoding="utf-8")
    (root / "courses" / "bare.yaml").write_text(
        "id: bare\ntitle: 最简课程\naudience: 新员工\ntotal_minutes: unknown\nobjectives: [了解]\n"
        "sessions: [{id: s, title: 课次, modules: [{id: m, title: 模块, minutes: unknown}]}]\n"
        "sources: [{seed: house, section: 测试}]\n",
        encoding="utf-8",
    )
    handbook, findings = load_handbook(root)
    assert not findings
    written = DocxExporter().export(handbook, tmp_path / "out", selection=Selection())
    assert [p.name for p in written] == [
        "bare-handout.docx",
        "bare-trainer-guide.docx",
        "quick-reference-card.docx",
        "legal-booklet.docx",
    ]
    text = {p.name: "\n".join(par.text for par in Document(str(p)).paragraphs) for p in written}
    assert "手册中尚未收录行为规范。" in text["bare-handout.docx"]
    assert "手册中尚未收录催收流程。" in text["quick-reference-card.docx"]
    assert "手册中尚未收录现行法律文件。" in text["legal-booklet.docx"]
