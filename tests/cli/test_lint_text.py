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
    assert (1, "conduct.threat-violence", "model") in [(f["line"], f["rule"], f["source"]) for f in findings], result
    assert all(f["pattern"] is None and 0.5 <= f["confidence"] < 1 for f in findings)
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


def test_json_lines_carry_each_record_id_through(tmp_path: Path) -> None:
    path = tmp_path / "calls.jsonl"
    records = [
        {"id": "call-17#3", "text": "您好，请问是王先生本人吗？"},
        {"id": 42, "text": "我是法务部的，已经收到立案材料了。", "agent": "A01"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n\n", encoding="utf-8")
    result = run_cli("lint-text", path, "--format", "jsonl", "--handbook", SHIPPED)
    found = [json.loads(line) for line in result.out.splitlines()]
    assert result.code == 1, result
    assert {(f["line"], f["id"], f["rule"]) for f in found} >= {(2, "42", "conduct.impersonation-authority")}
    assert all(f["line"] == 2 for f in found)
    other = tmp_path / "calls.txt"
    other.write_text('{"uid": 1, "body": "我是法务部的，已经收到立案材料了。"}\n', encoding="utf-8")
    named = run_cli("lint-text", other, "--jsonl", "--text-field", "body", "--id-field", "uid", "--format", "json",
                    "--handbook", SHIPPED)  # fmt: skip
    assert {f["id"] for f in json.loads(named.out)["findings"]} == {"1"}, named


def test_a_record_without_its_text_field_is_a_located_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "calls.jsonl"
    path.write_text('{"text": "好的"}\n{"txt": "oops"}\n', encoding="utf-8")
    result = run_cli("lint-text", path, "--handbook", SHIPPED)
    assert result.code == 2 and "2" in result.err and "text" in result.err, result


def test_rule_register_never_fires_and_registers_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "rules.txt"
    path.write_text("催收人员不得冒充公检法人员，不得向第三方透露债务人的欠款信息。\n", encoding="utf-8")
    assert run_cli("lint-text", path, "--register", "rule", "--handbook", SHIPPED).out == ""
    spoken = tmp_path / "call.txt"
    spoken.write_text("我是法务部的，已经收到立案材料了。\n", encoding="utf-8")
    result = run_cli("lint-text", spoken, "--register", "spoken", "--format", "json", "--handbook", SHIPPED)
    assert {f["register"] for f in json.loads(result.out)["findings"]} == {"spoken"}, result


def test_jobs_give_the_same_output_in_the_same_order(tmp_path: Path) -> None:
    path = tmp_path / "many.txt"
    lines = [TRANSCRIPT.splitlines()[i % 4] + f"（{i}）" for i in range(5000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = run_cli("lint-text", path, "--handbook", SHIPPED)
    two = run_cli("lint-text", path, "--jobs", "2", "--handbook", SHIPPED)
    assert one.out == two.out and one.code == two.code == 1
    assert len(one.out.splitlines()) >= 2500
    assert run_cli("lint-text", path, "--jobs", "zero", "--handbook", SHIPPED).code == 2


def test_line_numbers_count_newlines_only(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes("第一行\u2028仍是第一行\f\r\n第二行\x1c\n我是法务部的，已经收到立案材料了。\n".encode())
    result = run_cli("lint-text", path, "--handbook", SHIPPED)
    assert result.out.startswith(f"{path}:3:"), result


def test_an_overlong_line_is_checked_up_to_the_limit_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("好" * 100_000 + "\n我是法务部的，已经收到立案材料了。\n", encoding="utf-8")
    result = run_cli("lint-text", path, "--handbook", SHIPPED)
    assert f"{path}:1:1: warning lint.line-too-long" in result.out, result
    assert f"{path}:2:" in result.out


def test_input_in_another_encoding_is_named(tmp_path: Path) -> None:
    for encoding, name in (("gbk", "GBK"), ("utf-16", "UTF-16")):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes("好的，谢谢。\n我是法务部的\n".encode(encoding))
        result = run_cli("lint-text", path, "--handbook", SHIPPED)
        assert result.code == 2 and name in result.err, result


def test_closed_standard_input_is_a_plain_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    result = run_cli("lint-text", "-", "--handbook", SHIPPED)
    assert result.code == 2 and "标准输入" in result.err, result


def test_a_handbook_with_a_broken_rule_is_refused_not_ignored(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "hb"
    shutil.copytree(SHIPPED, root)
    rule = root / "conduct" / "impersonation-authority.yaml"
    rule.write_text(rule.read_text(encoding="utf-8") + "bogus_key: 1\n", encoding="utf-8")
    path = tmp_path / "call.txt"
    path.write_text("我是法务部的，已经收到立案材料了。\n", encoding="utf-8")
    result = run_cli("lint-text", path, "--handbook", root)
    assert result.code == 2 and "impersonation-authority.yaml" in result.err, result


def test_streaming_memory_stays_flat(tmp_path: Path) -> None:
    """A 20 MB transcript costs no more memory than a one-line file: the input is never held whole (the
    benchmark, ``python -m bench.lint``, checks 150 MB with the model)."""
    import subprocess

    def peak_kib(path: Path) -> int:
        code = (
            "import resource, sys; from cuishou.cli import main; rc = main(['lint-text', sys.argv[1], "
            "'--no-model', '--handbook', sys.argv[2]]); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(path), str(SHIPPED)], capture_output=True, text=True, encoding="utf-8"
        )
        assert done.returncode == 0, done.stderr
        return int(done.stdout.strip().splitlines()[-1])

    one = tmp_path / "one.txt"
    one.write_text("您好，请问是王先生本人吗？\n", encoding="utf-8")
    big = tmp_path / "big.txt"
    block = ("您好，请问是王先生本人吗？我们可以为您申请分期。" * 3 + "\n").encode() * 1000
    with big.open("wb") as handle:
        for _ in range(90):
            handle.write(block)
    assert big.stat().st_size > 19_000_000
    grown = peak_kib(big) - peak_kib(one)
    assert grown < 10 * 1024, grown  # the file alone is 19 MB; read whole, it would be more than twice that
