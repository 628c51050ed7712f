"""Delegates on their phones (390×844): one page shows what is open now and answers it; the
votes page fits the phone; the menu has one item for it; a delegate who may not vote (not
checked in, an alternate who replaces nobody) sees why instead of buttons that would be
refused. And the secretariat is asked, with the figures, before a device vote closes; the
counting committee before an e-vote closes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from daihoi.congress.models import Delegate
from daihoi.congress.proceedings import services
from daihoi.congress.proceedings.models import DeviceVote, Vote
from daihoi.core.roles import Role
from daihoi.elections import services as el
from daihoi.elections.evoting import services as evoting
from tests.conftest import PASSWORD, screenshot
from tests.factories import DelegateFactory

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def open_page(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    contexts: list[Any] = []

    def open_as(user: Any, viewport: dict[str, int] = PHONE) -> Any:
        context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=viewport,
                                      is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto("/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.press("#id_password", "Enter")
        page.wait_for_url(lambda url: "/login/" not in url)
        return page

    yield open_as
    for context in contexts:
        context.close()


def _fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _e_round(hall: Any, office: Any, counter: Any) -> Any:
    election = el.election_create(acting_user=office, organization=hall.congress.organization,
                                  congress=hall.congress, title="Bầu Bí thư Đảng ủy",
                                  kind="other", seats=1, ballot_format="approve")
    el.candidate_add(acting_user=office, election=election, full_name="Phạm Minh Châu")
    round_ = el.round_create_first(acting_user=office, election=election)
    el.round_setup(acting_user=counter, round_=round_, electorate_convened=10, excluded=0,
                   ballots_issued=0)
    el.counting_rules_confirm(acting_user=counter, election=election, open_reasons=[],
                              blank_approve_ballot="invalid")
    return evoting.evote_open(acting_user=counter, round_=round_)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_delegates_phone_and_the_closing_questions(
        hall: Any, open_page: Callable[..., Any], make_user: Any) -> None:
    secretary = make_user(Role.SECRETARIAT)
    office, counter = make_user(Role.OFFICE, Role.SECRETARIAT), make_user(Role.COUNTING)
    vote = services.vote_create(acting_user=secretary, congress=hall.congress,
                                subject=Vote.Subject.AGENDA, title="Thông qua Quy chế bầu cử "
                                "tại Đại hội", mode=Vote.Mode.DEVICE)
    services.vote_open(acting_user=secretary, vote=vote)
    round_ = _e_round(hall, office, counter)
    checked_in, absent = hall.delegates[0], hall.delegates[9]  # 8 of 10 are checked in
    alternate = DelegateFactory(congress=hall.congress, number=11, kind=Delegate.Kind.ALTERNATE,
                                member__organization=hall.cell, member__party_card_number=None)

    # The delegate checked in: lands on what is open and answers it there.
    page = open_page(hall.make_delegate_user(checked_in))
    page.locator("#my-standing").wait_for()
    nav = page.locator("nav.mainnav").inner_text()
    assert "Biểu quyết và bầu cử" in nav and "Bỏ phiếu" not in nav and "Biểu quyết\n" not in nav
    card = page.locator(f"#open-vote-{vote.pk}")
    assert card.locator("button.choice").count() == 3
    assert _fits(page)
    screenshot(page, "proceedings-phone-now")
    card.locator("button.choice-agree").click()
    page.locator(f"#open-vote-{vote.pk}", has_text="Đồng chí đã biểu quyết: Tán thành").wait_for()
    assert DeviceVote.objects.filter(vote=vote, delegate=checked_in, choice="agree").exists()
    page.locator(f"#open-ballot-{round_.pk} a", has_text="Nhận phiếu bầu").click()
    page.wait_for_url(f"**/vote/r/{round_.pk}/")
    assert _fits(page)
    page.goto(f"/congress/{hall.congress.pk}/votes/")
    assert _fits(page)
    screenshot(page, "proceedings-phone-votes")

    # Not checked in, and an alternate who replaces nobody: told why, no buttons.
    for delegate, why in ((absent, "chưa điểm danh"), (alternate, "dự khuyết")):
        page = open_page(hall.make_delegate_user(delegate))
        page.locator("#why-not").wait_for()
        assert why in page.locator("#why-not").inner_text()
        assert page.locator("button.choice").count() == 0
        assert page.locator(f"#open-ballot-{round_.pk} a").count() == 0
        page.goto(f"/congress/{hall.congress.pk}/votes/{vote.pk}/")
        assert page.locator("button.choice").count() == 0 and page.locator("#why-not").count() == 1
        assert _fits(page)
        # While the vote is open a delegate sees how many answered, not how.
        live = page.locator("#vote-live").inner_text()
        assert "đã biểu quyết" in live and "tán thành" not in live
    screenshot(page, "proceedings-phone-alternate")

    # The secretariat closes the device vote: asked first, with the figures now.
    desk = open_page(secretary, {"width": 1366, "height": 900})
    desk.goto(f"/congress/{hall.congress.pk}/votes/{vote.pk}/")
    desk.click("#vote-close")
    figures = desk.locator("#confirm-figures").inner_text()
    assert "Đã biểu quyết: 1 / 8 đại biểu có mặt." in figures
    assert "Nếu kết thúc bây giờ: KHÔNG ĐƯỢC THÔNG QUA." in figures
    vote.refresh_from_db()
    assert vote.status == Vote.Status.OPEN
    screenshot(desk, "proceedings-confirm-close")
    desk.click("#confirm-button")
    desk.locator("#vote-result").wait_for()
    vote.refresh_from_db()
    assert vote.status == Vote.Status.CLOSED

    # The counting committee ends the e-vote: asked first, with who has voted.
    desk = open_page(counter, {"width": 1366, "height": 900})
    desk.goto(f"/vote/r/{round_.pk}/manage/")
    desk.click("#evote-close-btn")
    assert "Đã bỏ phiếu: 0 / 8 đại biểu có mặt" in desk.locator("#confirm-figures").inner_text()
    round_.refresh_from_db()
    assert round_.status == round_.Status.VOTING
