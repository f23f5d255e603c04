"""``handbook export json --out FILE``: writes the bundle only for a valid handbook."""

from __future__ import annotations

import json
from pathlib import Path

from cuishou.schema.models import SCHEMA_VERSION
from tests.conftest import MINI, SHIPPED
from tests.helpers import run_cli


def test_exports_the_bundle_twice_identically(tmp_path: Path) -> None:
    first = run_cli("export", "json", "--handbook", SHIPPED, "--out", tmp_path / "a.json")
    second = run_cli("export", "json", "--handbook", SHIPPED, "--out", tmp_path / "out" / "b.json")
    assert (first.code, second.code) == (0, 0), first
    data = (tmp_path / "a.json").read_bytes()
    assert data == (tmp_path / "out" / "b.json").read_bytes()
    assert json.loads(data)["schema_version"] == SCHEMA_VERSION


def test_invalid_handbook_is_not_exported(handbook_copy: Path, tmp_path: Path) -> None:
    (handbook_copy / "kpis" / "bad.yaml").write_text("id: x\n", encoding="utf-8")
    result = run_cli("export", "json", "--handbook", handbook_copy, "--out", tmp_path / "h.json")
    assert result.code == 1 and "schema.missing" in result.err, result
    assert not (tmp_path / "h.json").exists()


def test_out_folder_gets_handbook_json(tmp_path: Path) -> None:
    result = run_cli("export", "json", "--handbook", SHIPPED, "--out", tmp_path)
    assert result.code == 0, result
    assert result.out.strip() == str(tmp_path / "handbook.json")
    assert (tmp_path / "handbook.json").read_bytes().startswith(b"{")


def test_a_selection_that_matches_nothing_is_a_usage_error_for_every_format(tmp_path: Path) -> None:
    for fmt, args in [
        ("json", ["--course", "no-such-course"]),
        ("json", ["--kind", "bogus"]),
        ("json", ["--kind", "handout"]),  # a docx kind: the bundle is one document
        ("docx", ["--kind", "quickref", "--course", "no-such-course"]),
    ]:
        result = run_cli("export", fmt, *args, "--handbook", MINI, "--out", tmp_path / "out.json", "--lang", "en")
        assert result.code == 2 and ("no-such-course" in result.err or "kind" in result.err), (fmt, args, result)
    assert list(tmp_path.iterdir()) == []


def test_course_selection_applies_when_out_names_the_file(tmp_path: Path) -> None:
    target = tmp_path / "one.json"
    result = run_cli("export", "json", "--course", "collection-basics-2h", "--handbook", SHIPPED, "--out", target)
    assert result.code == 0, result
    courses = json.loads(target.read_text(encoding="utf-8"))["entries"]["course"]
    assert [c["id"] for c in courses] == ["collection-basics-2h"]
