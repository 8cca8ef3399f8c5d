"""Write docs/img/explorer.png, the README's picture of the explorer, from build/graph.html.

The picture shows what a reader sees after searching "Shanghai" and pressing Enter:
the ranked matches, Shanghai's panel (names in three scripts, measures, links) and the
map around it, labelled without overlaps.  Run after ``make run``:

    .venv/bin/python docs/img/explorer_screenshot.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    chromium = shutil.which("chromium")
    page_path = ROOT / "build" / "graph.html"
    if chromium is None or not page_path.is_file():
        sys.exit("needs Debian's chromium and build/graph.html (make run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1500, "height": 860})
        page.goto(page_path.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=60_000)
        page.fill("#search", "Shanghai")
        page.press("#search", "Enter")
        page.evaluate("window.kgExplorer.network.moveTo({scale: 0.55, animation: false})")
        page.mouse.move(5, 850)
        page.screenshot(path=str(ROOT / "docs" / "img" / "explorer.png"))
        browser.close()


if __name__ == "__main__":
    main()
