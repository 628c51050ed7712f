"""Conferences numbered within the committee's term (continuing, restarting with the next
term's committee), invitations and answers, attendance against the membership in office
on the conference's day, the standing committee's work log for the next conference."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from daihoi.meetings import selectors, services
from daihoi.meetings.models import Attendance, Committee, Conference, Invitation
from tests.meetings import helpers as h

pytestmark = pytest.mark.django_db


def test_numbering_continues_in_the_term_and_restarts_with_the_next() -> None:
    actor = h.office()
    first = h.committee(actor, seats=3)
    numbers = [h.conference(actor, first, day=h.START + dt.timedelta(days=10 * i)).number
               for i in range(3)]
    extra = h.conference(actor, first, kind=Conference.Kind.EXTRAORDINARY)
    assert numbers == [1, 2, 3] and extra.number == 4  # an extraordinary one is numbered too
    assert selectors.next_number(first) == 5
    nxt = h.committee(actor, seats=3, org=first.organization, term="2030–2035",
                      start=dt.date(2030, 10, 1), prefix="k2", previous=first)
    assert h.conference(actor, nxt, day=dt.date(2030, 11, 1)).number == 1
    assert first.next_term == nxt


def test_attendance_counts_against_membership_on_the_day() -> None:
    actor = h.office()
    c = h.committee(actor, seats=6)
    seats = list(c.members.order_by("order"))
    day = h.START + dt.timedelta(days=60)
    services.seat_leave(acting_user=actor, seat=seats[5], left_on=day - dt.timedelta(days=1))
    late = services.seat_add(acting_user=actor, committee=c, member=None, full_name="Lê Văn Mới",
                             joined_on=day + dt.timedelta(days=1))
    conf = h.conference(actor, c, day=day)
    services.attendance_record(acting_user=actor, conference=conf, marks={
        seats[0].pk: Attendance.Status.PRESENT, seats[1].pk: Attendance.Status.PRESENT,
        seats[2].pk: Attendance.Status.PRESENT, seats[3].pk: Attendance.Status.EXCUSED})
    s = selectors.attendance_summary(conf)
    # Five in office (the sixth left the day before; the new one joins the day after).
    assert (s.convened, s.present, s.excused, s.absent, s.unrecorded) == (5, 3, 1, 0, 1)
    assert not s.quorum_two_thirds  # 3 of 5 is under 2/3
    services.attendance_record(acting_user=actor, conference=conf,
                               marks={seats[4].pk: Attendance.Status.PRESENT})
    assert selectors.attendance_summary(conf).quorum_two_thirds  # 4 of 5
    with pytest.raises(ValidationError):  # not in office that day
        services.attendance_record(acting_user=actor, conference=conf,
                                   marks={late.pk: Attendance.Status.PRESENT})


def test_invitations_sent_once_and_answered_by_the_invitee_only() -> None:
    actor = h.office()
    c = h.committee(actor, seats=4)
    conf = h.conference(actor, c)
    assert services.invitations_send(acting_user=actor, conference=conf,
                                     guests=[("Đại diện Ban Tổ chức Tỉnh ủy", "khách mời")]) == 5
    assert services.invitations_send(acting_user=actor, conference=conf) == 0  # no second copy
    mine = conf.invitations.get(seat__order=2)
    services.invitation_answer(acting_user=h.seat_user(c, 1), invitation=mine,
                               answer=Invitation.Answer.EXCUSED, reason="Đi công tác")
    assert selectors.invitation_counts(conf)[Invitation.Answer.EXCUSED] == 1
    other = conf.invitations.get(seat__order=3)
    with pytest.raises(PermissionDenied):
        services.invitation_answer(acting_user=h.seat_user(c, 1), invitation=other,
                                   answer=Invitation.Answer.ATTENDING)


def test_work_log_lists_the_standing_committee_decisions_since_the_last_conference() -> None:
    actor = h.office()
    c = h.committee(actor, seats=3)
    standing = services.committee_create(
        acting_user=actor, organization=c.organization, kind=Committee.Kind.STANDING,
        name="Ban Thường vụ", term=c.term, term_starts_on=c.term_starts_on)
    tenth = h.conference(actor, c, day=dt.date(2026, 1, 10))
    eleventh = h.conference(actor, c, day=dt.date(2026, 4, 10))
    for day, subject in [(dt.date(2026, 1, 5), "trước lần 10"), (dt.date(2026, 1, 10), "ngày lần 10"),
                         (dt.date(2026, 2, 1), "giữa hai hội nghị"), (dt.date(2026, 4, 10), "ngày lần 11"),
                         (dt.date(2026, 4, 20), "sau lần 11")]:
        services.decision_add(acting_user=actor, committee=standing, decided_on=day, subject=subject)
    assert [d.subject for d in selectors.work_log_for(eleventh)] == ["giữa hai hội nghị", "ngày lần 11"]
    assert [d.subject for d in selectors.work_log_for(tenth)] == ["trước lần 10", "ngày lần 10"]


def test_only_the_office_convenes() -> None:
    actor = h.office()
    c = h.committee(actor, seats=2)
    with pytest.raises(PermissionDenied):
        h.conference(h.seat_user(c, 0), c)


def test_a_show_of_hands_vote_counts_against_the_members_convened() -> None:
    """9 members in office, 5 present: 5 in favour is more than half of 9 (adopted); 4 is not,
    however few are present (rules/votes.py, Quy định 294 item 9.3)."""
    actor = h.office()
    c = h.committee(actor, seats=9)
    conf = h.conference(actor, c)
    seats = list(c.members.order_by("order"))
    services.attendance_record(acting_user=actor, conference=conf,
                               marks={s.pk: Attendance.Status.PRESENT for s in seats[:5]})
    yes = services.vote_record(acting_user=actor, conference=conf, question="Thông qua kế hoạch",
                               agree=5, disagree=0)
    no = services.vote_record(acting_user=actor, conference=conf, question="Thông qua quy chế",
                              agree=4, disagree=1)
    assert (yes.base, yes.present, yes.adopted) == (9, 5, True)
    assert not no.adopted
    with pytest.raises(ValidationError):  # more hands than members present
        services.vote_record(acting_user=actor, conference=conf, question="x", agree=5, disagree=1)


def test_membership_is_taken_on_the_local_day_of_an_early_conference() -> None:
    """A conference at 6:00 in Hanoi (UTC+7) is at 23:00 UTC the day before: a member who
    joined that morning's date is in office."""
    from django.utils import timezone

    actor = h.office()
    c = h.committee(actor, seats=2)
    day = h.START + dt.timedelta(days=40)
    services.seat_add(acting_user=actor, committee=c, member=None, full_name="Phạm Văn Sớm",
                      joined_on=day)
    conf = services.conference_create(
        acting_user=actor, committee=c,
        starts_at=dt.datetime.combine(day, dt.time(6), tzinfo=timezone.get_current_timezone()))
    assert selectors.attendance_summary(Conference.objects.get(pk=conf.pk)).convened == 3
