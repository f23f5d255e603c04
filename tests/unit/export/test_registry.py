"""Every registered exporter has what the CLI relies on (the registry imports them lazily, so mypy cannot tell)."""

from __future__ import annotations

import pytest

from cuishou.export import EXPORTER_BY_NAME


@pytest.mark.parametrize("name", sorted(EXPORTER_BY_NAME))
def test_exporter_has_the_protocol(name: str) -> None:
    exporter = EXPORTER_BY_NAME[name]()
    assert exporter.name == name
    assert exporter.suffix.startswith(".")
    assert isinstance(exporter.kinds, tuple) and "all" not in exporter.kinds
    assert exporter.findings == []
    assert callable(exporter.export)
