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


def check_jsonschema_many(jobs: dict[Path, list[Path]]) -> dict[Path, tuple[int, str]]:
    """Several schema -> files checks at once (one process each, run side by side): schema -> (exit, output)."""
    procs = {
        schema: subprocess.Popen(
            [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), *map(str, files)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
        )
        for schema, files in jobs.items()
    }
    results = {}
    for schema, proc in procs.items():
        out, _ = proc.communicate()
        results[schema] = (proc.returncode, out)
    return results
