"""Screenshots of the website at phone and desktop width, for docs/ and for looking at the pages.

``python tools/site_screenshots.py`` builds the shipped handbook's site, serves it on 127.0.0.1 and saves
the README's images as ``docs/site-<page>-<width>.png`` (the first screen of each page; ``page#anchor``
scrolls to the anchor first). ``python tools/site_screenshots.py --out /tmp/shots PAGE … [--width N …]``
shoots other pages, at 360 and 1280 px unless widths are given. Uses the system Chromium (``CHROMIUM=…``).
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

#: the images README.md shows: (page, width)
DOCS = (
    ("index.html", 360),
    ("procedures/collection-lifecycle.html#early", 360),
    ("scripts/first-call.html#_dialogue", 360),
    ("search.html?q=诉讼时效", 360),
    ("trainer/counter-examples/fake-legal-department.html", 360),
    ("courses/collection-basics-2h.html", 1280),
    ("legal/civil-code.html#188", 1280),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--width", type=int, action="append", default=[])
    args = parser.parse_args(argv)
    shots = [(p, w) for p in args.pages for w in args.width or [360, 1280]] if args.pages else list(DOCS)
    from playwright.sync_api import sync_playwright

    handbook, _ = load_handbook(ROOT / "handbook")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, static_server(Path(tmp)) as base, sync_playwright() as playwright:
        HtmlSiteExporter().export(handbook, Path(tmp), selection=Selection())
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for path, width in shots:
            page = browser.new_page(viewport={"width": width, "height": 760 if width < 600 else 820})
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
