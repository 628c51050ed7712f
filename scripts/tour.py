"""Screenshots for the README's tour, taken from a running demo.

    DAIHOI_VAR=/tmp/tour-var .venv/bin/daihoi demo --bind 127.0.0.1:8765 &
    .venv/bin/python scripts/tour.py http://127.0.0.1:8765
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "daihoi2025"  # noqa: S105 - the demo's printed password
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def login(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_load_state("networkidle")


def shot(page: Page, base: str, path: str, name: str, full: bool = False) -> None:
    page.goto(f"{base}{path}")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(600)  # charts animate
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)
    print(name, page.url)


def first_link(page: Page, base: str, path: str, pattern: str) -> str:
    page.goto(f"{base}{path}")
    for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
        if re.fullmatch(pattern, href or ""):
            return str(href)
    raise SystemExit(f"no link like {pattern} on {path}")


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        office = browser.new_context(viewport={"width": 1366, "height": 820}, locale="vi-VN")
        page = office.new_page()
        shot(page, base, "/login/", "01-login")
        login(page, base, "vanphong")
        shot(page, base, "/dashboard/", "02-dashboard", full=True)
        shot(page, base, "/organizations/", "03-organizations")
        shot(page, base, "/members/?q=nguyen+van", "04-members")
        shot(page, base, "/members/due/", "05-members-due")
        shot(page, base, "/appraisal/results/", "17-appraisal-results", full=True)
        shot(page, base, "/targets/", "18-targets-review", full=True)
        shot(page, base, "/meetings/", "19-meetings")
        shot(page, base, "/extraction/compare/", "22-compare")
        shot(page, base, "/", "20-portal-front")
        login(page, base, "lanhdao")
        shot(page, base, "/status/", "16-leader-status", full=True)
        login(page, base, "thuky")
        congress = first_link(page, base, "/congress/", r"/congress/\d+/")
        shot(page, base, congress, "06-congress")
        shot(page, base, f"{congress}checkin/", "07-checkin")
        shot(page, base, f"{congress}credentials/", "08-credentials")
        hall = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
        screen = hall.new_page()
        login(screen, base, "thuky")
        shot(screen, base, "/congress/hall/screen/", "09-big-screen")
        small = browser.new_context(viewport={"width": 1024, "height": 768}, locale="vi-VN").new_page()
        login(small, base, "thuky")
        shot(small, base, "/congress/hall/screen/", "09-big-screen-1024")
        # Closing a candidate list asks first, with the list (the delegation's, in preparation).
        shot(page, base, "/elections/3/first-round/", "15-confirm-close-list")
        login(page, base, "kiemphieu")
        # The demo's first election (the executive committee) is counted and published.
        shot(page, base, "/elections/1/", "10-election", full=True)
        shot(page, base, "/elections/round/1/results/", "11-results", full=True)
        # Ballot 17 of the first counting group, called up by its number.
        shot(page, base, "/elections/group/1/edit/?entry=1&position=17", "12-ballot-edit")
        phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN",
                                    is_mobile=True, has_touch=True)
        mobile = phone.new_page()
        login(mobile, base, "db001")
        shot(mobile, base, "/vote/", "13-evote-phone")
        shot(mobile, base, "/app/", "14-delegate-now", full=True)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765")
