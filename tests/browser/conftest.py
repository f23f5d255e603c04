"""Browser fixtures: Debian's Chromium driven by Playwright for Python, a static server, axe-core.

Nothing is downloaded at run time: Chromium comes from the system (``apt-get install chromium``; another
path with ``CHROMIUM=…``), axe-core from the npm registry into ``.cache/npm`` (``.ci/run`` does both; another
file with ``AXE_CORE_JS=…``). Tests skip, saying why, where either is missing. One browser per test module.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

CHROMIUM = Path(os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium")
AXE_JS = Path(os.environ.get("AXE_CORE_JS") or ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js")
#: what the brief for these tests asks: headless, no sandbox (containers), nothing phoning home
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _why_no_browser() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)"
    return ""


WHY_NO_BROWSER = _why_no_browser()
needs_browser = pytest.mark.skipif(bool(WHY_NO_BROWSER), reason=WHY_NO_BROWSER)
needs_axe = pytest.mark.skipif(
    not AXE_JS.is_file(), reason=f"no axe-core at {AXE_JS} (npm install --prefix .cache/npm axe-core, or AXE_CORE_JS)"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if WHY_NO_BROWSER:
        pytest.skip(WHY_NO_BROWSER)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@contextlib.contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 as any static web server would; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
