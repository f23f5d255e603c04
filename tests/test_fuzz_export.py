"""Property-based robustness of the exporters: mutated (but still valid) handbooks export or are refused
with located findings — never a traceback — and nothing half-written is left behind.

A mutation that breaks validation must make ``handbook export`` refuse (exit 1) without touching the
output folder; one that validates must export every document kind of both formats.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import MINI
from tests.helpers import run_cli
from tests.test_fuzz import mutations


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-export") / "handbook"
    shutil.copytree(MINI, root)
    return root


#: characters that stress Word XML and CJK typesetting: controls (YAML escapes them), XML specials,
#: zero-width and bidi marks, emoji, full-width forms, surrogate-free astral CJK
_NASTY = st.sampled_from(
    [
        "\x0b",
        "\x01",
        "\x1f",
        "<",
        "&",
        "]]>",
        "\u200b",
        "\u202e",
        "\ufeff",
        "😀",
        "Ａ",
        "𠀀",
        "\t",
        "\n",
        "  ",
        "—",
        "“”",
        "%s",
        "{0}",
        "\\",
        "催收",
        "长" * 256,  # beyond what a Word document property holds
    ]
)
_TEXT = st.lists(st.one_of(_NASTY, st.text(min_size=1, max_size=20)), min_size=1, max_size=30).map("".join)

#: keys whose values are codes or references: replacing them only tests validation, not the exporters
_CODE_KEYS = {
    "id",
    "kind",
    "speaker",
    "channels",
    "channel",
    "refs",
    "stage",
    "to",
    "basis",
    "breaks",
    "status",
    "confidence",
    "seed",
    "number",
    "severity",
    "superseded_by",
    "minutes",
    "total_minutes",
    "patterns",
    "exceptions",
    "examples",
    "version",
    "schema_version",
    "language",
    "effective",
    "contact_window",
}


def _text_paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, str):
        return [path]
    if isinstance(data, dict):
        return [p for k, v in data.items() if k not in _CODE_KEYS for p in _text_paths(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _text_paths(v, (*path, i))]
    return []


@st.composite
def text_edits(draw: st.DrawFn) -> tuple[Path, bytes]:
    """A MINI file with one to three prose values replaced by hostile text: still valid YAML and schema."""
    files = sorted(p.relative_to(MINI) for p in MINI.rglob("*.yaml") if p.parent != MINI)
    rel = draw(st.sampled_from(files))
    data = yaml.safe_load((MINI / rel).read_text(encoding="utf-8"))
    paths = _text_paths(data)
    for _ in range(draw(st.integers(1, 3))):
        if not paths:
            break
        where = draw(st.sampled_from(paths))
        node = data
        for step in where[:-1]:
            node = node[step]
        node[where[-1]] = draw(_TEXT)
    return rel, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@given(st.one_of(mutations(MINI), text_edits()))
def test_mutated_handbook_exports_or_is_refused_cleanly(
    scratch: Path, tmp_path_factory: pytest.TempPathFactory, mutation: tuple[Path, bytes]
) -> None:
    rel, data = mutation
    target = scratch / rel
    out = tmp_path_factory.mktemp("out")
    (out / "last-week.docx").write_bytes(b"earlier export")
    before = _snapshot(out)
    try:
        target.write_bytes(data)
        for fmt in ("docx", "json"):
            result = run_cli("export", fmt, "--out", out, "--handbook", scratch)
            assert result.code in (0, 1), result
            assert "Traceback" not in result.err and "内部错误" not in result.err, result
            if result.code == 1:
                assert _snapshot(out) == before, "a refused export must not touch the output folder"
            else:
                written = [Path(line) for line in result.out.splitlines()]
                assert written and all(p.parent == out and p.stat().st_size > 0 for p in written)
            assert not [p for p in out.iterdir() if p.name.startswith(".")], "no temporary file left behind"
            assert (out / "last-week.docx").read_bytes() == b"earlier export"
    finally:
        shutil.copyfile(MINI / rel, target)
