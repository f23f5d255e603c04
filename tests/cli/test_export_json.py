"""``handbook export json --out FILE``: writes the bundle only for a valid handbook."""

from __future__ import annotations

import json
from pathlib import Path

from cuishou.schema.models import SCHEMA_VERSION
from tests.conftest import SHIPPED
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
