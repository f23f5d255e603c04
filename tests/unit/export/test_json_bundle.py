"""JSON bundle: deterministic bytes, readable UTF-8, every entry and reference, valid against its schema."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml

from cuishou.export.base import Selection
from cuishou.export.json_bundle import JsonBundleExporter, build_bundle, render_bundle, write_bundle
from cuishou.schema.check import check_path
from cuishou.schema.models import KINDS, SCHEMA_VERSION
from cuishou.schema.models.handbook import Handbook
from cuishou.schema.models.walk import iter_refs
from tests.conftest import SHIPPED
from tests.schema_tool import SCHEMA_DIR, check_jsonschema


@pytest.fixture(scope="module")
def shipped() -> Handbook:
    result = check_path(SHIPPED)
    assert result.errors() == []
    return result.handbook


def test_same_handbook_gives_byte_identical_files(shipped: Handbook, tmp_path: Path) -> None:
    first = write_bundle(shipped, tmp_path / "a" / "handbook.json").read_bytes()
    second = write_bundle(check_path(SHIPPED).handbook, tmp_path / "b.json").read_bytes()
    assert first == second


def test_entry_order_in_files_does_not_change_the_bytes(handbook_copy: Path) -> None:
    """Entries are sorted by id, not by where they stand in their file."""
    before = render_bundle(build_bundle(check_path(handbook_copy).handbook))
    terms = handbook_copy / "glossary" / "terms.yaml"
    entries = yaml.safe_load(terms.read_text(encoding="utf-8"))
    assert len(entries) > 1
    terms.write_text(yaml.safe_dump(entries[::-1], allow_unicode=True, sort_keys=True), encoding="utf-8")
    assert render_bundle(build_bundle(check_path(handbook_copy).handbook)) == before


def test_utf8_without_escapes(shipped: Handbook) -> None:
    data = render_bundle(build_bundle(shipped))
    text = data.decode("utf-8")
    assert "\\u" not in text
    assert "催收培训手册" in text
    assert text.endswith("}\n") and "\r" not in text


def test_carries_version_meta_and_every_entry_in_stable_order(shipped: Handbook) -> None:
    bundle = build_bundle(shipped)
    assert bundle["schema_version"] == SCHEMA_VERSION
    assert shipped.meta is not None and bundle["meta"] == shipped.meta.model_dump(mode="json", by_alias=True)
    assert list(bundle["entries"]) == [spec.prefix for spec in KINDS.values()]
    for spec in KINDS.values():
        entries = bundle["entries"][spec.prefix]
        ids = [e["id"] for e in entries]
        assert ids == sorted(shipped.entries[spec.name]), spec.name
        for entry in entries:  # what we export, our own models read back unchanged
            model = spec.model
            assert model.model_validate(entry).model_dump(mode="json", by_alias=True) == entry
    assert sum(len(v) for v in bundle["entries"].values()) == shipped.count()


def test_reference_index_lists_every_reference_and_what_cites_what(shipped: Handbook) -> None:
    bundle = build_bundle(shipped)
    expected = {(f"{KINDS[r.kind].prefix}:{r.entry.id}", ref) for r in shipped.records() for _, ref in iter_refs(r.raw)}
    assert expected, "the shipped handbook has references"
    got = {(edge["from"], edge["ref"]) for edge in bundle["references"]}
    assert got == expected
    assert all(edge["resolved"] for edge in bundle["references"])
    for edge in bundle["references"]:
        assert edge["ref"].startswith(edge["target"])
        assert edge["from"] in bundle["cited_by"][edge["target"]]
        # ``at`` points into the exported entry at the reference itself, found by the key alone
        node = _entry(bundle, edge["from"])
        for step in edge["at"].split("/")[1:]:
            node = node[int(step)] if isinstance(node, list) else node[step]
        assert node == edge["ref"]
    assert {src for sources in bundle["cited_by"].values() for src in sources} <= set(bundle["files"])


def _entry(bundle: dict[str, Any], key: str) -> dict[str, Any]:
    """Join a ``prefix:id`` key to its entry using nothing but the bundle."""
    prefix, _, entry_id = key.partition(":")
    return next(e for e in bundle["entries"][prefix] if e["id"] == entry_id)


def test_one_set_of_names_joins_every_table(shipped: Handbook) -> None:
    bundle = build_bundle(shipped)
    assert set(bundle["kinds"]) == set(bundle["entries"])
    assert bundle["kinds"]["term"] == {"folder": "glossary", "model": "glossary", "zh": "术语"}
    keys = set(bundle["files"]) | set(bundle["cited_by"]) | {e["target"] for e in bundle["references"]}
    keys |= {e["from"] for e in bundle["references"]}
    for key in keys:
        assert _entry(bundle, key)["id"] == key.partition(":")[2]
    for prefix, info in bundle["kinds"].items():
        for entry in bundle["entries"][prefix]:
            assert bundle["files"][f"{prefix}:{entry['id']}"].startswith(info["folder"] + "/")


def test_carries_the_coverage_map(shipped: Handbook) -> None:
    bundle = build_bundle(shipped)
    assert shipped.coverage is not None
    assert bundle["coverage"] == shipped.coverage.model_dump(mode="json", by_alias=True)
    mapped = [ref for seed in bundle["coverage"]["seeds"] for sec in seed["sections"] for ref in sec["entries"]]
    assert mapped
    for ref in mapped:
        _entry(bundle, ref.partition("#")[0])


def test_unresolved_anchor_is_marked(handbook_copy: Path) -> None:
    terms = handbook_copy / "glossary" / "terms.yaml"
    terms.write_text(
        terms.read_text(encoding="utf-8").replace("legal:civil-code#188", "legal:civil-code#9999"), encoding="utf-8"
    )
    bundle = build_bundle(check_path(handbook_copy).handbook)
    bad = [e for e in bundle["references"] if not e["resolved"]]
    assert [(e["ref"], e["target"], e["anchor"]) for e in bad] == [
        ("legal:civil-code#9999", "legal:civil-code", "9999")
    ]


def test_bundle_validates_with_check_jsonschema(shipped: Handbook, tmp_path: Path) -> None:
    out = write_bundle(shipped, tmp_path / "handbook.json")
    result = check_jsonschema(SCHEMA_DIR / "bundle.schema.json", out)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = json.loads(out.read_text(encoding="utf-8"))
    broken["entries"]["course"][0]["minutes"] = 5  # a field courses do not have
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    assert check_jsonschema(SCHEMA_DIR / "bundle.schema.json", bad).returncode == 1


def test_write_is_atomic_and_readable(shipped: Handbook, tmp_path: Path) -> None:
    target = tmp_path / "handbook.json"
    target.write_text("old", encoding="utf-8")
    write_bundle(shipped, target)
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == SCHEMA_VERSION
    assert [p.name for p in tmp_path.iterdir()] == ["handbook.json"]  # no temp file left behind
    assert stat.S_IMODE(target.stat().st_mode) & 0o044 == 0o044


def test_exporter_protocol_and_selection(shipped: Handbook, tmp_path: Path) -> None:
    exporter = JsonBundleExporter()
    assert (exporter.name, exporter.suffix) == ("json", ".json")
    written = exporter.export(shipped, tmp_path, selection=Selection(courses=("collection-basics-2h",)))
    assert written == [tmp_path / "handbook.json"]
    bundle = json.loads(written[0].read_text(encoding="utf-8"))
    assert [e["id"] for e in bundle["entries"]["course"]] == ["collection-basics-2h"]
    assert len(bundle["entries"]["script"]) == len(shipped.entries["script"])


def test_selection_by_kind_and_entry(shipped: Handbook) -> None:
    bundle = build_bundle(shipped, selection=["glossary", "script:first-call"])
    counts = {kind: len(v) for kind, v in bundle["entries"].items() if v}
    assert counts == {"script": 1, "term": len(shipped.entries["glossary"])}
    assert {e["from"].split(":")[0] for e in bundle["references"]} <= {"script", "term"}
