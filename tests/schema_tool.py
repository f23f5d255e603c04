"""Run the third-party validator check-jsonschema, so our JSON output is judged by someone else's code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schema" / "json"


def check_jsonschema(schema: Path, *instances: Path) -> subprocess.CompletedProcess[str]:
    """``check-jsonschema --schemafile SCHEMA FILE…`` (format checks on); exit 0 means every file is valid."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), *map(str, instances)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
