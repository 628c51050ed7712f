"""The door and the hall: the secretariat checks a delegate in by typing an unaccented
name, another by the QR code of the badge; the check-in page and the big screen both
count them without a reload."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import segno
from django.urls import reverse

from daihoi.congress.models import CheckIn, Congress, Delegate
from daihoi.core.roles import Role
from daihoi.organizations.models import Member, Organization
from tests.conftest import screenshot
from tests.factories import CongressFactory, DelegateFactory, MemberFactory, OrganizationFactory


def _congress() -> tuple[Congress, list[Delegate]]:
    root = OrganizationFactory(name="Đảng bộ Khối Cơ quan tỉnh")
    unit = OrganizationFactory(name="Đảng bộ Sở Tài chính", kind=Organization.Kind.GRASSROOTS_COMMITTEE,
                               parent=root)
    congress = CongressFactory(organization=root)  # its official session is the current one
    delegates = [
        DelegateFactory(congress=congress, number=i, credentials=Delegate.Credentials.ACCEPTED,
                        member=MemberFactory(full_name=name, gender=Member.Gender.FEMALE,
                                             admission_date=dt.date(2005, 1, 1), organization=unit))
        for i, name in enumerate(["Nguyễn Thị Hồng Hạnh", "Trần Văn Đức", "Lê Thị Hoa"], start=1)
    ]
    return congress, delegates


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_checkin_by_unaccented_name_updates_door_and_big_screen(login_page: Callable[..., Any]) -> None:
    congress, delegates = _congress()
    page = login_page(Role.SECRETARIAT)

    # The big screen in a second tab of the same login (helper "proceedings" owns it).
    screen = page.context.new_page()
    screen.goto(reverse("proceedings:screen", kwargs={"congress_id": congress.pk}))
    screen.wait_for_selector("#screen-present")
    assert screen.inner_text("#screen-present").strip() == "0"
    screen.evaluate("window.__noReload = true")

    page.goto(reverse("congress:checkin", kwargs={"pk": congress.pk}))
    assert page.inner_text("#att-present") == "0"
    page.evaluate("window.__noReload = true")
    page.fill("#checkin-q", "hong hanh")
    page.wait_for_selector("#checkin-results li >> text=Nguyễn Thị Hồng Hạnh")
    assert page.locator("#checkin-results li").count() == 1
    page.press("#checkin-q", "Enter")
    page.wait_for_function("() => document.getElementById('att-present').textContent === '1'")
    assert "Đã điểm danh" in page.inner_text("#checkin-msg")
    assert page.evaluate("window.__noReload") is True
    assert CheckIn.objects.filter(delegate=delegates[0], checked_out_at__isnull=True).count() == 1

    # The same delegate again: a clear message, no second presence.
    page.fill("#checkin-q", "hong hanh")
    page.wait_for_selector("#checkin-results li >> text=đang có mặt")
    page.press("#checkin-q", "Enter")
    page.wait_for_function(
        "() => document.getElementById('checkin-msg').textContent.includes('đã điểm danh lúc')")
    assert page.inner_text("#att-present") == "1"

    # A badge's QR code read by the vendored decoder (jsQR, the fallback where the browser
    # has no BarcodeDetector) checks the second delegate in.
    uri = segno.make(delegates[1].checkin_code, error="m").png_data_uri(scale=6, border=4)
    answer = page.evaluate(
        """async (uri) => {
            const img = new Image(); img.src = uri; await img.decode();
            return await document.getElementById('checkin').checkinImage(img);
        }""",
        uri,
    )
    assert answer["ok"] and answer["delegate"]["name"] == "Trần Văn Đức"
    assert page.inner_text("#att-present") == "2"
    screenshot(page, "congress-checkin")

    # The hall's screen polls: it shows them present without a reload. (In front, as on
    # the projector: a background tab's timers are throttled.)
    screen.bring_to_front()
    screen.wait_for_function(
        "() => document.getElementById('screen-present').textContent.trim() === '2'", timeout=15_000
    )
    assert screen.evaluate("window.__noReload") is True
    screenshot(screen, "congress-checkin-big-screen")
