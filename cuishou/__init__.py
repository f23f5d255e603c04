"""Collection-training handbook as code: validate the YAML handbook and export handouts.

The import root is ``cuishou``; the repository's top-level ``schema/`` and ``export/`` folders are its
subpackages ``cuishou.schema`` and ``cuishou.export`` (linked in as ``cuishou/schema`` and
``cuishou/export``), so nothing here shadows the PyPI packages called ``schema`` or ``export``.
"""

from __future__ import annotations

__version__ = "0.1.0"
