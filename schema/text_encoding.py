"""Name the encoding of bytes that are not UTF-8, so an author or QA analyst is told what to re-save as.

Chinese text that is not UTF-8 is nearly always GBK/GB18030 (Windows' default for Simplified Chinese) or
UTF-16 (Word's "Unicode text"); saying which is more useful than "byte 17 cannot be decoded".
"""

from __future__ import annotations

import codecs

__all__ = ["guess_encoding", "looks_utf16"]


def looks_utf16(raw: bytes) -> bool:
    """UTF-16, with a byte-order mark or without one (ASCII text then has a NUL in every other byte)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    head = raw[:64]
    return len(head) >= 4 and head.count(0) * 3 >= len(head)


def guess_encoding(raw: bytes) -> str | None:
    """``"UTF-16"`` or ``"GBK/GB18030"`` when ``raw`` (not UTF-8) decodes as that; ``None`` when unknown."""
    if looks_utf16(raw):
        return "UTF-16"
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return "GBK/GB18030"
