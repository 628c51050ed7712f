"""The counting committee enters ten paper ballots with the keyboard alone (one invalid),
and the results page shows the right counts."""

from __future__ import annotations

from typing import Any

import pytest

from daihoi.core.roles import Role
from daihoi.elections import services
from daihoi.elections.models import Election
from daihoi.organizations.models import Organization
from tests.conftest import screenshot
from tests.elections.conftest import confirm_counting

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]

# (typed, flags) for ten ballots; ballot order An, Bình, Cường, Dung, Em; 3 seats, 10 convened.
BALLOTS = [
    ("4 5", ""), ("4 5", ""), ("4,5", ""), ("3 5", ""), ("3 5", ""),
    ("2 4", ""), ("1 5", ""), ("4 5", "d"), ("4-5", ""), ("3 4", ""),
]
# Valid ballots: 9 (the 8th is unstamped). Strikes on valid ballots:
# An 1, Bình 1, Cường 3, Dung 6, Em 7 -> votes An 8, Bình 8, Cường 6, Dung 3, Em 2.
# Base 10, threshold 6: An, Bình, Cường elected.
EXPECTED_VOTES = {"Nguyễn Văn An": 8, "Trần Thị Bình": 8, "Lê Văn Cường": 6, "Phạm Thị Dung": 3,
                  "Hoàng Văn Em": 2}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_keyboard_entry_of_ten_ballots(role_groups: None, login_page: Any, make_user: Any) -> None:
    office = make_user(Role.OFFICE, Role.SECRETARIAT)
    org = Organization.objects.create(name="Đảng bộ Khối Cơ quan và Doanh nghiệp tỉnh",
                                      kind=Organization.Kind.COMMITTEE)
    election = services.election_create(acting_user=office, organization=org,
                                        title="Bầu Ban Chấp hành", kind=Election.Kind.OTHER,
                                        seats=3)
    for name in NAMES:
        services.candidate_add(acting_user=office, election=election, full_name=name)
    round_ = services.round_create_first(acting_user=office, election=election)
    counter = make_user(Role.COUNTING)
    services.round_setup(acting_user=counter, round_=round_, electorate_convened=10, excluded=0,
                         ballots_issued=10, electorate_present=10)
    confirm_counting(election, counter)
    services.round_start_counting(acting_user=counter, round_=round_, groups=1)
    group = round_.groups.get()

    page = login_page(Role.COUNTING)
    page.goto(f"/elections/group/{group.pk}/")
    marks = page.locator("#marks")
    marks.wait_for()
    # Keyboard only from here: the input has the focus when the page opens.
    assert page.evaluate("document.activeElement.id") == "marks"
    for i, (typed, flags) in enumerate(BALLOTS, start=1):
        page.keyboard.type(typed)
        for key in flags:
            page.keyboard.press(key.upper())
        if i == 8:
            assert "on" in (page.locator('.flag[data-flag="unstamped"]').get_attribute("class") or "")
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => document.getElementById('entered-count').textContent.trim() === '{i}'")
        status = page.locator("#entry-status").inner_text()
        assert f"#{i}" in status
        assert ("không hợp lệ" in status) == (i == 8)
    # An eleventh ballot typed by mistake, then undone with Ctrl+Z (the confirm answered).
    page.keyboard.type("1 2")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('entered-count').textContent.trim() === '11'")
    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("Control+z")
    page.wait_for_function("() => document.getElementById('entered-count').textContent.trim() === '10'")
    assert "#11" in page.locator("#entry-status").inner_text()
    page.wait_for_function("() => document.querySelector('#group-summary [data-k=collected]') && "
                           "document.querySelector('#group-summary [data-k=collected]').textContent === '10'")
    assert page.locator("#group-summary [data-k=invalid]").inner_text() == "1"
    screenshot(page, "elections-entry")

    page.goto(f"/elections/round/{round_.pk}/results/")
    stats = page.locator("#result-stats")
    assert stats.locator("[data-k=collected]").inner_text() == "10"
    assert stats.locator("[data-k=valid]").inner_text() == "9"
    assert stats.locator("[data-k=invalid]").inner_text() == "1"
    assert stats.locator("[data-k=threshold]").inner_text() == "6"
    for name, votes in EXPECTED_VOTES.items():
        row = page.locator(f'#result-table tr[data-name="{name}"]')
        assert row.locator("td.votes").inner_text() == str(votes)
    assert page.locator("#elected-list li .name").all_inner_texts() == [
        "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    invalid_rows = page.locator("#invalid-table tr").all_inner_texts()
    assert any("không có dấu" in r and r.strip().endswith("1") for r in invalid_rows)
    screenshot(page, "elections-results")
