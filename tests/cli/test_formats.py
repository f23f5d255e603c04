"""``handbook validate --format github|sarif``: parseable output with the right locations and rule metadata."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from cuishou.reporters import render_github, render_sarif
from cuishou.schema.findings import Finding, Location, Severity
from cuishou.schema.rules import RULES
from tests.helpers import run_cli
from tests.schema_tool import SARIF_MULTITOOL, SARIF_SCHEMA, need

# ::error file=F,line=L,col=C,title=T::MESSAGE  (GitHub workflow command)
COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def _break(handbook: Path) -> tuple[Path, int, int]:
    """Make one YAML 1.1 surprise in a copy of the handbook; return its file and 1-based line and column."""
    path = handbook / "procedures" / "collection-lifecycle.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if "timing: 还款日前三天" in line)
    lines[index] = lines[index].replace("还款日前三天", "21:00")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, index + 1, lines[index].index("21:00") + 1


def _unescape(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def _parse_github(out: str) -> list[tuple[str, dict[str, str], str]]:
    parsed = []
    for line in out.splitlines():
        match = COMMAND.match(line)
        assert match, line
        level, props, message = match.groups()
        fields = dict(item.split("=", 1) for item in props.split(","))
        parsed.append((level, {k: _unescape(v) for k, v in fields.items()}, _unescape(message)))
    return parsed


def test_github_annotation_points_at_the_finding(handbook_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, line, col = _break(handbook_copy)
    monkeypatch.chdir(handbook_copy.parent)
    result = run_cli("validate", "handbook", "--format", "github")
    assert result.code == 1, result
    [(level, props, message)] = _parse_github(result.out)
    assert level == "error"
    assert props == {
        "file": "handbook/procedures/collection-lifecycle.yaml",
        "line": str(line),
        "col": str(col),
        "title": "schema.yaml11-surprise",
    }
    assert message.endswith('请加引号写成 "21:00"')


def test_github_is_chosen_inside_github_actions(handbook_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _break(handbook_copy)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    auto = run_cli("validate", handbook_copy, "--lang", "en")
    assert auto.out.startswith("::error file="), auto
    explicit = run_cli("validate", handbook_copy, "--format", "text")
    assert not explicit.out.startswith("::"), explicit


def test_github_escapes_properties_and_message() -> None:
    finding = Finding(
        "schema.invalid",
        Severity.WARNING,
        Location("dir,with:odd/100%.yaml", 3, 4),
        "schema.invalid",
        {"detail": "50%\nsecond line\r, a: b"},
    )
    out = render_github([finding], "en")
    assert out.count("\n") == 1  # one command, even though the message has a line break
    [(level, props, message)] = _parse_github(out)
    assert level == "warning"
    assert props["file"] == "dir,with:odd/100%.yaml"
    assert message == "invalid value: 50%\nsecond line\r, a: b"
    assert "%2C" in out.split("::")[1] and "%3A" in out.split("::")[1]


def test_sarif_log_has_rules_results_and_locations(handbook_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, line, col = _break(handbook_copy)
    (handbook_copy / "kpis" / "bad.yaml").write_text("id: x\ntitle: t\nformula: f\nmeaning: m\n", encoding="utf-8")
    monkeypatch.chdir(handbook_copy.parent)
    result = run_cli("validate", "handbook", "--format", "sarif", "--lang", "en")
    assert result.code == 1, result
    log = json.loads(result.out)
    assert log["version"] == "2.1.0" and "sarif" in log["$schema"]
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "handbook"
    rules = driver["rules"]
    assert {r["id"] for r in rules} >= set(RULES)
    for rule in rules:
        info = RULES[rule["id"]]
        assert rule["shortDescription"]["text"] == info.summary_en
        assert info.summary_zh in rule["fullDescription"]["text"]
        assert (
            rule["defaultConfiguration"]["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[info.severity.value]
        )
    where = set()
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] == "error" and res["message"]["text"]
        [loc] = res["locations"]
        artifact = loc["physicalLocation"]["artifactLocation"]
        assert not artifact["uri"].startswith("/") and "\\" not in artifact["uri"]
        region = loc["physicalLocation"]["region"]
        where.add((unquote(artifact["uri"]), region["startLine"], region["startColumn"], res["ruleId"]))
    assert where == {
        ("handbook/procedures/collection-lifecycle.yaml", line, col, "schema.yaml11-surprise"),
        ("handbook/kpis/bad.yaml", 1, 1, "schema.missing"),
    }


def test_sarif_clean_run_and_chinese_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    result = run_cli("validate", "handbook", "--format", "sarif")
    assert result.code == 0, result
    log = json.loads(result.out)
    assert log["runs"][0]["results"] == []
    rule = next(r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "ref.unresolved")
    assert rule["shortDescription"]["text"] == RULES["ref.unresolved"].summary_zh


def test_sarif_related_location_and_whole_file_finding() -> None:
    dup = Finding(
        "id.duplicate",
        Severity.ERROR,
        Location(os.path.join("handbook", "scripts", "copy.yaml"), 2, 5),
        "id.duplicate",
        {},
        related=Location("handbook/scripts/first-call.yaml", 2, 5),
    )
    whole = Finding("schema.meta-missing", Severity.ERROR, Location("handbook/meta.yaml"), "schema.meta-missing")
    log = json.loads(render_sarif([dup, whole], "zh"))
    first, second = log["runs"][0]["results"]
    assert first["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "handbook/scripts/first-call.yaml"
    )
    assert "region" not in second["locations"][0]["physicalLocation"]  # line 0: no region, never startLine 0


def _sarif_with_findings(handbook: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _break(handbook)
    (handbook / "kpis" / "bad.yaml").write_text("id: x\nrefs: [legal:civil-code#9999]\n", encoding="utf-8")
    monkeypatch.chdir(handbook.parent)
    result = run_cli("validate", "handbook", "--format", "sarif", "--lang", "en")
    assert result.code == 1, result
    out = handbook.parent / "handbook.sarif"
    out.write_text(result.out, encoding="utf-8")
    return out


def test_sarif_rules_have_a_readable_name_and_the_tool_an_information_uri(
    handbook_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    driver = json.loads(_sarif_with_findings(handbook_copy, monkeypatch).read_text(encoding="utf-8"))["runs"][0]
    driver = driver["tool"]["driver"]
    assert re.fullmatch(r"[a-z]+:\S+", driver["informationUri"])
    for rule in driver["rules"]:
        assert rule["name"] != rule["id"] and re.fullmatch(r"(?:[A-Z][a-z0-9]*)+", rule["name"]), rule
    names = [r["name"] for r in driver["rules"]]
    assert len(set(names)) == len(names)


def test_sarif_is_valid_against_the_sarif_2_1_0_schema(handbook_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    schema = need(SARIF_SCHEMA, "the SARIF 2.1.0 schema (@microsoft/jest-sarif)")
    log = _sarif_with_findings(handbook_copy, monkeypatch)
    # the OASIS schema's own language pattern has an unbalanced "]" that only Python's regex dialect accepts
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--regex-variant", "python", "--schemafile", str(schema), str(log)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_sarif_multitool_finds_nothing_to_warn_about(
    handbook_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    tool = need(SARIF_MULTITOOL, "the SARIF Multitool (@microsoft/sarif-multitool)")
    if not os.access(tool, os.X_OK):
        tool.chmod(tool.stat().st_mode | 0o100)  # its postinstall step does this when npm runs scripts
    log = _sarif_with_findings(handbook_copy, monkeypatch)
    report = tmp_path / "validation.sarif"
    proc = subprocess.run(
        [str(tool), "validate", str(log), "--output", str(report)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env={**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads(report.read_text(encoding="utf-8-sig"))["runs"][0]["results"]
    assert [(r["ruleId"], r["message"]) for r in results] == []
