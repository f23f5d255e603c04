"""Walk the author-written text of an entry: every string except ids, codes, references and lint patterns.

The legal-currency, conduct and editorial rules all read prose; they share this walker so that they agree
on what counts as text and each finding points at the YAML value it came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .refs import REF_FIELDS

__all__ = ["SKIP_KEYS", "iter_texts"]

#: keys whose values are codes, references or regular expressions, not prose
SKIP_KEYS = frozenset(
    {
        "id",
        "kind",
        "channel",
        "channels",
        "speaker",
        "severity",
        "status",
        "confidence",
        "seed",
        "number",
        "patterns",
        "exceptions",
        "schema_version",
        "version",
        "language",
        "contact_window",
        *REF_FIELDS,
    }
)


def iter_texts(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every prose string under ``data`` with its path (relative to ``data``)."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in SKIP_KEYS:
                yield from iter_texts(value, (*path, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from iter_texts(item, (*path, i))
