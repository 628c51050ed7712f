"""In a real browser: find a member by an unaccented name, open them, admit a new member
through the form and find them in the list."""

from __future__ import annotations

import datetime as dt

import pytest

from daihoi.core.roles import Role
from daihoi.organizations.models import Member
from tests.conftest import screenshot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_find_open_and_admit(login_page, tree, make_member):
    make_member("Nguyễn Văn Bình", organization=tree.office)
    make_member("Nguyễn Văn Bính", organization=tree.inspect)
    make_member("Trần Thị Hoa", organization=tree.justice)
    page = login_page(Role.OFFICE)

    page.goto("/members/")
    search = page.locator("#q")
    assert search.evaluate("el => el === document.activeElement")  # focused on arrival
    search.fill("nguyen van binh")
    search.press("Enter")
    rows = page.locator("#member-table tbody tr")
    rows.first.wait_for()
    # Unaccented, the query matches every tone of "binh", and nobody else.
    page.wait_for_function("() => document.querySelectorAll('#member-table tbody tr').length === 2")
    texts = rows.all_inner_texts()
    assert "Nguyễn Văn Bình" in texts[0] and "Nguyễn Văn Bính" in texts[1]  # huyền before sắc
    assert "Trần Thị Hoa" not in page.locator("#member-table").inner_text()
    screenshot(page, "members-search")
    page.locator("#member-table tbody a", has_text="Nguyễn Văn Bình").click()
    page.wait_for_url("**/members/*/")
    assert page.locator("#member-name").inner_text() == "Nguyễn Văn Bình"

    page.goto("/members/")
    page.locator("#q").evaluate("el => el.blur()")
    page.keyboard.press("/")  # the search shortcut
    assert page.locator("#q").evaluate("el => el === document.activeElement")

    page.goto("/members/")
    page.locator("#admit-link").click()
    page.wait_for_url("**/members/admit/")
    page.fill("#id_full_name", "Hồ Thị Mới")
    page.select_option("#id_gender", "female")
    page.fill("#id_date_of_birth", "1997-05-06")
    page.select_option("#id_organization", str(tree.justice.pk))
    page.fill("#id_admission_date", (dt.date.today() - dt.timedelta(days=3)).isoformat())
    screenshot(page, "members-admit")
    page.locator("#action-form button[type=submit]").click()
    page.wait_for_url("**/members/*/")
    assert page.locator("#member-name").inner_text() == "Hồ Thị Mới"
    assert Member.objects.get(full_name="Hồ Thị Mới").status == Member.Status.PROBATIONARY

    page.goto("/members/")
    page.locator("#q").fill("ho thi moi")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelectorAll('#member-table tbody tr').length === 1"
        " && document.querySelector('#member-table tbody').innerText.includes('Hồ Thị Mới')")
    assert "Dự bị" in page.locator("#member-table tbody tr").first.inner_text()
    screenshot(page, "members-after-admit")
