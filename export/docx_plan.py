"""A planned DOCX document: the file stem it goes to and how to build it (built only when written)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .docx_common import DocWriter

__all__ = ["PlannedDocument"]


@dataclass(frozen=True)
class PlannedDocument:
    """One file the DOCX exporter will write."""

    #: file name without suffix; sanitised again by ``atomic_write.output_path``
    stem: str
    build: Callable[[], DocWriter]
