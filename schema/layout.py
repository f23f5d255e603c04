"""Where a handbook, its JSON Schemas and the tool's own copies of both live on disk.

A handbook repository keeps its data in ``handbook/`` (``meta.yaml`` at its root) and the JSON Schemas its
modelines point at in ``schema/json/`` beside it: ``handbook/courses/x.yaml`` starts with
``# yaml-language-server: $schema=../../schema/json/course.schema.json``. This project is laid out the same
way, and ``handbook init`` creates that layout. The installed tool also carries the schemas and the sample
handbook as package data, so they can be found without a checkout.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["HANDBOOK_DIR", "META_FILE", "default_handbook", "packaged_schema_dir", "sample_root", "schema_dir_for"]

META_FILE = "meta.yaml"
#: the handbook folder of a repository, relative to its top
HANDBOOK_DIR = "handbook"


def schema_dir_for(root: Path) -> Path:
    """The schema folder a handbook rooted at ``root`` points its modelines at: ``root/../schema/json``."""
    return root.parent / "schema" / "json"


def packaged_schema_dir() -> Path:
    """The JSON Schemas shipped inside the installed package (always those of this version of the tool)."""
    return Path(__file__).resolve().parent / "json"


def sample_root() -> Path:
    """The sample handbook: package data ``cuishou/sample`` in a wheel, ``handbook/`` in a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "sample"
    if (installed / META_FILE).is_file():
        return installed
    return package / HANDBOOK_DIR  # editable install: this file is <checkout>/schema/layout.py


def default_handbook(cwd: Path | None = None) -> Path:
    """The handbook a command means when none is named, so authors can work from any folder of their repository.

    ``./handbook`` when it holds ``meta.yaml``; otherwise the nearest folder at or above ``cwd`` that holds
    ``meta.yaml`` or ``handbook/meta.yaml``; otherwise ``handbook`` (which then fails with a plain message).
    """
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / HANDBOOK_DIR / META_FILE).is_file():
            return _shortest(folder / HANDBOOK_DIR, here)
        if (folder / META_FILE).is_file():
            return _shortest(folder, here)
    return Path(HANDBOOK_DIR)


def _shortest(path: Path, cwd: Path) -> Path:
    """``path`` relative to ``cwd`` when it lies below it (so messages stay short), else absolute."""
    try:
        return path.relative_to(cwd)
    except ValueError:
        return path
