"""Property-based robustness: random mutations of valid handbook files never crash the validator.

The only allowed outcomes are a clean result or located findings. Exporters are fuzzed the same way in
their own test modules. Runs derandomised in CI (same examples every run).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cuishou.schema.check import check_path
from cuishou.schema.findings import Finding
from tests.conftest import SHIPPED

TOKENS = [
    ":",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    '"',
    "'",
    "&a ",
    "*a",
    "!!python/object/apply:os.system []",
    "!foo ",
    "\t",
    "\x00",
    "\x0b",
    "\n",
    "  ",
    "21:00",
    "no",
    "2024-01-01",
    "1.10",
    "#",
    "? ",
    "|",
    ">",
    "---\n",
    "...",
    "%YAML 1.2\n",
    "\ufeff",
    "\u200b",
    "ｉｄ",
    "<<: *a\n",
    "~",
    "null",
    "id: x\n",
]

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("ci")


@st.composite
def mutations(draw: st.DrawFn, root: Path = SHIPPED) -> tuple[Path, bytes]:
    """A file of ``root`` (relative path) and its bytes after one to four random edits."""
    rel = draw(st.sampled_from(sorted(p.relative_to(root) for p in root.rglob("*.yaml"))))
    data = (root / rel).read_bytes()
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["insert", "delete", "dup-line", "swap-lines", "indent", "bytes"]))
        pos = draw(st.integers(0, len(data)))
        if op == "insert":
            data = data[:pos] + draw(st.sampled_from(TOKENS)).encode("utf-8") + data[pos:]
        elif op == "delete":
            data = data[:pos] + data[pos + draw(st.integers(1, 40)) :]
        elif op == "bytes":
            data = data[:pos] + draw(st.binary(min_size=1, max_size=8)) + data[pos:]
        else:
            lines = data.split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if op == "dup-line":
                lines.insert(i, lines[i])
            elif op == "swap-lines":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines[i] = b" " * draw(st.integers(1, 5)) + lines[i]
            data = b"\n".join(lines)
    return rel, data


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "handbook"
    shutil.copytree(SHIPPED, root)
    return root


def _sane(finding: Finding) -> None:
    assert finding.line >= 1 and finding.col >= 1, finding
    assert finding.message("zh") and finding.message("en"), finding
    assert not finding.message("zh").startswith(finding.message_key), f"no message text for {finding}"


@given(mutations())
def test_mutated_file_gives_findings_never_a_crash(scratch: Path, mutation: tuple[Path, bytes]) -> None:
    rel, data = mutation
    target = scratch / rel
    try:
        target.write_bytes(data)
        result = check_path(scratch)
        for finding in result.findings:
            _sane(finding)
    finally:
        shutil.copyfile(SHIPPED / rel, target)
