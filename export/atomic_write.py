"""Safe output: file names derived from ids stay inside the output folder, and files appear whole or not at all.

Any exporter (DOCX, JSON bundle, …) writes through ``write_atomic``: the bytes go to a temporary file
in the same folder, which then replaces the target with ``os.replace``. A reader, a printer queue or a
crash in the middle therefore never sees a half-written file, and an old file survives a failed export.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from ..schema.findings import HandbookError, define_messages

__all__ = ["output_path", "safe_stem", "write_atomic"]

define_messages(
    {
        "export.bad-name": (
            "无法用“{name}”作为文件名（会写到输出目录之外或为空）",
            "cannot use '{name}' as a file name (empty, or it would leave the output folder)",
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
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
