"""Screenshots of what a reader gets on a phone, for the README: a report page, the search
results and the key figures, in both scripts.

    .venv/bin/python -m devtools.screenshots [--site site] [--out .github/screenshots]

Serves the built site (`make site` first) over http on a free port, opens each page in
headless Chromium at 390×844 (an iPhone's width) and writes one PNG per page and script. The
images live outside docs/, so the site does not publish them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from playwright.sync_api import ViewportSize, sync_playwright

from devtools.browser import launch, open_site, serve, type_query

ROOT = Path(__file__).resolve().parent.parent.parent
PHONE: ViewportSize = {"width": 390, "height": 844}
# (file stem, page below a script's root, query to type or "")
SHOTS = (
    ("report", "reports/futian-2024-review-2025-plan/1/1/", ""),
    ("search", "", "十件大事"),
    ("figures", "reports/futian-2024-review-2025-plan/figures/", ""),
)
SCRIPTS = (("hans", ""), ("hant", "zh-Hant/"))


def take(site: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as base, sync_playwright() as pw:
        browser = launch(pw)
        try:
            for name, rel, query in SHOTS:
                for script, prefix in SCRIPTS:
                    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
                    page = context.new_page()
                    open_site(page, base + prefix + rel)
                    if query:
                        # On a phone the box is behind the header's search button.
                        page.locator("label.md-header__button[for=__search]").click()
                        type_query(page, query)
                        page.evaluate("() => { const w = document.querySelector("
                                      "'.md-search__scrollwrap'); if (w) w.scrollTop = 0; }")
                    page.wait_for_timeout(300)
                    path = out / f"{name}-{script}.png"
                    page.screenshot(path=str(path))
                    written.append(path)
                    context.close()
        finally:
            browser.close()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / ".github" / "screenshots")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"error: {args.site}: no built site (run `make site` first)", file=sys.stderr)
        return 1
    for path in take(args.site, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
