"""Exporters: one module per output format behind the ``Exporter`` protocol (``base.py``).

``EXPORTER_BY_NAME`` feeds ``handbook export FORMAT`` directly; a new format registers here. Its values are
imported on first use, so building the command line (``handbook --help``) never loads python-docx or the
models.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from .base import Exporter, Selection

__all__ = ["EXPORTER_BY_NAME", "Exporter", "Selection"]

#: format name -> "module:Class" below this package
_EXPORTER_PATHS: dict[str, str] = {
    "docx": "docx_exporter:DocxExporter",
    "json": "json_bundle:JsonBundleExporter",
    "pdf": "pdf_exporter:PdfExporter",
    "html": "html_site:HtmlSiteExporter",
}


class _LazyExporters(Mapping[str, type[Exporter]]):
    """A read-only mapping whose classes are imported when looked up."""

    def __init__(self, paths: dict[str, str]) -> None:
        self._paths = paths

    def __getitem__(self, name: str) -> type[Exporter]:
        module_name, _, class_name = self._paths[name].partition(":")
        module = importlib.import_module(f".{module_name}", __name__)
        cls: type[Exporter] = getattr(module, class_name)
        return cls

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


#: ``handbook export FORMAT`` -> exporter class
EXPORTER_BY_NAME: Mapping[str, type[Exporter]] = _LazyExporters(_EXPORTER_PATHS)
