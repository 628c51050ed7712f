"""The Content-Security-Policy in a real browser: the pages whose scripts moved out of the
templates still work, and Chromium reports no violation."""

import pytest

from daihoi.core.roles import Role
from tests.factories import MemberFactory, OrganizationFactory


def watch_violations(page):
    found: list[str] = []
    page.on("console", lambda msg: found.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    return found


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_moved_scripts_run_under_the_policy(login_page):
    top = OrganizationFactory(name="Đảng bộ Tỉnh")
    cell = OrganizationFactory(name="Chi bộ Một", parent=OrganizationFactory(name="Đảng bộ cơ sở",
                                                                                 parent=top))
    MemberFactory(organization=cell, full_name="Nguyễn Văn An")
    page = login_page(Role.OFFICE)
    violations = watch_violations(page)

    page.goto("/organizations/")
    cell_row = page.locator("#org-tree tbody tr", has_text="Chi bộ Một")
    cell_row.wait_for(state="hidden")  # tree.js folded the party cells
    page.click("#expand-all")
    cell_row.wait_for(state="visible")

    page.goto("/members/")
    page.locator("body").press("/")  # member_list.js: "/" jumps to the search box
    assert page.evaluate("document.activeElement.id") == "q"

    page.goto("/dashboard/")
    page.wait_for_function("() => !!Chart.getChart(document.getElementById('chart-status'))")
    assert violations == []
