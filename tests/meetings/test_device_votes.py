"""Votes of the committee on a question on the members' devices (issue 17, item 3: "votes of
the committee on other questions (show of hands or device) as at the congress"): an open
vote, one answer per member recorded present, counted at the close against the members
convened by rules/votes.py, as the show-of-hands vote is."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from daihoi.core.models import AuditLog
from daihoi.meetings import services
from daihoi.meetings.models import Attendance, ConferenceVote
from tests.meetings import helpers as h

pytestmark = pytest.mark.django_db


def _open(present: int = 5):
    """9 members, `present` of them present, a device vote open."""
    actor = h.office()
    c = h.committee(actor, seats=9)
    conf = h.conference(actor, c)
    seats = list(c.members.order_by("order"))
    services.attendance_record(acting_user=actor, conference=conf,
                               marks={s.pk: Attendance.Status.PRESENT for s in seats[:present]})
    vote = services.vote_open_device(acting_user=actor, conference=conf,
                                     question="Thông qua Chương trình kiểm tra năm 2026")
    return actor, c, vote


def test_answers_are_counted_against_the_members_convened() -> None:
    """5 agree of 9 convened: more than half (5 > 4.5), adopted; one absent cannot answer."""
    actor, c, vote = _open(present=7)
    for i, choice in enumerate(["agree"] * 5 + ["disagree", "other"]):
        services.vote_answer(acting_user=h.seat_user(c, i), vote=vote, choice=choice)
    with pytest.raises(ValidationError):  # recorded absent
        services.vote_answer(acting_user=h.seat_user(c, 8), vote=vote, choice="agree")
    with pytest.raises(ValidationError):  # once only
        services.vote_answer(acting_user=h.seat_user(c, 0), vote=vote, choice="disagree")
    vote = services.vote_close_device(acting_user=actor, vote=vote)
    assert (vote.agree, vote.disagree, vote.other, vote.present, vote.base) == (5, 1, 1, 7, 9)
    assert vote.adopted and vote.status == ConferenceVote.Status.CLOSED
    with pytest.raises(ValidationError):  # closed: no more answers
        services.vote_answer(acting_user=h.seat_user(c, 6), vote=vote, choice="agree")
    assert AuditLog.objects.filter(verb="close").exists()


def test_four_of_nine_do_not_adopt() -> None:
    actor, c, vote = _open()
    for i in range(4):
        services.vote_answer(acting_user=h.seat_user(c, i), vote=vote, choice="agree")
    assert not services.vote_close_device(acting_user=actor, vote=vote).adopted


def test_only_the_committees_members_answer_and_only_the_office_closes() -> None:
    actor, c, vote = _open()
    other = h.committee(actor, seats=1, prefix="x")
    with pytest.raises(PermissionDenied):
        services.vote_answer(acting_user=h.seat_user(other, 0), vote=vote, choice="agree")
    with pytest.raises(PermissionDenied):
        services.vote_close_device(acting_user=h.seat_user(c, 0), vote=vote)
    with pytest.raises(ValidationError):
        services.vote_answer(acting_user=h.seat_user(c, 0), vote=vote, choice="maybe")


def test_the_conference_page_offers_the_answer_then_shows_the_result(client) -> None:
    actor, c, vote = _open()
    url = reverse("meetings:conference", args=[vote.conference_id])
    client.force_login(h.seat_user(c, 0))
    page = client.get(url).content.decode()
    assert reverse("meetings:vote_answer", args=[vote.pk]) in page and "Kết thúc biểu quyết" not in page
    client.post(reverse("meetings:vote_answer", args=[vote.pk]), {"choice": "agree"})
    assert "Đồng chí đã biểu quyết" in client.get(url).content.decode()
    assert client.post(reverse("meetings:vote_close_device", args=[vote.pk])).status_code == 403
    client.force_login(actor)
    assert "Kết thúc biểu quyết" in client.get(url).content.decode()
    client.post(reverse("meetings:vote_close_device", args=[vote.pk]))
    page = client.get(url).content.decode()
    assert "1/9" in page and "Không thông qua" in page
    # The office opens another from the page.
    client.post(reverse("meetings:vote_open_device", args=[vote.conference_id]),
                {"question": "Thông qua quy chế làm việc"})
    assert ConferenceVote.objects.filter(question="Thông qua quy chế làm việc",
                                         status=ConferenceVote.Status.OPEN).exists()
