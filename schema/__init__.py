"""The handbook's contract: YAML loader with locations, pydantic models, semantic rules, JSON Schemas.

Installed as ``cuishou.schema`` (``package-dir`` in ``pyproject.toml`` maps this folder there), because a
top-level package called ``schema`` would clash with the PyPI package of that name.
"""
