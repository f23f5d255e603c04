"""Output paths stay inside --out; a failed write leaves the old file and no temporary file behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from cuishou.export.atomic_write import output_path, safe_stem, write_atomic
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
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.docx"]
