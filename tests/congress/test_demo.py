"""The demo congress: in session, about 246 official delegates, most checked in."""

from __future__ import annotations

import pytest

from daihoi.congress import demo, selectors
from daihoi.congress.models import Body, Congress, Delegate
from daihoi.core import demo as core_demo
from daihoi.core.models import User
from daihoi.organizations import demo as org_demo


@pytest.mark.django_db
def test_demo_congress() -> None:
    logs: list[str] = []
    core_demo.build(seed=1, log=logs.append)
    org_demo.build(seed=1, log=logs.append, members=1500)
    demo.build(seed=1, log=logs.append)
    current = Congress.objects.get(status=Congress.Status.IN_SESSION)
    assert Congress.objects.filter(status=Congress.Status.CLOSED).count() == 1
    s = selectors.attendance_summary(current)
    assert s.convened == demo.OFFICIAL and s.present == demo.CHECKED_IN and s.quorum_met
    assert current.delegates.filter(kind=Delegate.Kind.ALTERNATE).count() == demo.ALTERNATES
    assert current.delegates.filter(replaces__isnull=False).count() == 1
    assert current.delegates.filter(origin=Delegate.Origin.EX_OFFICIO).count() == demo.EX_OFFICIO
    assert set(current.bodies.values_list("kind", flat=True)) == set(Body.Kind.values)
    assert all(current.bodies.values_list("approved", flat=True))
    assert current.guests.count() == len(demo.GUESTS)
    # Every grassroots organization sends at least one delegate.
    grassroots = selectors.grassroots_organizations(current.organization).count()
    assert current.delegates.values("represents").distinct().count() >= grassroots
    # The delegate logins share the demo password; kiemphieu counts at this congress only.
    db001 = User.objects.get(username="db001")
    assert db001.check_password(core_demo.DEMO_PASSWORD) and db001.role_names() == {"delegate"}
    assert selectors.delegate_for_user(db001, current) is not None
    kiemphieu = User.objects.get(username="kiemphieu")
    assert selectors.is_counting_member(kiemphieu, current)
    past = Congress.objects.get(status=Congress.Status.CLOSED)
    assert not selectors.is_counting_member(User.objects.get(username="kiemphieu"), past)
    # Run twice: nothing added.
    demo.build(seed=1, log=logs.append)
    assert Congress.objects.count() == 2
