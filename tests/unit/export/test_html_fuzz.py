"""Robustness of the website build: any mutation of a handbook, valid or not, still builds a preview.

``handbook serve`` builds the site from whatever the author has just saved, errors and all, so the build
must never raise: broken entries drop out (their findings show instead), hostile text is escaped, and
control characters are removed. A valid mutation must also export.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cuishou.export.html_preview import Preview
from cuishou.export.html_site import build_site
from cuishou.schema.check import check_path
from tests.conftest import MINI
from tests.test_fuzz import mutations
from tests.test_fuzz_export import text_edits

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-site") / "handbook"
    shutil.copytree(MINI, root)
    return root


@settings(max_examples=40)
@given(st.one_of(mutations(MINI), text_edits()))
def test_mutated_handbook_always_builds_a_preview(scratch: Path, mutation: tuple[Path, bytes]) -> None:
    rel, data = mutation
    target = scratch / rel
    try:
        target.write_bytes(data)
        result = check_path(scratch)
        preview = Preview(findings=result.findings, build="1")
        site = build_site(result.handbook, search=False, preview=preview)
        assert "index.html" in site.files and "findings.html" in site.files
        for path, body in site.files.items():
            if path.endswith(".html"):
                text = body.decode("utf-8")
                assert not _FORBIDDEN.search(text), path
                assert text.count("<main") == 1, path
        for finding in result.findings:
            assert any(finding in shown for shown in preview.by_page.values()), finding
    finally:
        shutil.copyfile(MINI / rel, target)
