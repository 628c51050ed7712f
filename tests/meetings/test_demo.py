"""The demo: a committee with ten conferences held, the 11th in preparation with drafts,
comments carried into a second version, the confidence vote held on device and counted, and
a vote on a question open on device."""

from __future__ import annotations

import pytest

from daihoi.core.models import User
from daihoi.meetings import demo, selectors
from daihoi.meetings.models import Committee, Conference
from tests.factories import MemberFactory, OrganizationFactory
from tests.meetings import helpers as h

pytestmark = pytest.mark.django_db


def test_demo_builds_the_term_and_the_11th_conference() -> None:
    admin = h.office("admin")
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    root = OrganizationFactory()
    cell = OrganizationFactory(parent=root)
    for i in range(30):  # with logins, as the congress's delegates have: they vote on device
        MemberFactory(organization=cell, user=User.objects.create(username=f"demo{i}", password="!"))
    lines: list[str] = []
    demo.build(seed=1, log=lines.append)
    executive = Committee.objects.get(kind=Committee.Kind.EXECUTIVE)
    conferences = list(executive.conferences.order_by("number"))
    assert [c.number for c in conferences] == list(range(1, 12))
    assert all(c.status == Conference.Status.HELD for c in conferences[:10])
    eleventh = conferences[10]
    assert eleventh.status == Conference.Status.PREPARING and eleventh.drafts.count() == 2
    assert len(selectors.work_log_for(eleventh)) == 4
    midterm = eleventh.drafts.order_by("id").first()
    assert midterm.versions.count() == 2 and selectors.report_rows(midterm)
    vote = eleventh.confidence_votes.get()
    result = selectors.confidence_result(vote)
    assert vote.on_device and vote.round.status == "closed"
    assert result is not None and result.quorum_met and result.returned == result.present
    assert result.convened == 28 and result.present == eleventh.attendance.filter(status="present").count()
    assert any(p.consequence != "none" for p in result.people)
    question = eleventh.votes.get()
    assert question.mode == "device" and question.status == "open" and question.answers.count() > 0
    demo.build(seed=1, log=lines.append)  # a second run adds nothing
    assert Committee.objects.count() == 2 and "bỏ qua" in lines[-1]
