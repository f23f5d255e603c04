"""The DOCX exporter: which files, byte-identical twice, kinds and courses selected, unknown ones refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from cuishou.export import EXPORTER_BY_NAME, Selection
from cuishou.export.docx_exporter import DocxExporter
from cuishou.schema.build import Handbook
from cuishou.schema.findings import HandbookError


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
