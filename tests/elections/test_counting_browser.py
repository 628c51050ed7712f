"""The counting committee enters ten paper ballots with the keyboard alone (one invalid),
and the results page shows the right counts."""

from __future__ import annotations

import time
from typing import Any

import pytest

from daihoi.core.models import AuditLog
from daihoi.core.roles import Role
from daihoi.elections import services
from daihoi.elections.models import Election, PaperBallot
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


# Twenty ballots of a 15-name list, typed one after another without waiting for the server:
# multi-digit numbers first, so a field cleared on the server's answer would lose them
# ("5 13" saved as "13", issue 14).
AHEAD = ["5 13", "7 15", "1 12 14", "10 11", "2", "3 9 13", "4 8", "6 12", "11 14 15", "1",
         "13 5", "2 10", "3", "15 7", "8 9 12", "4", "6 11", "14", "9 10", "12 13"]
MANY = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
        "Vũ Thị Giang", "Đặng Văn Hải", "Bùi Thị Hoa", "Đỗ Văn Khánh", "Ngô Thị Lan",
        "Dương Văn Minh", "Lý Thị Ngọc", "Tôn Văn Phúc", "Huỳnh Thị Quyên", "Châu Văn Sơn"]


def _lines(typed: str) -> list[int]:
    return sorted({int(t) for t in typed.split()})


