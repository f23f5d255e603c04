"""JSON Schemas: committed files are current, authors see Chinese, each kind takes one entry or a list."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from cuishou.schema.json_schema import (
    MODELINE_PREFIX,
    expected_modeline,
    generate_all,
    kind_schema,
    render_schema,
    stale_files,
    write_modeline,
)
from cuishou.schema.loader import iter_yaml_files
from cuishou.schema.models import KINDS
from tests.conftest import SHIPPED
from tests.schema_tool import SCHEMA_DIR, check_jsonschema, check_jsonschema_many

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_committed_schemas_are_current() -> None:
    stale = stale_files(SCHEMA_DIR)
    assert stale == [], f"run: handbook schema --out schema/json  (stale: {stale})"


def test_no_stray_files_in_schema_folder() -> None:
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.json")) == sorted(generate_all())


def test_generation_is_deterministic_and_readable() -> None:
    first = {name: render_schema(s) for name, s in generate_all().items()}
    second = {name: render_schema(s) for name, s in generate_all().items()}
    assert first == second
    text = first["course.schema.json"]
    # Chinese is written as is; only regular expressions name invisible characters by their escapes
    prose = "\n".join(line for line in text.splitlines() if '"pattern":' not in line)
    assert "\\u" not in prose and "课程" in prose


#: keywords whose sub-schemas constrain fields declared elsewhere (SectionMap's entries-or-excluded rule)
_CONSTRAINTS = frozenset({"if", "then", "else", "not", "anyOf", "oneOf", "allOf"})


def _titled_nodes(node: Any, path: str = "", constraint: bool = False) -> list[tuple[str, str]]:
    """(path, title) of every model and every property in a schema (not the properties a rule constrains)."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for name, sub in node.get("$defs", {}).items():
            found.append((f"{path}/$defs/{name}", sub.get("title", "")))
        if not constraint:
            for name, sub in node.get("properties", {}).items():
                found.append((f"{path}/properties/{name}", sub.get("title", "")))
        for key, sub in node.items():
            inner = constraint or key in _CONSTRAINTS
            found.extend(_titled_nodes(sub, f"{path}/{key}", False if key in ("$defs", "properties") else inner))
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            found.extend(_titled_nodes(sub, f"{path}/{i}", constraint))
    return found


SCHEMAS = generate_all()


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_model_and_field_has_a_chinese_title(name: str) -> None:
    schema = SCHEMAS[name]
    assert CJK.search(schema["title"])
    missing = [path for path, title in _titled_nodes(schema) if not CJK.search(title)]
    assert missing == [], "add a Chinese title (field title= or MODEL_TEXT in schema/json_schema.py)"


def test_kind_schema_accepts_one_entry_or_a_list(tmp_path: Path) -> None:
    schema = tmp_path / "kpi.schema.json"
    schema.write_text(render_schema(kind_schema("kpi")), encoding="utf-8")
    entry = {
        "id": "x",
        "title": "回收率",
        "formula": "回收/应收",
        "meaning": "m",
        "sources": [{"seed": "001", "section": "s"}],
    }
    good_one = tmp_path / "one.json"
    good_one.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    good_list = tmp_path / "list.json"
    good_list.write_text(json.dumps([entry, {**entry, "id": "y"}], ensure_ascii=False), encoding="utf-8")
    assert check_jsonschema(schema, good_one, good_list).returncode == 0
    for bad_value in ({**entry, "fomula": "typo"}, {**entry, "id": "Not_Kebab"}, [], "text"):
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(bad_value, ensure_ascii=False), encoding="utf-8")
        assert check_jsonschema(schema, bad).returncode == 1, bad_value


def test_every_shipped_file_validates_against_its_modeline_schema() -> None:
    """check-jsonschema (not our models) accepts each handbook file with the schema its modeline names."""
    by_schema: dict[Path, list[Path]] = {}
    files = list(iter_yaml_files(SHIPPED))
    for file in files:
        first = file.read_text(encoding="utf-8").split("\n", 1)[0]
        if first.startswith(MODELINE_PREFIX):
            schema = (file.parent / first.removeprefix(MODELINE_PREFIX)).resolve()
            by_schema.setdefault(schema, []).append(file)
    assert sum(map(len, by_schema.values())) == len(files), "every shipped file names its schema"
    failed = {schema.name: out for schema, (code, out) in check_jsonschema_many(by_schema).items() if code != 0}
    assert failed == {}


def test_every_shipped_file_has_the_right_modeline() -> None:
    wrong = []
    for file in iter_yaml_files(SHIPPED):
        wanted = expected_modeline(file, SHIPPED, SCHEMA_DIR)
        first = file.read_text(encoding="utf-8").split("\n", 1)[0]
        if wanted is not None and first != wanted:
            wrong.append(str(file.relative_to(SHIPPED)))
    assert wrong == [], "run: handbook schema --modelines handbook"


def test_expected_modeline_is_relative_with_forward_slashes(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    schemas = tmp_path / "schema" / "json"
    assert expected_modeline(root / "meta.yaml", root, schemas) == MODELINE_PREFIX + "../schema/json/meta.schema.json"
    assert (
        expected_modeline(root / "customer-types" / "a.yaml", root, schemas)
        == MODELINE_PREFIX + "../../schema/json/customer_type.schema.json"
    )
    assert (
        expected_modeline(root / "sources.yaml", root, schemas)
        == MODELINE_PREFIX + "../schema/json/coverage.schema.json"
    )
    assert expected_modeline(root / "notes.yaml", root, schemas) is None
    assert expected_modeline(root / "misc" / "a.yaml", root, schemas) is None
    for kind in KINDS:
        assert (SCHEMA_DIR / f"{kind}.schema.json").is_file()


def test_write_modeline_inserts_replaces_and_keeps_the_rest(tmp_path: Path) -> None:
    line = MODELINE_PREFIX + "../../schema/json/kpi.schema.json"
    file = tmp_path / "a.yaml"
    body = b"# comment kept\r\nid: x  # trailing\r\ntitle: '21:00'\r\n"
    file.write_bytes(body)
    assert write_modeline(file, line) is True
    assert file.read_bytes() == line.encode() + b"\r\n" + body
    assert write_modeline(file, line) is False  # idempotent
    other = MODELINE_PREFIX + "elsewhere.json"
    assert write_modeline(file, other) is True
    assert file.read_bytes() == other.encode() + b"\r\n" + body
    plain = tmp_path / "b.yaml"
    plain.write_bytes("\ufeffid: 标识\n".encode())
    write_modeline(plain, line)
    assert plain.read_bytes() == "\ufeff".encode() + line.encode() + "\nid: 标识\n".encode()
