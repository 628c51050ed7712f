"""A confidence vote at a conference: the paper counts entered, checked by rules/confidence.py
(Quy định 96), the result per person with its consequence."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from daihoi.meetings import selectors, services
from daihoi.meetings.models import Attendance
from daihoi.rules import confidence as rules
from tests.meetings import helpers as h

pytestmark = pytest.mark.django_db


def _vote():
    actor = h.office()
    c = h.committee(actor, seats=9)
    conf = h.conference(actor, c)
    seats = list(c.members.order_by("order"))
    services.attendance_record(acting_user=actor, conference=conf,
                               marks={s.pk: Attendance.Status.PRESENT for s in seats[:7]})
    vote = services.confidence_vote_create(acting_user=actor, conference=conf,
                                           title="Giữa nhiệm kỳ", subjects=seats[:3])
    return actor, vote


def test_counts_and_consequences() -> None:
    actor, vote = _vote()
    a, b, c = vote.subjects.order_by("order")
    # 9 convened, 7 present (>= 6 = 2/3 of 9), 7 returned.
    services.confidence_counts_enter(acting_user=actor, vote=vote, convened=9, present=7, returned=7,
                                     counts={a.pk: (6, 1, 0), b.pk: (1, 2, 4), c.pk: (0, 2, 5)})
    result = selectors.confidence_result(vote)
    assert result is not None and result.quorum_met and result.quorum_needed == 6
    # 4/7 low: more than half, under 2/3 (khoản 2); 5/7 low: two thirds or more (khoản 3).
    assert [p.consequence for p in result.people] == [
        rules.Consequence.NONE, rules.Consequence.REVIEW, rules.Consequence.RELIEVE]
    assert vote.rules == rules.DEFAULT.to_dict()


def test_bad_counts_are_refused_and_nothing_written() -> None:
    actor, vote = _vote()
    a = vote.subjects.order_by("order").first()
    with pytest.raises(ValidationError) as err:
        services.confidence_counts_enter(acting_user=actor, vote=vote, convened=9, present=7,
                                         returned=7, counts={a.pk: (5, 2, 1)})
    assert a.full_name in str(err.value)
    vote.refresh_from_db()
    assert vote.status == "preparing" and selectors.confidence_result(vote) is None


def test_the_page_prefills_from_attendance_and_shows_the_result(client) -> None:
    actor, vote = _vote()
    client.force_login(actor)
    page = client.get(reverse("meetings:confidence", args=[vote.pk])).content.decode()
    assert 'name="present" value="7"' in page and 'name="convened" value="9"' in page
    data = {"convened": 9, "present": 5, "returned": 5}
    for s in vote.subjects.all():
        data |= {f"high_{s.pk}": 5, f"medium_{s.pk}": 0, f"low_{s.pk}": 0}
    assert client.post(reverse("meetings:confidence", args=[vote.pk]), data).status_code == 302
    page = client.get(reverse("meetings:confidence", args=[vote.pk])).content.decode()
    assert "không đủ 2/3" in page and "100,00%" in page  # 5 of 9 is under 2/3


def test_minutes_pdf_prints_shares_and_consequences() -> None:
    from daihoi.meetings import reports

    actor, vote = _vote()
    a, b, c = vote.subjects.order_by("order")
    services.confidence_counts_enter(acting_user=actor, vote=vote, convened=9, present=7, returned=7,
                                     counts={a.pk: (6, 1, 0), b.pk: (1, 2, 4), c.pk: (0, 2, 5)})
    flat = h.pdf_text(reports.confidence_pdf(vote))
    assert "4 (57,14%)" in flat and "5 (71,43%)" in flat and "Điều 11 khoản 3" in flat


def test_minutes_pdf_in_english() -> None:
    """The minutes follow the language they are asked in: English labels, decimal points."""
    from django.utils import translation

    from daihoi.meetings import reports
    from tests.pdftext import drawn_text

    actor, vote = _vote()
    a, b, c = vote.subjects.order_by("order")
    services.confidence_counts_enter(acting_user=actor, vote=vote, convened=9, present=7, returned=7,
                                     counts={a.pk: (6, 1, 0), b.pk: (1, 2, 4), c.pk: (0, 2, 5)})
    mp = pytest.MonkeyPatch()
    with translation.override("en"), drawn_text(mp) as drawn:
        reports.confidence_pdf(vote)
    mp.undo()
    flat = " ".join(" ".join(drawn).split())
    assert "4 (57.14%)" in flat and "5 (71.43%)" in flat and "57,14%" not in flat
    assert "Biên bản kiểm phiếu" not in flat
