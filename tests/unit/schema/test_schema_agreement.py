"""The published JSON Schemas and ``handbook validate`` agree: what one refuses, the other refuses.

Editors and CI schema checks read the schemas, not our models. Each bad file below is refused by
``handbook validate`` (with the rule named) and by two third-party validators reading the same file with
its modeline schema: check-jsonschema (Python, YAML 1.2 via ruamel) and ajv-cli (JavaScript, js-yaml).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from cuishou.schema.build import kind_of
from cuishou.schema.check import check_path
from cuishou.schema.json_schema import MODELINE_PREFIX
from tests.conftest import MINI, SHIPPED
from tests.schema_tool import SCHEMA_DIR, ajv, check_jsonschema

KPI = """\
id: k
title: 指标
formula: 回款金额 / 应催金额
meaning: 含义
sources: [{{seed: house, section: 测试}}]
{extra}
"""

LEGAL = """\
id: l
title: 某法
short_title: 某法
kind: law
issuer: 全国人民代表大会
status: {status}
confidence: V2
sources: [{{seed: house, section: 测试}}]
{extra}
"""

PROCEDURE = """\
id: p
title: 流程
summary: 流程
sources: [{{seed: house, section: 测试}}]
stages:
  - id: a
    title: 甲
    goal: 提醒借款人按时还款
    channels: [phone]
    escalation: [{{to: "{to}", condition: 未还款}}]
"""

SOURCES = """\
seeds:
  - seed: "000"
    file: 000.txt
    title: 教案
    sections:
      - section: 两小时教案
{section}
"""

#: (case, relative path, text, the rule validate reports)
BAD = [
    ("unknown-ref-kind", "kpis/k.yaml", KPI.format(extra="refs: [glossary:overdue]"), "ref.unknown-kind"),
    (
        "blank-title",
        "kpis/k.yaml",
        KPI.format(extra="").replace("title: 指标", 'title: "\u00a0\u200b"'),
        "schema.empty",
    ),
    (
        "number-as-text",
        "kpis/k.yaml",
        KPI.format(extra="").replace("title: 指标", "title: 1"),
        "schema.yaml11-surprise",
    ),
    (
        "list-with-a-bad-entry",
        "kpis/k.yaml",
        "- " + KPI.format(extra="bogus: 1").replace("\n", "\n  "),
        "schema.extra-key",
    ),
    (
        "repealed-without-successor",
        "legal/l.yaml",
        LEGAL.format(status="repealed", extra=""),
        "schema.legal-status-incomplete",
    ),
    ("date-as-number", "legal/l.yaml", LEGAL.format(status="in_force", extra="effective: 0"), "schema.type"),
    (
        "escalation-not-a-stage",
        "procedures/p.yaml",
        PROCEDURE.format(to="legal:civil-code#188"),
        "dpd.escalation-target",
    ),
    (
        "section-neither",
        "sources.yaml",
        SOURCES.format(section="        note: 无"),
        "schema.coverage-mapped-or-excluded",
    ),
    (
        "section-both",
        "sources.yaml",
        SOURCES.format(section="        entries: [course:collection-basics-2h]\n        excluded: 重复"),
        "schema.coverage-mapped-or-excluded",
    ),
    ("contact-window", "meta.yaml", None, "schema.contact-window"),
]


def _schema_of(root: Path, file: Path) -> Path:
    """The schema a file's modeline would name: by the file's place in the handbook, as build.py reads it."""
    rel = file.relative_to(root)
    name = {"meta.yaml": "meta", "sources.yaml": "coverage"}.get(rel.as_posix())
    if name is None:
        spec = kind_of(file, root)
        assert spec is not None, rel
        name = spec.name
    return root.parent / "schema" / "json" / f"{name}.schema.json"


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    """The mini handbook beside a copy of the schema folder, so modelines resolve as in a repository."""
    root = tmp_path / "handbook"
    shutil.copytree(MINI, root)
    shutil.copytree(SCHEMA_DIR, tmp_path / "schema" / "json")
    return root


def _place(root: Path, rel: str, text: str | None) -> Path:
    target = root / rel
    if text is None:  # meta.yaml: the mini one with an unreadable contact window
        text = target.read_text(encoding="utf-8").replace('contact_window: "08:00-22:00"', 'contact_window: "banana"')
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize(("rel", "text", "rule"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_validate_and_third_party_schema_checks_refuse_the_same_file(
    handbook: Path, rel: str, text: str | None, rule: str
) -> None:
    file = _place(handbook, rel, text)
    assert rule in {f.rule for f in check_path(handbook).findings if f.file.endswith(rel)}
    schema = _schema_of(handbook, file)
    python = check_jsonschema(schema, file)
    assert python.returncode == 1, python.stdout + python.stderr
    javascript = ajv(schema, file)
    assert javascript.returncode == 1 and "invalid" in javascript.stderr, javascript.stdout + javascript.stderr


def test_the_files_of_the_mini_handbook_pass_both_clients(handbook: Path) -> None:
    by_schema: dict[Path, list[Path]] = {}
    for file in sorted(handbook.rglob("*.yaml")):
        by_schema.setdefault(_schema_of(handbook, file), []).append(file)
    for schema, files in by_schema.items():
        python = check_jsonschema(schema, *files)
        assert python.returncode == 0, python.stdout + python.stderr
        javascript = ajv(schema, *files)
        assert javascript.returncode == 0, javascript.stdout + javascript.stderr


def test_an_error_is_reported_for_the_shape_the_file_has() -> None:
    """One entry or a list of entries: if/then/else on the type, so a mapping's errors are not mixed with
    "is not an array" from the other shape (as anyOf made them)."""
    kpi = (SCHEMA_DIR / "kpi.schema.json").read_text(encoding="utf-8")
    assert '"anyOf"' not in kpi.split('"$defs"')[0] and '"if"' in kpi


def _shipped_by_schema() -> dict[Path, list[Path]]:
    by_schema: dict[Path, list[Path]] = {}
    for file in sorted(SHIPPED.rglob("*.yaml")):
        first = file.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith(MODELINE_PREFIX), file
        by_schema.setdefault((file.parent / first[len(MODELINE_PREFIX) :]).resolve(), []).append(file)
    return by_schema


def test_shipped_files_pass_their_schema_as_a_yaml_1_1_reader_sees_them() -> None:
    """PyYAML ``safe_load`` (YAML 1.1: unquoted dates become date objects) and the jsonschema library."""
    from jsonschema import Draft202012Validator

    failures = []
    for schema_path, files in _shipped_by_schema().items():
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        for file in files:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
            failures += [f"{file.relative_to(SHIPPED)}: {e.message[:120]}" for e in validator.iter_errors(data)]
    assert failures == []


def test_shipped_files_pass_their_schema_in_ajv() -> None:
    for schema, files in _shipped_by_schema().items():
        checked = ajv(schema, *files)
        assert checked.returncode == 0, checked.stdout + checked.stderr[-2000:]
