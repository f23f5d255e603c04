"""Walk an entry's data for its prose and its references.

The rules (legal currency, conduct, editorial, reference integrity) and the exporters all read the same
two things from an entry: the author-written text and the ``kind:id#anchor`` references. They share
these walkers so that they agree on what counts as each, and every result carries its path in the entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["REF_FIELDS", "SKIP_KEYS", "iter_refs", "iter_texts"]

Path_ = tuple[str | int, ...]

#: fields whose string values (or list items) are references
REF_FIELDS = frozenset({"refs", "basis", "breaks", "stage", "to", "superseded_by", "rule"})

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


def iter_texts(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
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


def iter_refs(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every reference string under ``data``, with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in REF_FIELDS:
                if isinstance(value, str):
                    yield (*path, key), value
                elif isinstance(value, list):
                    for i, item in enumerate(value):
                        if isinstance(item, str):
                            yield (*path, key, i), item
                continue
            yield from iter_refs(value, (*path, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from iter_refs(item, (*path, i))
