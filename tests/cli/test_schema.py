"""``handbook schema``: writes the committed schemas, detects stale ones, adds modelines; data-model versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cuishou.schema.json_schema import MODELINE_PREFIX
from cuishou.schema.loader import iter_yaml_files
from cuishou.schema.models import SCHEMA_VERSION
from tests.helpers import run_cli
from tests.schema_tool import SCHEMA_DIR, check_jsonschema


def test_writes_exactly_the_committed_files(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    result = run_cli("schema", "--out", out)
    assert result.code == 0, result
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(p.name for p in SCHEMA_DIR.glob("*.json"))
    for name in written:
        assert (out / name).read_bytes() == (SCHEMA_DIR / name).read_bytes(), name
        assert json.loads((out / name).read_text(encoding="utf-8"))["$schema"].endswith("2020-12/schema")
    again = run_cli("schema", "--out", out, "--lang", "en")
    assert "wrote 0 schema files" in again.err, again


def test_check_names_stale_and_missing_files(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    run_cli("schema", "--out", out)
    assert run_cli("schema", "--out", out, "--check").code == 0
    course = out / "course.schema.json"
    course.write_text(course.read_text(encoding="utf-8").replace("课程", "课"), encoding="utf-8")
    (out / "kpi.schema.json").unlink()
    result = run_cli("schema", "--out", out, "--check")
    assert result.code == 1, result
    assert sorted(Path(line.split("：")[0]).name for line in result.out.splitlines()) == [
        "course.schema.json",
        "kpi.schema.json",
    ]
    assert "handbook schema --out" in result.err
    assert course.read_text(encoding="utf-8").count("课程") == 0  # --check never writes


def test_modelines_are_added_idempotently_and_checked(handbook_copy: Path, tmp_path: Path) -> None:
    schema_dir = tmp_path / "schema" / "json"
    assert run_cli("schema", "--out", schema_dir).code == 0
    files = list(iter_yaml_files(handbook_copy))
    bodies = {}
    for file in files:  # strip the shipped modelines
        text = file.read_text(encoding="utf-8")
        assert text.startswith(MODELINE_PREFIX)
        bodies[file] = text.split("\n", 1)[1]
        file.write_text(bodies[file], encoding="utf-8")
    missing = run_cli("schema", "--modelines", handbook_copy, "--out", schema_dir, "--check")
    assert missing.code == 1 and len(missing.out.splitlines()) == len(files), missing
    added = run_cli("schema", "--modelines", handbook_copy, "--out", schema_dir)
    assert added.code == 0 and len(added.out.splitlines()) == len(files), added
    for file in files:
        first, rest = file.read_text(encoding="utf-8").split("\n", 1)
        assert rest == bodies[file]  # nothing else in the file changed
        assert first.startswith(MODELINE_PREFIX) and first.endswith(".schema.json")
    assert run_cli("schema", "--modelines", handbook_copy, "--out", schema_dir).out == ""
    assert run_cli("schema", "--modelines", handbook_copy, "--out", schema_dir, "--check").code == 0
    assert run_cli("validate", handbook_copy).code == 0


def test_modelines_default_to_the_handbook_own_schema_folder_from_anywhere(
    handbook_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    before = {f: f.read_bytes() for f in iter_yaml_files(handbook_copy)}
    refused = run_cli("schema", "--modelines", handbook_copy)  # no schema folder beside the handbook yet
    assert refused.code == 2 and "schema" in refused.err, refused
    assert {f: f.read_bytes() for f in before} == before
    assert run_cli("schema", "--out", handbook_copy.parent / "schema" / "json").code == 0
    # the shipped modelines already point at ../schema/json: nothing to change, from any folder
    result = run_cli("schema", "--modelines", handbook_copy, "--check")
    assert result.code == 0 and result.out == "", result
    stray = tmp_path / "notes" / "notes.txt"
    stray.parent.mkdir()
    stray.write_text("x", encoding="utf-8")
    (stray.parent / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    outside = run_cli("schema", "--modelines", stray)  # not inside a handbook: refuse, touch nothing
    assert outside.code == 2, outside
    assert (stray.parent / "a.yaml").read_text(encoding="utf-8") == "a: 1\n"


def test_modelines_skip_a_file_that_is_not_utf8(handbook_copy: Path, tmp_path: Path) -> None:
    gbk = handbook_copy / "kpis" / "gbk.yaml"
    original = "id: x\ntitle: 回收率\n".encode("gbk")
    gbk.write_bytes(original)
    result = run_cli("schema", "--modelines", handbook_copy, "--out", tmp_path)
    assert result.code == 0 and "gbk.yaml" in result.err, result
    assert gbk.read_bytes() == original


@pytest.mark.parametrize("found", ["0.9.0", "2.0.0"])
def test_other_major_data_model_gets_one_clear_message(handbook_copy: Path, found: str) -> None:
    meta = handbook_copy / "meta.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(f'schema_version: "{SCHEMA_VERSION}"', f'schema_version: "{found}"'),
        encoding="utf-8",
    )
    # and a handbook of that era would have fields this version does not know
    kpi = handbook_copy / "kpis" / "recovery-rate.yaml"
    kpi.write_text(kpi.read_text(encoding="utf-8") + "legacy_field: x\n", encoding="utf-8")
    result = run_cli("validate", handbook_copy, "--format", "json", "--lang", "en")
    assert result.code == 1, result
    [finding] = json.loads(result.out)
    assert (Path(finding["file"]).name, finding["rule"]) == ("meta.yaml", "schema.version")
    assert found in finding["message"] and SCHEMA_VERSION in finding["message"]
    assert "migrate" in finding["message"]
    # the editor's schema (checked here by a third-party validator) flags the version too
    assert check_jsonschema(SCHEMA_DIR / "meta.schema.json", meta).returncode == 1


def test_same_major_newer_minor_is_accepted(handbook_copy: Path) -> None:
    meta = handbook_copy / "meta.yaml"
    major = SCHEMA_VERSION.split(".")[0]
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(f'"{SCHEMA_VERSION}"', f'"{major}.99.0"'), encoding="utf-8"
    )
    assert run_cli("validate", handbook_copy).code == 0


def _strip_modeline(file: Path) -> bytes:
    body = file.read_text(encoding="utf-8").split("\n", 1)[1].encode("utf-8")
    file.write_bytes(body)
    return body


def test_modelines_touch_only_the_file_or_folder_named(handbook_copy: Path, tmp_path: Path) -> None:
    schema_dir = tmp_path / "schema" / "json"
    assert run_cli("schema", "--out", schema_dir).code == 0
    kpi = next((handbook_copy / "kpis").glob("*.yaml"))
    script = next((handbook_copy / "scripts").glob("*.yaml"))
    kpi_body, script_body = _strip_modeline(kpi), _strip_modeline(script)
    one = run_cli("schema", "--modelines", kpi, "--out", schema_dir)
    assert one.code == 0 and len(one.out.splitlines()) == 1, one
    assert kpi.read_bytes() != kpi_body and script.read_bytes() == script_body, "a sibling folder was rewritten"
    folder = run_cli("schema", "--modelines", handbook_copy / "scripts", "--out", schema_dir)
    assert folder.code == 0 and len(folder.out.splitlines()) == 1 and script.read_bytes() != script_body, folder


def test_modelines_refuse_a_path_that_is_not_yaml(handbook_copy: Path, tmp_path: Path) -> None:
    schema_dir = tmp_path / "schema" / "json"
    assert run_cli("schema", "--out", schema_dir).code == 0
    kpi = next((handbook_copy / "kpis").glob("*.yaml"))
    body = _strip_modeline(kpi)
    notes = handbook_copy / "notes.txt"
    notes.write_text("x", encoding="utf-8")
    result = run_cli("schema", "--modelines", notes, "--out", schema_dir)
    assert result.code == 2 and "notes.txt" in result.err, result
    assert kpi.read_bytes() == body