def _type_ahead(page: Any, group: Any, *, expect_total: int) -> None:
    page.goto(f"/elections/group/{group.pk}/")
    page.locator("#marks").wait_for()
    for typed in AHEAD:  # no wait between ballots: the clerk types on
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => document.getElementById('entered-count').textContent.trim() === '{expect_total}' "
        "&& document.getElementById('queue-count').textContent.trim() === '0'", timeout=30_000)
    stored = list(PaperBallot.objects.filter(group=group, entry=1).order_by("position"))
    assert [p.marks for p in stored] == [_lines(t) for t in AHEAD]
    assert [p.position for p in stored] == list(range(1, len(AHEAD) + 1))
    assert len({p.key for p in stored}) == len(AHEAD) and None not in {p.key for p in stored}
    assert page.locator("#last-ballots li.pending").count() == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_type_ahead_correct_and_the_confirmed_steps(
        role_groups: None, login_page: Any, make_user: Any, monkeypatch: Any) -> None:
    """The whole count as the committee works it, with a question before each step that
    cannot be undone: closing the list, ending the vote, finalizing, publishing. Between them,
    twenty ballots typed ahead at local speed and again with 400 ms added to every ballot's
    POST (on the server: a Playwright route handler of the sync API would hold the keyboard
    too), a repeated number warned, and ballot 17 called up and corrected."""
    office = make_user(Role.OFFICE, Role.SECRETARIAT)
    org = Organization.objects.create(name="Đảng bộ Khối Cơ quan và Doanh nghiệp tỉnh",
                                      kind=Organization.Kind.COMMITTEE)
    election = services.election_create(acting_user=office, organization=org,
                                        title="Bầu Ban Kiểm tra", kind=Election.Kind.OTHER,
                                        seats=14)
    for name in MANY:
        services.candidate_add(acting_user=office, election=election, full_name=name)
    page = login_page(Role.OFFICE, Role.SECRETARIAT, Role.COUNTING)

    # Closing the list asks first, with the list.
    page.goto(f"/elections/{election.pk}/")
    page.click("#close-list")
    figures = page.locator("#confirm-figures").inner_text()
    assert "15 người cho 14 chỗ" in figures and "Nguyễn Văn An" in figures
    election.refresh_from_db()
    assert election.status == Election.Status.PREPARING  # nothing done yet
    page.click("#confirm-button")
    page.wait_for_url("**/elections/round/*/")
    round_ = election.rounds.get()
    counter = make_user(Role.COUNTING)
    services.round_setup(acting_user=counter, round_=round_, electorate_convened=50, excluded=0,
                         ballots_issued=45, electorate_present=45)
    confirm_counting(election, counter)
    services.round_open_voting(acting_user=counter, round_=round_)

    # Ending the vote asks first, with the numbers of the vote.
    page.goto(f"/elections/round/{round_.pk}/")
    page.locator("#start-counting input[name=groups]").fill("2")
    page.locator("#start-counting button[type=submit]").click()
    figures = page.locator("#confirm-figures").inner_text()
    assert "Phiếu phát ra: 45." in figures and "2 tổ nhập từng phiếu" in figures
    round_.refresh_from_db()
    assert round_.status == round_.Status.VOTING
    page.click("#confirm-button")
    page.wait_for_url(f"**/elections/round/{round_.pk}/")
    one, two = round_.groups.all()

    _type_ahead(page, one, expect_total=len(AHEAD))
    real = services.ballot_enter

    def slow(**kwargs: Any) -> Any:
        time.sleep(0.4)
        return real(**kwargs)

    monkeypatch.setattr(services, "ballot_enter", slow)
    _type_ahead(page, two, expect_total=len(AHEAD))
    monkeypatch.setattr(services, "ballot_enter", real)

    # A number typed twice: warned, nothing sent; Enter again saves it once.
    page.keyboard.type("3 3")
    page.keyboard.press("Enter")
    status = page.locator("#entry-status")
    assert "warning" in (status.get_attribute("class") or "") and "3" in status.inner_text()
    assert page.locator("#queue-count").inner_text() == "0"
    assert PaperBallot.objects.filter(group=two).count() == len(AHEAD)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('entered-count').textContent.trim() === '21'")
    assert PaperBallot.objects.get(group=two, position=21).marks == [3]

    # Ballot 17 called up by its number and corrected; then ballot 21 voided.
    page.locator("#call-position").fill("17")
    page.locator("#call-ballot button").click()
    assert "6, 11" in page.locator("#ballot-reading").inner_text()
    page.locator("#ballot-correct #marks").fill("6 12")
    page.click("#correct-button")
    page.locator(".msg", has_text="Đã sửa phiếu số 17").wait_for()
    assert PaperBallot.objects.get(group=two, position=17).marks == [6, 12]
    assert AuditLog.objects.filter(verb="ballot_correct").count() == 1
    page.goto(f"/elections/group/{two.pk}/edit/?entry=1&position=21")
    page.click("#void-button")
    page.locator("#restore-button").wait_for()
    assert PaperBallot.objects.get(group=two, position=21).voided
    screenshot(page, "elections-ballot-edit")
    for g in (one, two):
        services.group_set_done(acting_user=counter, group=g, done=True)

    # Finalizing asks first, with each group's ballots.
    page.goto(f"/elections/round/{round_.pk}/")
    page.click("#finalize")
    figures = page.locator("#confirm-figures").inner_text()
    assert "Tổ kiểm phiếu số 1: 20 phiếu" in figures and "Tổ kiểm phiếu số 2: 20 phiếu" in figures
    assert "Tổng số phiếu thu vào: 40 / phát ra 45." in figures
    screenshot(page, "elections-confirm-finalize")
    page.click("#confirm-button")
    page.wait_for_url(f"**/elections/round/{round_.pk}/results/")
    assert page.locator("#next-step").inner_text().find("Đoàn Thư ký công bố") >= 0

    # Publishing asks first, with who is elected.
    page.click("#publish-button")
    # 40 valid ballots, every name above 25 of 50; Lý Thị Ngọc (line 12) has the fewest, 31.
    figures = page.locator("#confirm-figures").inner_text()
    assert "Trúng cử: 14 người." in figures and "Lý Thị Ngọc" not in figures
    round_.refresh_from_db()
    assert not round_.results_published
    page.click("#confirm-button")
    page.locator("#published-badge").wait_for()
    round_.refresh_from_db()
    assert round_.results_published
