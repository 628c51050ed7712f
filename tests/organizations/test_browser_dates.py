"""Dates are typed and shown dd/mm/yyyy whatever the browser's locale: an American Chrome
showed a type=date input as mm/dd/yyyy, and "05/02/1997" typed there meant 2 May."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from daihoi.core.roles import Role
from daihoi.organizations.models import Member
from tests.conftest import PASSWORD, screenshot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_american_browser_types_day_month_year(browser: Any, live_server: Any, tree: Any,
                                                  make_user: Any) -> None:
    context = browser.new_context(base_url=live_server.url, locale="en-US",
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    user = make_user(Role.OFFICE)
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto("/members/admit/")
    field = page.locator("#id_date_of_birth")
    assert field.get_attribute("type") == "text"
    assert field.get_attribute("placeholder") == "dd/mm/yyyy"
    page.fill("#id_full_name", "Hồ Thị Mới")
    page.select_option("#id_gender", "female")
    field.fill("05/02/1997")
    page.select_option("#id_organization", str(tree.justice.pk))
    page.fill("#id_admission_date", (dt.date.today() - dt.timedelta(days=3)).strftime("%d/%m/%Y"))
    screenshot(page, "admit-en-us-dates")
    page.locator("#action-form button[type=submit]").click()
    page.wait_for_url("**/members/*/")
    assert Member.objects.get(full_name="Hồ Thị Mới").date_of_birth == dt.date(1997, 2, 5)
    assert "05/02/1997" in page.locator("main").inner_text()
    context.close()
