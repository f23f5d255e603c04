"""``handbook validate`` end to end: exit codes, text and JSON output, languages, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SHIPPED
from tests.helpers import run_cli


def test_shipped_handbook_exits_zero() -> None:
    result = run_cli("validate", SHIPPED)
    assert (result.code, result.out) == (0, ""), result
    assert "0 个错误" in result.err


def test_errors_exit_one_with_located_text(mini_copy: Path) -> None:
    path = mini_copy / "procedures" / "collection-lifecycle.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("timing: 还款日前三天", "timing: 21:00"), encoding="utf-8")
    result = run_cli("validate", mini_copy)
    assert result.code == 1, result
    line = result.out.strip()
    assert line.endswith('请加引号写成 "21:00"'), result
    assert line.startswith(f"{path}:21:17: error schema.yaml11-surprise "), result


def test_json_format_and_english(mini_copy: Path) -> None:
    (mini_copy / "kpis" / "bad.yaml").write_text("id: x\ntitle: t\nformula: f\nmeaning: m\n", encoding="utf-8")
    result = run_cli("validate", mini_copy, "--format", "json", "--lang", "en")
    assert result.code == 1, result
    data = json.loads(result.out)
    assert data == [
        {
            "file": str(mini_copy / "kpis" / "bad.yaml"),
            "line": 1,
            "col": 1,
            "severity": "error",
            "rule": "schema.missing",
            "message": "missing required field 'sources'",
        }
    ]


def test_single_file_reports_only_that_file(mini_copy: Path) -> None:
    (mini_copy / "kpis" / "bad.yaml").write_text("id: x\n", encoding="utf-8")
    assert run_cli("validate", mini_copy / "scripts" / "first-call.yaml").code == 0
    assert run_cli("validate", mini_copy / "kpis" / "bad.yaml").code == 1


def test_usage_and_io_errors_exit_two(tmp_path: Path) -> None:
    missing = run_cli("validate", tmp_path / "nope")
    assert missing.code == 2 and "找不到路径" in missing.err, missing
    empty = run_cli("validate", tmp_path)
    assert empty.code == 2 and "没有 YAML 文件" in empty.err, empty
    assert run_cli("validate", SHIPPED, "--format", "xml").code == 2
    assert run_cli().code == 2


def test_hostile_file_gives_finding_not_traceback(mini_copy: Path) -> None:
    (mini_copy / "scripts" / "evil.yaml").write_text(
        "id: !!python/object/apply:os.system ['touch /tmp/pwned-handbook']\n", encoding="utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "cuishou", "validate", str(mini_copy)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert proc.returncode == 1
    assert "parse.tag" in proc.stdout
    assert "Traceback" not in proc.stderr
    assert not Path("/tmp/pwned-handbook").exists()


def test_several_missing_fields_at_one_place_are_each_reported(mini_copy: Path) -> None:
    (mini_copy / "kpis" / "bare.yaml").write_text("id: bare\ntitle: 指标\n", encoding="utf-8")
    result = run_cli("validate", mini_copy, "--format", "json", "--lang", "en")
    missing = sorted(f["message"] for f in json.loads(result.out) if f["rule"] == "schema.missing")
    assert missing == [
        "missing required field 'formula'",
        "missing required field 'meaning'",
        "missing required field 'sources'",
    ], result


def test_a_file_outside_any_handbook_is_a_usage_error_not_a_silent_pass(tmp_path: Path) -> None:
    lone = tmp_path / "notes" / "x.yaml"
    lone.parent.mkdir()
    lone.write_text("id: x\ntitle: 1\n", encoding="utf-8")
    result = run_cli("validate", lone)
    assert result.code == 2 and "不在手册中" in result.err and str(lone) in result.err, result


def test_a_file_of_a_handbook_without_meta_is_a_usage_error(mini_copy: Path) -> None:
    (mini_copy / "meta.yaml").unlink()
    result = run_cli("validate", mini_copy / "scripts" / "first-call.yaml")
    assert result.code == 2 and "meta.yaml" in result.err, result


def test_missing_meta_and_outside_links_are_shown_relative_like_every_finding(
    mini_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini_copy / "meta.yaml").unlink()
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("id: x\n", encoding="utf-8")
    (mini_copy / "kpis" / "link.yaml").symlink_to(outside)
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "mini")
    assert result.code == 1, result
    shown = {line.split(":", 1)[0] for line in result.out.splitlines()}
    assert shown == {"mini/meta.yaml", "mini/kpis/link.yaml"}, result


def test_an_output_encoding_that_cannot_show_chinese_gets_escapes_not_a_crash(mini_copy: Path) -> None:
    (mini_copy / "kpis" / "bad.yaml").write_text("id: bad\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "cuishou", "validate", str(mini_copy)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert b"schema.missing \\u7f3a" in proc.stdout and b"Traceback" not in proc.stderr
    assert b"\\u68c0\\u67e5\\u4e86" in proc.stderr  # the summary line, escaped


def test_a_reader_that_stops_reading_ends_the_run_quietly(mini_copy: Path) -> None:
    """``handbook validate | head -1``: no "Broken pipe" message and no exit 2, the shell's SIGPIPE status."""
    (mini_copy / "kpis" / "bad.yaml").write_text("id: bad\n", encoding="utf-8")
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cuishou", "validate", str(mini_copy)], stdout=write_end, stderr=subprocess.PIPE
    )
    os.close(write_end)
    os.close(read_end)  # gone before the first finding is written
    _, err = proc.communicate(timeout=120)
    assert (proc.returncode, err) == (141, b"")
