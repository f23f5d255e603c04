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


#: third-party JavaScript clients installed by ``npm ci --prefix tests/tools`` (.ci/run does it)
NODE_TOOLS = ROOT / "tests" / "tools" / "node_modules"
AJV = NODE_TOOLS / ".bin" / "ajv"
#: the SARIF 2.1.0 JSON Schema (OASIS final, "rtm.5"), as the @microsoft/jest-sarif package ships it
SARIF_SCHEMA = NODE_TOOLS / "@microsoft" / "jest-sarif" / "lib" / "schemas" / "sarif-2.1.0-rtm.5.json"
SARIF_MULTITOOL = NODE_TOOLS / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"


def need(path: Path, what: str) -> Path:
    """``path``, or skip the test saying which client is missing and how to install it."""
    import pytest

    if not path.exists():
        pytest.skip(f"{what} not installed: run `npm ci --prefix tests/tools` (.ci/run does)")
    return path


def ajv(schema: Path, *instances: Path) -> subprocess.CompletedProcess[str]:
    """``ajv validate`` (ajv-cli, draft 2020-12, formats on): YAML instances are read by js-yaml, a YAML 1.2
    reader that still turns an unquoted 2021-01-01 into a date, as many JavaScript tools do."""
    need(AJV, "ajv-cli")
    args = [str(AJV), "validate", "--spec=draft2020", "-c", "ajv-formats", "--strict=false", "--all-errors"]
    args += ["-s", str(schema), *(f"-d={p}" for p in instances)]
    return subprocess.run(args, capture_output=True, text=True, encoding="utf-8", check=False, cwd=NODE_TOOLS.parent)
