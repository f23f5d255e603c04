"""The public YAML test suite through our loader: every case loads or yields located findings.

The suite's cases live in ``../shared/yaml-test-suite`` beside the repository (or ``$YAML_TEST_SUITE``).
Valid and invalid YAML alike must never raise; invalid YAML must not come back as silently accepted data
unless libyaml itself accepts it (it is lenient on a handful of cases), and no case may take long.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cuishou.schema.loader import load_file

SUITE = Path(
    os.environ.get("YAML_TEST_SUITE", Path(__file__).resolve().parents[3].parent / "shared" / "yaml-test-suite")
)
CASES = sorted(SUITE.rglob("in.yaml")) if SUITE.is_dir() else []


@pytest.mark.skipif(not CASES, reason=f"yaml-test-suite not found at {SUITE}")
def test_every_suite_case_loads_or_gives_located_findings() -> None:
    rejected_errors = 0
    error_cases = 0
    for case in CASES:
        loaded = load_file(case)  # must not raise
        for finding in loaded.findings:
            assert finding.line >= 1 and finding.col >= 1, (case, finding)
            assert finding.message("zh") and finding.message("en")
        if loaded.findings and loaded.data is not None and loaded.usable:
            # only a duplicate key (the first value is kept) or an escaped control character ("\\b", found
            # once the document is composed) leaves usable data behind
            assert {f.rule for f in loaded.findings} <= {"parse.duplicate-key", "parse.control-char"}, case
        if (case.parent / "error").exists():
            error_cases += 1
            rejected_errors += bool(loaded.findings)
    assert len(CASES) > 300
    # libyaml accepts a few documents the spec calls errors; everything else must be refused
    assert rejected_errors >= error_cases - 20, (rejected_errors, error_cases)
