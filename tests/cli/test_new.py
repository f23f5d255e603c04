"""``handbook new KIND ID``: a scaffold with modeline and placeholders that validates once filled in."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from cuishou.schema.json_schema import MODELINE_PREFIX, kind_schema
from cuishou.schema.models import KINDS
from cuishou.schema.models.common import ID_PATTERN, REF_PATTERN, VISIBLE_PATTERN
from tests.helpers import run_cli

#: a valid value for each string pattern the models use; an unknown pattern fails the test loudly
SAMPLE_BY_PATTERN = {
    REF_PATTERN: "conduct:third-party-disclosure",
    VISIBLE_PATTERN: "示例内容",
    r"^(?:\d{3}|reference/[\w.-]+|house)$": "house",
    r"^[0-9]+(?:-[0-9]+)*$": "1",
}


_IDS = itertools.count(1)


def _deref(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    return node


def _sample(node: dict[str, Any], defs: dict[str, Any]) -> Any:
    """A valid scalar for a schema node, chosen independently of the scaffolder."""
    node = _deref(node, defs)
    if "anyOf" in node:
        return _sample(next(b for b in node["anyOf"] if b.get("type") != "null"), defs)
    if "enum" in node:
        return node["enum"][0]
    if "const" in node:
        return node["const"]
    if node.get("type") == "integer":
        return max(node.get("minimum", 1), node.get("exclusiveMinimum", 0) + 1)
    if node.get("format") == "date":
        return "2026-01-01"  # text: YAML 1.1 and 1.2 readers agree on it
    if node.get("pattern") == ID_PATTERN:
        return f"filled-id-{next(_IDS)}"  # ids inside an entry are unique (a session and a module too)
    if "pattern" in node:
        return SAMPLE_BY_PATTERN[node["pattern"]]
    assert node.get("type") == "string", node
    return "示例内容"


def _fill(data: Any, node: dict[str, Any], defs: dict[str, Any]) -> Any:
    """Replace every empty placeholder (None) in ``data`` with a valid value from the schema."""
    node = _deref(node, defs)
    if "anyOf" in node and data is not None:
        node = _deref(next(b for b in node["anyOf"] if b.get("type") != "null"), defs)
    if isinstance(data, dict):
        return {k: _fill(v, node["properties"][k], defs) for k, v in data.items()}
    if isinstance(data, list):
        return [_fill(item, node["items"], defs) for item in data]
    return _sample(node, defs) if data is None else data


def _uncomment(text: str) -> str:
    """What an author does first: remove the leading ``# `` of every placeholder line after ``id:``."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("id: "))
    return "\n".join(lines[: start + 1] + [re.sub(r"^# ", "", line) for line in lines[start + 1 :]])


@pytest.mark.parametrize("kind", list(KINDS))
def test_scaffold_round_trip_validates_once_filled(handbook_copy: Path, kind: str) -> None:
    spec = KINDS[kind]
    result = run_cli("new", kind, "brand-new", "--handbook", handbook_copy)
    assert result.code == 0, result
    path = handbook_copy / spec.folder / "brand-new.yaml"
    assert result.out.strip() == str(path)
    text = path.read_text(encoding="utf-8")
    assert text.split("\n", 1)[0] == f"{MODELINE_PREFIX}../../schema/json/{kind}.schema.json"
    # as written, the required fields are still commented out: the handbook does not validate yet
    assert run_cli("validate", handbook_copy).code == 1
    uncommented = _uncomment(text)
    schema = kind_schema(kind)
    data = yaml.safe_load(uncommented)
    model = schema["$defs"][spec.model.__name__]
    assert set(data) == set(model["required"]), "every required field has a placeholder, and nothing else"
    # uncommented but not filled in: located errors on the placeholder lines, not a silent pass
    path.write_text(uncommented, encoding="utf-8")
    unfilled = run_cli("validate", handbook_copy / spec.folder / "brand-new.yaml")
    assert unfilled.code == 1, unfilled
    filled = _fill(data, model, schema["$defs"])
    if kind == "counter_example":
        # a counter-example must actually show the breach it is labelled with (conduct lint checks it)
        filled["breaks"] = ["conduct:third-party-disclosure"]
        filled["technique"] = "麻烦你转告你哥哥，他欠我们两万多一直没还。"
    path.write_text(text.split("\n", 1)[0] + "\n" + yaml.safe_dump(filled, allow_unicode=True), encoding="utf-8")
    final = run_cli("validate", handbook_copy)
    assert (final.code, final.out) == (0, ""), final


def test_accepts_folder_and_prefix_names(handbook_copy: Path) -> None:
    assert run_cli("new", "customer-types", "a", "--handbook", handbook_copy).code == 0
    assert run_cli("new", "customer-type", "b", "--handbook", handbook_copy).code == 0
    assert (handbook_copy / "customer-types" / "a.yaml").is_file()
    assert (handbook_copy / "customer-types" / "b.yaml").is_file()


def test_refuses_to_overwrite(handbook_copy: Path) -> None:
    existing = handbook_copy / "scripts" / "first-call.yaml"
    before = existing.read_bytes()
    result = run_cli("new", "script", "first-call", "--handbook", handbook_copy)
    assert result.code == 2 and "已存在" in result.err, result
    assert existing.read_bytes() == before


def test_bad_kind_or_id_is_a_usage_error(handbook_copy: Path) -> None:
    bad_kind = run_cli("new", "novel", "x", "--handbook", handbook_copy, "--lang", "en")
    assert bad_kind.code == 2 and "unknown entry kind 'novel'" in bad_kind.err, bad_kind
    bad_id = run_cli("new", "script", "First_Call", "--handbook", handbook_copy)
    assert bad_id.code == 2 and "kebab-case" in bad_id.err, bad_id
    assert not (handbook_copy / "scripts" / "First_Call.yaml").exists()
    missing = run_cli("new", "script", "x", "--handbook", handbook_copy / "nope")
    assert missing.code == 2, missing


def test_refuses_an_id_that_an_entry_inside_another_file_has(handbook_copy: Path) -> None:
    """Terms live together in glossary/terms.yaml: a new overdue.yaml would make a second term 'overdue'."""
    result = run_cli("new", "term", "overdue", "--handbook", handbook_copy, "--lang", "en")
    assert result.code == 2 and "already exists" in result.err and "terms.yaml:" in result.err, result
    assert not (handbook_copy / "glossary" / "overdue.yaml").exists()


def test_refuses_an_id_whose_entry_is_broken(handbook_copy: Path) -> None:
    path = handbook_copy / "kpis" / "group.yaml"
    path.write_text("- id: stray-kpi\n  title: 未完成的指标\n", encoding="utf-8")
    result = run_cli("new", "kpi", "stray-kpi", "--handbook", handbook_copy)
    assert result.code == 2 and "group.yaml:1:7" in result.err, result
