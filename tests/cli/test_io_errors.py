"""The CLI under I/O failure and interruption: one plain message, exit 2, earlier files intact."""

from __future__ import annotations

import errno
import os
import signal
import time
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


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("where", ["serial", "workers"])
def test_interrupt_while_exporting_a_set_leaves_the_previous_set(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from cuishou.export import docx_exporter
    from cuishou.export.docx_common import DocWriter

    out = tmp_path / "out"
    assert run_cli("export", "docx", "--kind", "all", "--out", out, "--handbook", MINI).code == 0
    for path in out.iterdir():  # last week's set, recognisably different from a new one
        path.write_bytes(b"last week: " + path.name.encode())
    before = _snapshot(out)
    real = DocWriter.to_bytes
    parent = os.getpid()
    built: list[int] = []

    def interrupted_in_process(self: DocWriter) -> bytes:
        built.append(1)
        if len(built) == 3:
            raise KeyboardInterrupt
        return real(self)

    def ctrl_c_while_workers_build(self: DocWriter) -> bytes:
        try:  # exactly one worker plays the terminal: Ctrl-C goes to the worker itself and to the parent
            os.close(os.open(tmp_path / "ctrl-c", os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return real(self)
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(parent, signal.SIGINT)
        time.sleep(30)  # still "building" when the parent gives up and stops the pool
        return real(self)

    if where == "serial":
        monkeypatch.setattr(docx_exporter, "_workers", lambda count: 0)
        monkeypatch.setattr(DocWriter, "to_bytes", interrupted_in_process)
    else:
        if not docx_exporter._workers(10):
            pytest.skip("one core or no fork: the export never starts workers here")
        monkeypatch.setattr(DocWriter, "to_bytes", ctrl_c_while_workers_build)
    capfd.readouterr()
    started = time.monotonic()
    result = run_cli("export", "docx", "--kind", "all", "--out", out, "--handbook", MINI)
    assert result.code == 2 and "已中断" in result.err and result.out == "", result
    assert time.monotonic() - started < 20, "the parent stopped the workers instead of waiting for them"
    assert "Traceback" not in capfd.readouterr().err, "a worker printed a traceback on Ctrl-C"
    assert _snapshot(out) == before, "no new document replaced an old one, and nothing was left behind"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_special_file_among_the_targets_stops_the_export_before_anything_moves(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "legal-booklet.docx")
    result = run_cli("export", "docx", "--kind", "all", "--out", out, "--handbook", MINI, "--lang", "en")
    assert result.code == 2 and "not a regular file" in result.err, result
    assert [p.name for p in out.iterdir()] == ["legal-booklet.docx"] and (out / "legal-booklet.docx").is_fifo()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_json_bundle_to_a_fifo_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "handbook.json")
    result = run_cli("export", "json", "--out", tmp_path / "handbook.json", "--handbook", MINI, "--lang", "en")
    assert result.code == 2 and "not a regular file" in result.err, result
    assert (tmp_path / "handbook.json").is_fifo()
