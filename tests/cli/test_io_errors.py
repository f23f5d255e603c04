"""The CLI under I/O failure and interruption: one plain message, exit 2, earlier files intact."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tests.conftest import MINI
from tests.helpers import run_cli


def test_output_path_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "not-a-folder"
    target.write_text("x", encoding="utf-8")
    result = run_cli("export", "docx", "--out", target, "--handbook", MINI)
    assert result.code == 2 and "无法写入" in result.err and "Traceback" not in result.err, result
    assert target.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize(
    ("code", "text"), [(errno.ENOSPC, "No space left on device"), (errno.EACCES, "Permission denied")]
)
def test_disk_full_or_permission_denied_keeps_earlier_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, text: str
) -> None:
    out = tmp_path / "out"
    assert run_cli("export", "docx", "--kind", "legal", "--out", out, "--handbook", MINI).code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def fail(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        raise OSError(code, text, str(dst))

    monkeypatch.setattr(os, "replace", fail)
    result = run_cli("export", "docx", "--kind", "legal", "--out", out, "--handbook", MINI)
    assert result.code == 2 and text in result.err and "Traceback" not in result.err, result
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before, "earlier export intact, no temp file left"


def test_interrupt_exits_two_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import cuishou.schema.check as check

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(check, "check_path", interrupted)
    result = run_cli("validate", MINI)
    assert result.code == 2 and "已中断" in result.err, result


def test_unexpected_bug_prints_one_line_and_saves_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import cuishou.schema.check as check

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(check, "check_path", broken)
    result = run_cli("validate", MINI)
    assert result.code == 2 and "内部错误" in result.err and "Traceback" not in result.err, result
    log = Path(result.err.rsplit("保存到 ", 1)[1].strip())
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")
    log.unlink()
