"""Model building: every kind accepts the shipped entries, and bad data gives located findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from cuishou.schema.check import check_path
from cuishou.schema.models import KINDS
from tests.conftest import MINI, SHIPPED


def _findings(root: Path) -> list[tuple[str, int, int, str]]:
    result = check_path(root)
    return [(Path(f.file).name, f.line, f.col, f.rule) for f in result.findings]


@pytest.mark.parametrize("root", [SHIPPED, MINI], ids=["shipped", "mini"])
def test_handbook_is_clean_and_has_every_kind(root: Path) -> None:
    result = check_path(root)
    assert result.findings == []
    for kind in KINDS:
        assert result.handbook.entries[kind], f"no {kind} entry in the shipped handbook"
    assert result.handbook.meta is not None


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "courses/collection-basics-2h.yaml",
            "minutes: 15",
            "minutes: fifteen",
            ("collection-basics-2h.yaml", 16, 18, "schema.minutes"),
        ),
        (
            "courses/collection-basics-2h.yaml",
            "total_minutes: 120\n",
            "",
            ("collection-basics-2h.yaml", 1, 1, "schema.missing"),
        ),
        (
            "procedures/collection-lifecycle.yaml",
            "timing: 还款日前三天",
            "timing: 21:00",
            ("collection-lifecycle.yaml", 21, 17, "schema.yaml11-surprise"),
        ),
        (
            "procedures/collection-lifecycle.yaml",
            "days: {from: 1, to: 5}",
            "days: {from: 5, to: 1}",
            ("collection-lifecycle.yaml", 30, 11, "schema.window-order"),
        ),
        (
            "procedures/collection-lifecycle.yaml",
            "channels: [sms, phone, app]",
            "channels: [sms, pigeon]",
            ("collection-lifecycle.yaml", 14, 21, "schema.enum"),
        ),
        (
            "scripts/first-call.yaml",
            "stage: procedure:collection-lifecycle#early",
            "stage: early",
            ("first-call.yaml", 4, 8, "schema.ref-format"),
        ),
        (
            "legal/contract-law.yaml",
            "history: true",
            "history: yes please",
            ("contract-law.yaml", 11, 10, "schema.type"),
        ),
        (
            "legal/civil-code.yaml",
            'effective: "2021-01-01"',
            'effective: "2021-13-01"',
            ("civil-code.yaml", 8, 12, "schema.date"),
        ),
        ("meta.yaml", 'version: "0.1.0"', "version: 0.1", ("meta.yaml", 2, 10, "schema.yaml11-surprise")),
        ("risk-grades/grades.yaml", "level: 5", "level: '5'", ("grades.yaml", 8, 10, "schema.type")),
        (
            "glossary/terms.yaml",
            "refs: [legal:civil-code#188",
            "refs: [legal:civil-code#9999",
            ("terms.yaml", 9, 10, "ref.anchor"),
        ),
        (
            "scripts/first-call.yaml",
            "refs: [conduct:third-party-disclosure]",
            "refs: [conduct:third-party-disclosur]",
            ("first-call.yaml", 24, 8, "ref.unresolved"),
        ),
        (
            "scripts/first-call.yaml",
            "refs: [conduct:third-party-disclosure]",
            "refs: [police:x]",
            ("first-call.yaml", 24, 8, "ref.unknown-kind"),
        ),
    ],
)
def test_broken_entry_gives_one_located_finding(
    mini_copy: Path, file: str, old: str, new: str, expected: tuple[str, int, int, str]
) -> None:
    _edit(mini_copy / file, old, new)
    assert _findings(mini_copy) == [expected]


def test_misspelt_field_is_unknown_with_suggestion_and_required_one_missing(mini_copy: Path) -> None:
    _edit(mini_copy / "courses/collection-basics-2h.yaml", "audience:", "audiance:")
    assert _findings(mini_copy) == [
        ("collection-basics-2h.yaml", 1, 1, "schema.missing"),
        ("collection-basics-2h.yaml", 3, 1, "schema.extra-key"),
    ]
    text = check_path(mini_copy).findings[1].message("zh")
    assert "是不是想写“audience”" in text


def test_bad_id_is_reported_and_references_to_it_do_not_cascade(mini_copy: Path) -> None:
    _edit(mini_copy / "scripts/first-call.yaml", "id: first-call", "id: First_Call")
    found = _findings(mini_copy)
    assert ("first-call.yaml", 1, 5, "schema.id") in found


def test_duplicate_id_across_files(mini_copy: Path) -> None:
    (mini_copy / "scripts" / "copy.yaml").write_text(
        (mini_copy / "scripts" / "first-call.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    found = _findings(mini_copy)
    assert found == [("first-call.yaml", 1, 5, "id.duplicate")]


def test_unknown_folder_and_wrong_top_level(mini_copy: Path) -> None:
    (mini_copy / "misc").mkdir()
    (mini_copy / "misc" / "x.yaml").write_text("id: x\n", encoding="utf-8")
    (mini_copy / "kpis" / "scalar.yaml").write_text("just text\n", encoding="utf-8")
    assert sorted(r for *_, r in _findings(mini_copy)) == ["schema.type", "schema.unknown-kind"]


def test_major_schema_version_mismatch_is_one_plain_finding(mini_copy: Path) -> None:
    _edit(mini_copy / "meta.yaml", 'schema_version: "1.0.0"', 'schema_version: "2.0.0"')
    _edit(mini_copy / "kpis" / "recovery-rate.yaml", "formula:", "formulae:")
    assert [r for *_, r in _findings(mini_copy)] == ["schema.version"]


def test_missing_meta(mini_copy: Path) -> None:
    (mini_copy / "meta.yaml").unlink()
    assert [r for *_, r in _findings(mini_copy)] == ["schema.meta-missing"]


@pytest.mark.parametrize(
    ("old", "new", "says_zh", "says_en"),
    [
        ("days: {from: 1, to: 5}", "days: {from: 1, to: no}", "“no”读成了布尔值 False", "read the unquoted 'no'"),
        ("days: {from: 1, to: 5}", 'days: {from: "1", to: 5}', "数字不加引号，请写成 1", "write 1"),
        ("days: {from: 1, to: 5}", "days: {from: 1.0, to: 5}", "请写成整数 1", "whole number 1"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_and_the_message_says_how_to_write_it(
    mini_copy: Path, old: str, new: str, says_zh: str, says_en: str
) -> None:
    _edit(mini_copy / "procedures/collection-lifecycle.yaml", old, new)
    [finding] = check_path(mini_copy).findings
    assert finding.rule == "schema.type"
    assert says_zh in finding.message("zh") and says_en in finding.message("en")


@pytest.mark.parametrize("value", ["0", "1700000000", "2021-01-01 08:00:00", '"2021/01/01"', '"20210101"'])
def test_only_a_calendar_date_is_a_date(mini_copy: Path, value: str) -> None:
    _edit(mini_copy / "legal/civil-code.yaml", 'effective: "2021-01-01"', f"effective: {value}")
    assert [r for *_, r in _findings(mini_copy)] in (["schema.type"], ["schema.date"])


def test_meta_holding_only_null_is_empty_not_missing(mini_copy: Path) -> None:
    (mini_copy / "meta.yaml").write_text("~\n", encoding="utf-8")
    assert [r for *_, r in _findings(mini_copy)] == ["parse.empty"]


def test_an_unquoted_date_is_accepted_as_a_date_and_reported_once(mini_copy: Path) -> None:
    """YAML 1.1 readers see a date, YAML 1.2 readers text: validate asks for quotes, and nothing else breaks."""
    _edit(mini_copy / "legal/civil-code.yaml", 'effective: "2021-01-01"', "effective: 2021-01-01")
    result = check_path(mini_copy)
    [finding] = result.findings
    assert (finding.rule, finding.line) == ("schema.yaml11-surprise", 8)
    assert 'write "2021-01-01"' in finding.message("en")
    assert result.handbook.entries["legal"]["civil-code"].entry.effective.isoformat() == "2021-01-01"  # type: ignore[attr-defined]
