"""Exporters: one module per output format (imported as ``cuishou.export``)."""

from __future__ import annotations
