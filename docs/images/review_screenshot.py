"""Write docs/images/review.png: the ``kg review`` page on three real paragraphs of seed document 004.

The paragraphs are ingested as a new document into a private copy of the project, the
real ``kg review`` serves its draft, and Debian's headless Chromium (through Playwright)
photographs the page after two decisions (one accepted, one rejected), at 1440×900.

    .venv/bin/python docs/images/review_screenshot.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.review_support import ingest, open_review, review_server, state, wait_until  # noqa: E402

#: Paragraphs of seed document 004 (1-based line numbers of its text) that name partners.
LINES = (61, 71, 83)
OUT = ROOT / "docs" / "images" / "review.png"


def main() -> None:
    text = (ROOT / "seeds" / "004_dd0722aa1d9f3bb1.txt").read_text(encoding="utf-8").splitlines()
    sample = "上海与“一带一路”沿线国家的科技创新合作(节选)\n\n" + "\n\n".join(text[n - 1] for n in LINES) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        for name in ("seeds", "ontology"):
            shutil.copytree(ROOT / name, root / name)
        doc = ingest(root, "sample.txt", sample, "--title", "上海与“一带一路”沿线国家的科技创新合作(节选)")
        with review_server(root, doc) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page, _, _ = open_review(browser, server.url)
            page.set_viewport_size({"width": 1440, "height": 900})
            first = state(page)["items"][0]["id"]
            page.keyboard.press("r")  # the first suggestion rejected ...
            wait_until(page, "id => window.kgReview.S.state.items.find(i => i.id === id).state === 'rejected'", first)
            page.keyboard.press("j")
            page.keyboard.press("j")
            page.wait_for_timeout(300)
            page.screenshot(path=str(OUT))
            browser.close()
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
