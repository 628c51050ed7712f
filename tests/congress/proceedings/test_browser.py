"""The big screen follows the hall without a reload."""

from __future__ import annotations

from typing import Any

import pytest

from daihoi.congress import services as congress_services
from daihoi.congress.proceedings import services
from daihoi.congress.proceedings.models import Vote
from daihoi.core.roles import Role
from tests.conftest import screenshot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_big_screen_updates_live(hall: Any, login_page: Any, make_user: Any) -> None:
    secretary = make_user(Role.SECRETARIAT)
    opening = services.agenda_item_create(acting_user=secretary, congress=hall.congress,
                                          title="Khai mạc Đại hội", presenter="Đoàn Chủ tịch")
    report = services.agenda_item_create(acting_user=secretary, congress=hall.congress,
                                         title="Báo cáo chính trị của Ban Chấp hành khóa XVII")
    services.agenda_set_current(acting_user=secretary, congress=hall.congress, item=opening)

    page = login_page(Role.LEADER)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"/congress/{hall.congress.pk}/screen/")
    page.evaluate("window.__notReloaded = true")
    assert page.locator("#screen-item").inner_text().find("Khai mạc Đại hội") >= 0
    assert page.locator("#screen-present").inner_text() == "8"

    # the door checks in a delegate, the secretariat moves on, a vote is recorded
    congress_services.checkin_record(acting_user=secretary, delegate=hall.delegates[8])
    services.agenda_set_current(acting_user=secretary, congress=hall.congress, item=report)
    vote = services.vote_create(acting_user=secretary, congress=hall.congress,
                                subject=Vote.Subject.AGENDA, title="Thông qua chương trình Đại hội")
    services.vote_record_hands(acting_user=secretary, vote=vote, agree=9, disagree=0, other=0)
    speech = services.speech_add(acting_user=secretary, congress=hall.congress,
                                 speaker="Nguyễn Thị Thanh Hương", affiliation="Đảng bộ Sở Y tế",
                                 topic="Nâng cao chất lượng sinh hoạt chi bộ")
    services.speech_start(acting_user=secretary, speech=speech)

    page.locator("#screen-present", has_text="9").wait_for(timeout=10_000)
    page.locator("#screen-item", has_text="Báo cáo chính trị").wait_for()
    page.locator("#screen-vote", has_text="ĐƯỢC THÔNG QUA").wait_for()
    page.locator("#screen-speaker", has_text="Nguyễn Thị Thanh Hương").wait_for()
    assert page.evaluate("window.__notReloaded") is True
    assert page.url.endswith(f"/congress/{hall.congress.pk}/screen/")
    timer = page.locator("#screen-speaker .countdown").inner_text()
    assert timer.startswith(("6:", "7:")), timer
    assert page.locator("header.topbar").count() == 0
    screenshot(page, "proceedings-big-screen")
