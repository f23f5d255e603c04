"""Read free text for ``lint-text`` as a stream: plain lines or JSON Lines, in bounded memory.

QA teams lint a day's call transcripts at once, so the input is never read whole: bytes come in blocks,
lines are cut on ``\\n`` only (``\\r\\n`` too; U+2028, form feeds and the like are text, not line breaks,
so line numbers match what editors and ``wc -l`` show), and a line longer than ``max_bytes`` is checked up
to that length and reported, never buffered whole (``lint-text - </dev/zero`` stays flat).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from .schema.findings import HandbookError, define_messages
from .schema.text_encoding import guess_encoding, looks_utf16

__all__ = ["MAX_LINE_BYTES", "TextLine", "read_lines"]

#: a line longer than this is checked up to here and reported (a transcript line is far shorter)
MAX_LINE_BYTES = 64 * 1024
_BLOCK = 1 << 20

define_messages(
    {
        "lint.encoding": (
            "{path} 不是 UTF-8 编码（看起来是 {guess}）：请另存为 UTF-8",
            "{path} is not UTF-8 (it looks like {guess}): save it as UTF-8",
        ),
        "lint.encoding-unknown": (
            "{path} 第 {line} 行不是 UTF-8 编码（第 {byte} 字节无法解码）：请另存为 UTF-8",
            "{path} line {line} is not UTF-8 (byte {byte} cannot be decoded): save it as UTF-8",
        ),
        "lint.jsonl": (
            "{path} 第 {line} 行不是 JSON 对象，或没有文本字段“{field}”",
            "{path} line {line} is not a JSON object with a text field '{field}'",
        ),
    }
)


@dataclass(frozen=True)
class TextLine:
    """One line to lint: its 1-based number, the record id (JSON Lines), the text, whether it was cut."""

    number: int
    id: str | None
    text: str
    truncated: bool = False


def read_lines(
    stream: IO[bytes],
    shown: str,
    *,
    jsonl: bool = False,
    text_field: str = "text",
    id_field: str = "id",
    max_bytes: int = MAX_LINE_BYTES,
) -> Iterator[TextLine]:
    """Lines of ``stream``; ``HandbookError`` (exit 2) for text that is not UTF-8 or JSON Lines that are not."""
    number = 0
    first = True
    for raw, truncated in _raw_lines(stream, max_bytes):
        number += 1
        if first:
            first = False
            if looks_utf16(raw):
                raise HandbookError("lint.encoding", "io", path=shown, guess="UTF-16")
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        text = _decode(raw.removesuffix(b"\r"), shown, number, truncated)
        if not jsonl:
            yield TextLine(number, None, text, truncated)
            continue
        if not text.strip():
            continue  # blank lines between records are allowed
        record = _record(text, shown, number, text_field)
        ident = record.get(id_field)
        text_value = record[text_field]
        assert isinstance(text_value, str)  # checked by _record
        yield TextLine(number, None if ident is None else str(ident), text_value, truncated)


def _raw_lines(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[bytes, bool]]:
    """Byte lines split on ``\\n``; each at most ``max_bytes`` long (with a flag when cut)."""
    pending = b""
    skipping = False
    while True:
        block = stream.read(_BLOCK)
        if not block:
            break
        start = 0
        while True:
            end = block.find(b"\n", start)
            if end < 0:
                if not skipping:
                    pending += block[start:]
                    if len(pending) > max_bytes:
                        yield _cut(pending, max_bytes), True
                        pending, skipping = b"", True
                break
            if skipping:
                skipping = False  # the over-long line ends here; it was already reported
            else:
                line = pending + block[start:end]
                pending = b""
                yield (_cut(line, max_bytes), True) if len(line) > max_bytes else (line, False)
            start = end + 1
    if pending and not skipping:
        yield pending, False


def _cut(line: bytes, max_bytes: int) -> bytes:
    """The first ``max_bytes`` of a line, not splitting a UTF-8 character."""
    cut = line[:max_bytes]
    return cut.decode("utf-8", errors="ignore").encode("utf-8") if cut else cut


def _decode(raw: bytes, shown: str, number: int, truncated: bool) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if truncated and exc.start >= len(raw) - 3:
            return raw[: exc.start].decode("utf-8")
        guess = guess_encoding(raw)
        if guess is not None:
            raise HandbookError("lint.encoding", "io", path=shown, guess=guess) from exc
        raise HandbookError("lint.encoding-unknown", "io", path=shown, line=number, byte=exc.start) from exc


def _record(text: str, shown: str, number: int, field: str) -> dict[str, object]:
    try:
        record = json.loads(text)
    except ValueError:
        record = None
    if not isinstance(record, dict) or not isinstance(record.get(field), str):
        raise HandbookError("lint.jsonl", "io", path=shown, line=number, field=field)
    return record
