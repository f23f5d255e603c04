"""Exporters: one module per output format behind the ``Exporter`` protocol (``base.py``).

``EXPORTER_BY_NAME`` feeds ``handbook export FORMAT`` directly; a new format registers here.
"""

from __future__ import annotations

from .base import Exporter, Selection
from .docx_exporter import DocxExporter
from .json_bundle import JsonBundleExporter

__all__ = ["EXPORTER_BY_NAME", "Exporter", "Selection"]

#: ``handbook export FORMAT`` -> exporter class
EXPORTER_BY_NAME: dict[str, type[Exporter]] = {
    DocxExporter.name: DocxExporter,
    JsonBundleExporter.name: JsonBundleExporter,
}
