"""Safe output: file names derived from ids stay inside the output folder, and files appear whole or not at all.

Any exporter (DOCX, JSON bundle, …) and any command that writes a file writes through ``write_atomic``: the
bytes go to a temporary file in the same folder, which then replaces the target with ``os.replace``. A
reader, a printer queue or a crash in the middle therefore never sees a half-written file, and an old file
survives a failed export. A target that exists but is not a regular file (a device such as ``/dev/full``, a
FIFO, a folder, a symbolic link) is refused: replacing it would destroy something that is not ours.

A set of files (every handout of an export) goes through ``StagedOutput``: all of them are written into a
hidden staging folder inside the output folder first, and moved into place only when every one is
complete, with Ctrl-C held back during the moves. An export that fails or is interrupted before that
leaves the previous set as it was; if a move itself fails, the error lists exactly which files were replaced.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from ..schema.findings import HandbookError, define_messages

__all__ = ["StagedOutput", "output_path", "safe_stem", "write_atomic"]

define_messages(
    {
        "export.bad-name": (
            "无法用“{name}”作为文件名（会写到输出目录之外或为空）",
            "cannot use '{name}' as a file name (empty, or it would leave the output folder)",
        ),
        "io.not-regular": (
            "{path} 已存在但不是普通文件（{what}）：未写入，也未改动它；请指定其他输出位置",
            "{path} exists and is not a regular file ({what}): nothing written, it is left as it was; "
            "choose another output",
        ),
        "export.partial": (
            "移动到位时出错（{path}：{reason}）：已替换 {done}；未替换（保留原文件）：{left}",
            "moving into place failed ({path}: {reason}): replaced {done}; not replaced (old files kept): {left}",
        ),
    }
)

_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def safe_stem(name: str) -> str:
    """A file-name stem from an id: lowercase ASCII letters, digits, ``.``, ``_`` and ``-`` only.

    Ids are kebab-case by schema already; this is the second fence, so that ``../x`` or ``a/b`` can never
    become a path.
    """
    stem = _UNSAFE.sub("-", name.lower()).strip(".-_")
    if not stem:
        raise HandbookError("export.bad-name", "io", name=name)
    return stem


def output_path(out_dir: Path, stem: str, suffix: str) -> Path:
    """``out_dir/stem+suffix``, refusing anything that would resolve outside ``out_dir``."""
    target = out_dir / f"{safe_stem(stem)}{suffix}"
    root = out_dir.resolve()
    if target.parent.resolve() != root or target.name in ("", ".", ".."):
        raise HandbookError("export.bad-name", "io", name=stem)
    return target


def write_atomic(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` through a temporary file in the same folder and ``os.replace``."""
    _refuse_non_regular(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = _write_temp(target.parent, target.name, data)
        try:
            _refuse_non_regular(target)  # checked again: it may have appeared meanwhile
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise HandbookError("io.cannot-write", "io", path=str(target), reason=exc.strerror or str(exc)) from exc
    return target


def _write_temp(folder: Path, name: str, data: bytes) -> Path:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


_KIND_OF_FILE = (
    (stat.S_ISLNK, "符号链接 symbolic link"),
    (stat.S_ISDIR, "文件夹 folder"),
    (stat.S_ISCHR, "字符设备 character device"),
    (stat.S_ISBLK, "块设备 block device"),
    (stat.S_ISFIFO, "管道 FIFO"),
    (stat.S_ISSOCK, "套接字 socket"),
)


def _refuse_non_regular(target: Path) -> None:
    """Refuse to replace anything but a regular file (``/dev/full`` as root became a regular file)."""
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise HandbookError("io.cannot-write", "io", path=str(target), reason=exc.strerror or str(exc)) from exc
    if stat.S_ISREG(mode):
        return
    what = next((name for test, name in _KIND_OF_FILE if test(mode)), "special file")
    raise HandbookError("io.not-regular", "io", path=str(target), what=what)


class StagedOutput:
    """Write a set of files into ``out_dir`` all together: staged first, moved into place at the end.

    Use as a context manager; ``write`` each file, then ``commit`` to move them in and get their paths.
    Leaving the block without ``commit`` (an error, Ctrl-C) removes the staging folder and changes nothing.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.staging: Path | None = None
        self.targets: list[Path] = []

    def __enter__(self) -> StagedOutput:
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self.staging = Path(tempfile.mkdtemp(prefix=".handbook-export-", dir=self.out_dir))
        except OSError as exc:
            raise HandbookError("io.cannot-write", "io", path=str(self.out_dir), reason=exc.strerror) from exc
        return self

    def write(self, target: Path, data: bytes) -> None:
        """Stage ``data`` for ``target`` (a file directly in ``out_dir``); nothing outside staging changes yet."""
        assert self.staging is not None, "use StagedOutput as a context manager"
        if target.parent.resolve() != self.out_dir.resolve():
            raise HandbookError("export.bad-name", "io", name=target.name)
        _refuse_non_regular(target)
        try:
            staged = self.staging / target.name
            with staged.open("xb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(staged, 0o644)
        except OSError as exc:
            raise HandbookError("io.cannot-write", "io", path=str(target), reason=exc.strerror or str(exc)) from exc
        self.targets.append(target)

    def commit(self) -> list[Path]:
        """Move every staged file into place; Ctrl-C waits until the last one is moved."""
        assert self.staging is not None
        for target in self.targets:
            _refuse_non_regular(target)  # before moving anything
        done: list[Path] = []
        with _interrupts_held():
            for target in self.targets:
                try:
                    os.replace(self.staging / target.name, target)
                except OSError as exc:
                    left = [t for t in self.targets if t not in done]
                    raise HandbookError(
                        "export.partial",
                        "io",
                        path=str(target),
                        reason=exc.strerror or str(exc),
                        done=", ".join(map(str, done)) or "-",
                        left=", ".join(map(str, left)),
                    ) from exc
                done.append(target)
        return done

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for the block (a few renames) and deliver them after it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    wanted = [s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None]
    previous: dict[int, Any] = {}
    for signum in wanted:
        previous[signum] = signal.signal(signum, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        if caught:
            if caught[0] == signal.SIGINT:
                raise KeyboardInterrupt
            os.kill(os.getpid(), caught[0])
