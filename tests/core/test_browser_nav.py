"""The office's menu in groups (issue 14): one row at 1366×768 for the user with every staff
role, a group opened, walked and closed by keyboard, and usable on a 390-px phone."""

from __future__ import annotations

from typing import Any

import pytest

from daihoi.core.roles import Role
from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
GOLD = "rgb(242, 201, 76)"  # the active group's mark (--gold)
EVERY_STAFF_ROLE = (Role.ADMIN, Role.OFFICE, Role.SECRETARIAT, Role.COUNTING, Role.LEADER)
ROW_TOPS = """() => [...document.querySelectorAll('nav.mainnav > a, nav.mainnav > details > summary')]
  .filter(e => e.offsetParent !== null).map(e => Math.round(e.getBoundingClientRect().top))"""


def test_one_row_at_1366_and_the_keyboard(login_page: Any) -> None:
    page = login_page(*EVERY_STAFF_ROLE)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/organizations/")
    tops = page.evaluate(ROW_TOPS)
    assert len(tops) >= 7 and len(set(tops)) == 1, tops  # every group on the same row
    screenshot(page, "core-nav-1366")
    bar = page.locator("header.topbar").bounding_box()
    assert bar is not None and bar["height"] < 60
    nav = page.locator("nav.mainnav").bounding_box()
    right = page.locator(".topbar-right").bounding_box()
    assert nav is not None and right is not None and nav["x"] + nav["width"] <= right["x"]
    # The active page's group is marked; the others' links are out of sight until opened.
    mark = "e => getComputedStyle(e).borderBottomColor"
    assert page.locator("#nav-members > summary").evaluate(mark) == GOLD
    assert page.locator("#nav-elections > summary").evaluate(mark) != GOLD
    elections = page.locator("#nav-elections")
    assert not elections.locator("a").first.is_visible()
    # By keyboard: Tab reaches the group, Enter opens it, the arrows walk it, Esc closes it.
    page.focus("#nav-congress > summary")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.parentElement.id") == "nav-elections"
    page.keyboard.press("Enter")
    assert elections.get_attribute("open") is not None
    screenshot(page, "core-nav-1366-open")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Bầu cử"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Bỏ phiếu"
    page.keyboard.press("Escape")
    assert elections.get_attribute("open") is None
    assert page.evaluate("document.activeElement.parentElement.id") == "nav-elections"
    # Opening one group closes the other; then a link is followed by Enter.
    page.locator("#nav-members > summary").click()
    page.focus("#nav-elections > summary")
    page.keyboard.press("ArrowDown")
    assert page.locator("#nav-members").get_attribute("open") is None
    page.keyboard.press("Enter")
    page.wait_for_url("**/elections/")
    assert page.locator("#nav-elections > summary").evaluate(mark) == GOLD


def test_the_leader_and_the_phone(login_page: Any) -> None:
    page = login_page(Role.LEADER)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/status/")
    text = page.locator("nav.mainnav").inner_text()
    assert "Tình hình chung" in text and "Bầu cử" in text
    # A group of one link is that link: "Bầu cử" is one tap away.
    assert page.locator("nav.mainnav > a", has_text="Bầu cử").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "core-nav-phone")
    page.locator("#nav-members > summary").click()
    menu = page.locator("#nav-members .navmenu")
    box = menu.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    screenshot(page, "core-nav-phone-open")
    menu.get_by_role("link", name="Đảng viên").click()
    page.wait_for_url("**/members/")
