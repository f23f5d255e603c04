"""``handbook serve`` in Chromium: an open page reloads by itself after a save, and shows an injected error
at its file and line (taken from ``handbook validate`` on the same files), then recovers when it is fixed."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import needs_browser
from tests.cli.test_serve import start
from tests.conftest import MINI
from tests.helpers import run_cli

pytestmark = needs_browser

COURSE = "courses/collection-basics-2h.html"
TITLE = "催收培训教案（两小时）"


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_page_reloads_after_a_save_and_shows_an_injected_error(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "handbook"
    shutil.copytree(MINI, root)
    course = root / "courses" / "collection-basics-2h.yaml"
    good = course.read_text(encoding="utf-8")
    process, url = start(root, "--port", "0")
    try:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url + COURSE)
        assert page.text_content("h1") == TITLE
        page.evaluate("window.__notReloaded = true")

        # a save: the open page reloads by itself and shows the new text
        _write(course, good.replace(f"title: {TITLE}", "title: 催收培训教案（修订）"))
        page.wait_for_function("document.querySelector('h1').textContent === '催收培训教案（修订）'", timeout=60_000)
        assert page.evaluate("window.__notReloaded === undefined")

        # a YAML error: the page shows it at the file and line validate reports, not a blank or stale page
        _write(course, good.replace(f"title: {TITLE}", "title: [催收培训教案"))
        monkeypatch.chdir(root.parent)  # where the server runs, so paths read the same
        findings = json.loads(run_cli("validate", root, "--format", "json").out)
        where = [f"{f['file']}:{f['line']}:{f['col']}" for f in findings if f["file"].endswith(course.name)]
        assert where
        page.wait_for_function(f"document.body.textContent.includes({json.dumps(where[0])})", timeout=60_000)
        assert page.text_content("h1") == "此页暂时无法显示"

        # fixed again: the page comes back
        _write(course, good)
        page.wait_for_function(f"document.querySelector('h1').textContent === {json.dumps(TITLE)}", timeout=60_000)
        assert errors == []
        page.close()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode == 0 and "Traceback" not in err, (out, err)
