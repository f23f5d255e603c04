"""``tools/quote_dates.py``: quotes exactly the unquoted date values, so YAML 1.1 and 1.2 readers agree."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import yaml

from cuishou.schema.check import check_path
from tests.conftest import MINI, ROOT

SCRIPT = ROOT / "tools" / "quote_dates.py"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("quote_dates", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_only_unquoted_date_values_get_quotes_and_nothing_else_changes() -> None:
    quote = _module().quote_dates
    text = (
        "\ufeff# effective: 2021-01-01 in a comment stays\r\n"
        "effective: 2021-01-01\r\n"
        'promulgated: "2020-05-28"\r\n'
        "2021-01-01: a key stays a key\r\n"
        "flow: {repealed: 2021-01-01, note: 2021-01-01 起}\r\n"
        "list: [2021-01-01, '2021-01-02']\r\n"
        "version: 1.10\r\n"
    )
    expected = (
        "\ufeff# effective: 2021-01-01 in a comment stays\r\n"
        'effective: "2021-01-01"\r\n'
        'promulgated: "2020-05-28"\r\n'
        "2021-01-01: a key stays a key\r\n"
        'flow: {repealed: "2021-01-01", note: 2021-01-01 起}\r\n'
        "list: [\"2021-01-01\", '2021-01-02']\r\n"
        "version: 1.10\r\n"
    )
    assert quote(text) == expected
    assert quote(expected) == expected, "running it again changes nothing"
    assert yaml.safe_load(quote("a: 2021-01-01\n")) == {"a": "2021-01-01"}


def test_the_script_makes_a_handbook_free_of_unquoted_dates(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    shutil.copytree(MINI, root)
    meta = root / "meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace('"2026-12-01"', "2026-12-01"), encoding="utf-8")
    assert "schema.yaml11-surprise" in {f.rule for f in check_path(root).findings}
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), str(root)], capture_output=True, text=True, encoding="utf-8", check=True
    )
    assert proc.stdout.strip() == str(meta)
    assert check_path(root).findings == []
    again = subprocess.run(
        [sys.executable, str(SCRIPT), str(root)], capture_output=True, text=True, encoding="utf-8", check=True
    )
    assert again.stdout == ""
