"""Output paths stay inside --out; a failed write leaves the old file and no temporary file behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cuishou.export.atomic_write import StagedOutput, output_path, safe_stem, write_atomic
from cuishou.schema.findings import HandbookError


@pytest.mark.parametrize("name", ["../escape", "a/b", "/etc/passwd", "..", "Ä..x"])
def test_names_never_leave_the_folder(tmp_path: Path, name: str) -> None:
    try:
        target = output_path(tmp_path, name, ".docx")
    except HandbookError:
        return
    assert target.resolve().parent == tmp_path.resolve()
    assert "/" not in safe_stem(name)


def test_empty_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(HandbookError):
        output_path(tmp_path, "../..", ".docx")


def test_write_replaces_only_when_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out" / "a.docx"
    write_atomic(target, b"old")
    assert target.read_bytes() == b"old"

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", broken_replace)
    with pytest.raises(HandbookError, match=r"io\.cannot-write"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.docx"]


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("kind", ["fifo", "folder", "symlink"])
def test_a_target_that_is_not_a_regular_file_is_refused_and_left_alone(tmp_path: Path, kind: str) -> None:
    """``train-conduct --out /dev/full`` as root replaced the device node with a regular file."""
    target = tmp_path / "model.tsv"
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep", encoding="utf-8")
    if kind == "fifo":
        _fifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target.symlink_to(elsewhere)
    before = target.lstat()
    with pytest.raises(HandbookError) as caught:
        write_atomic(target, b"new")
    assert caught.value.message_key == "io.not-regular"
    after = target.lstat()
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert elsewhere.read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["model.tsv", "elsewhere.txt"])


def test_staged_set_appears_only_on_commit(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with StagedOutput(out) as stage:
        stage.write(out / "a.docx", b"a")
        stage.write(out / "b.docx", b"b")
        assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == []
        written = stage.commit()
    assert written == [out / "a.docx", out / "b.docx"]
    assert sorted(p.name for p in out.iterdir()) == ["a.docx", "b.docx"]


def test_staged_set_left_without_commit_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.docx").write_bytes(b"old")
    with pytest.raises(RuntimeError), StagedOutput(out) as stage:
        stage.write(out / "a.docx", b"new")
        raise RuntimeError("failed while building the next document")
    assert [(p.name, p.read_bytes()) for p in out.iterdir()] == [("a.docx", b"old")]


def test_a_failed_move_says_exactly_what_was_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    real_replace = os.replace
    calls: list[str] = []

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(str(dst))
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(HandbookError) as caught, StagedOutput(out) as stage:
        for name in ("a", "b", "c"):
            stage.write(out / f"{name}.docx", name.encode())
        stage.commit()
    message = caught.value.message("en")
    assert f"replaced {out / 'a.docx'}" in message and f"{out / 'b.docx'}, {out / 'c.docx'}" in message
    assert sorted(p.name for p in out.iterdir()) == ["a.docx"]
