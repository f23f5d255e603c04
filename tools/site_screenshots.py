"""Screenshots of the website at phone and desktop width, for docs/ and for looking at the pages.

``python tools/site_screenshots.py [--out docs] [--width 360 --width 1280] [PAGE …]`` builds the shipped
handbook's site, serves it on 127.0.0.1 and saves ``site-<page>-<width>.png`` (the first screen of each
page; ``page#anchor`` scrolls to the anchor first). Uses the system Chromium (``CHROMIUM=…`` to choose).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cuishou.export import Selection  # noqa: E402 - after the path set-up above
from cuishou.export.html_site import HtmlSiteExporter  # noqa: E402
from cuishou.schema.check import load_handbook  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, static_server  # noqa: E402

PAGES = (
    "index.html",
    "courses/collection-basics-2h.html",
    "procedures/collection-lifecycle.html#early",
    "scripts/first-call.html#_dialogue",
    "legal/index.html",
    "legal/civil-code.html#188",
    "search.html?q=诉讼时效",
    "trainer/counter-examples/fake-legal-department.html",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pages", nargs="*", default=list(PAGES))
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--width", type=int, action="append", default=[])
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    handbook, _ = load_handbook(ROOT / "handbook")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, static_server(Path(tmp)) as base, sync_playwright() as playwright:
        HtmlSiteExporter().export(handbook, Path(tmp), selection=Selection())
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for width in args.width or [360, 1280]:
            page = browser.new_page(viewport={"width": width, "height": 760 if width < 600 else 820})
            for path in args.pages:
                page.goto(base + path)
                if "search.html?q=" in path:
                    page.wait_for_selector("#search-results li")
                name = re.sub(r"[^a-z0-9]+", "-", path.split("?")[0].replace(".html", "").lower()).strip("-")
                target = args.out / f"site-{name}-{width}.png"
                page.screenshot(path=str(target))
                print(target)
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
