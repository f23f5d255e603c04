"""``handbook lint-text``: free text, one utterance per line; text and JSON output; exit codes."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.conftest import SHIPPED
from tests.helpers import run_cli

TRANSCRIPT = """\
您好，我是某银行信用卡中心的工作人员，工号 2031。
我是法务部的，已经收到立案材料了。
我们不会联系您的家人。
今晚十一点我再打给你。
"""


def test_text_output_points_at_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    result = run_cli("lint-text", path, "--handbook", SHIPPED)
    assert result.code == 1, result
    lines = result.out.splitlines()
    assert [line.split(" ")[0:3] for line in lines] == [
        [f"{path}:2:1:", "error", "conduct.impersonation-authority"],
        [f"{path}:4:1:", "error", "conduct.contact-hours"],
    ], result


def test_json_format(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text("好的，谢谢。\n你这种老赖就是垃圾。\n", encoding="utf-8")
    result = run_cli("lint-text", path, "--format", "json", "--lang", "en", "--handbook", SHIPPED)
    assert result.code == 1, result
    data = json.loads(result.out)
    assert [{k: f[k] for k in ("line", "col", "rule", "severity")} for f in data["findings"]] == [
        {"line": 2, "col": 4, "rule": "conduct.insult", "severity": "error"}
    ]
    assert "conduct rule" in data["findings"][0]["message"]


def test_clean_text_exits_zero_and_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(
        io.BytesIO("晚上九点以后我们不会再打扰您。\n孩子开学用钱，可以先还一部分。\n".encode()), encoding="utf-8"
    )
    monkeypatch.setattr(sys, "stdin", stdin)
    result = run_cli("lint-text", "-", "--format", "json", "--handbook", SHIPPED)
    assert (result.code, json.loads(result.out)) == (0, {"findings": []}), result


def test_warning_only_exits_zero(tmp_path: Path) -> None:
    root = tmp_path / "hb"
    import shutil

    shutil.copytree(SHIPPED, root)
    rule = root / "conduct" / "insult.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("severity: error", "severity: warning"), encoding="utf-8")
    path = tmp_path / "t.txt"
    path.write_text("你这种老赖。\n", encoding="utf-8")
    result = run_cli("lint-text", path, "--handbook", root)
    assert result.code == 0 and "warning conduct.insult" in result.out, result


def test_missing_or_non_utf8_file_exits_two(tmp_path: Path) -> None:
    assert run_cli("lint-text", tmp_path / "nope.txt", "--handbook", SHIPPED).code == 2
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("我是法务部的".encode("gbk"))
    result = run_cli("lint-text", gbk, "--handbook", SHIPPED)
    assert result.code == 2 and "UTF-8" in result.err, result


#: lines no pattern catches but the model does (paraphrase): a threat through a child, a refusal to record
PARAPHRASE = "你那个闺女在三中读初二吧，放学挺晚的哈\n这通电话没有录音，你放心说\n"


def test_the_model_catches_paraphrase_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text(PARAPHRASE, encoding="utf-8")
    result = run_cli("lint-text", path, "--format", "json", "--handbook", SHIPPED)
    findings = json.loads(result.out)["findings"]
    assert [(f["line"], f["rule"], f["source"]) for f in findings] == [
        (1, "conduct.threat-violence", "model"),
        (2, "conduct.recording", "model"),
    ], result
    assert all(f["pattern"] is None and 0.5 <= f["confidence"] <= 1 for f in findings)
    assert "统计模型判断" in findings[0]["message"]
    assert result.code == 1  # threat-violence is an error-level rule


def test_no_model_means_patterns_only(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text(PARAPHRASE + "我是法务部的，已经收到立案材料了。\n", encoding="utf-8")
    result = run_cli("lint-text", path, "--format", "json", "--no-model", "--handbook", SHIPPED)
    findings = json.loads(result.out)["findings"]
    assert [(f["line"], f["source"], f["pattern"] is not None) for f in findings] == [(3, "pattern", True)], result


def test_meta_can_turn_the_model_off(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "hb"
    shutil.copytree(SHIPPED, root)
    meta = root / "meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "conduct_model: false\n", encoding="utf-8")
    path = tmp_path / "call.txt"
    path.write_text(PARAPHRASE, encoding="utf-8")
    result = run_cli("lint-text", path, "--handbook", root)
    assert (result.code, result.out) == (0, ""), result


def test_an_unreadable_model_is_a_located_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cuishou.schema import conduct_model

    broken = tmp_path / "model.tsv"
    broken.write_text("not a model\n", encoding="utf-8")
    monkeypatch.setattr(conduct_model, "MODEL_PATH", broken)
    path = tmp_path / "call.txt"
    path.write_text(PARAPHRASE, encoding="utf-8")
    result = run_cli("lint-text", path, "--handbook", SHIPPED)
    assert result.code == 2 and str(broken) in result.err and "--no-model" in result.err, result
    assert run_cli("lint-text", path, "--no-model", "--handbook", SHIPPED).code == 0
