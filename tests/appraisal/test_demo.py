"""The classification's and targets' demo on a small register: five closed years within the
quota, this year open, the secretary's login, and the past congress's targets reviewed."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from daihoi.appraisal import demo, selectors
from daihoi.appraisal.models import Campaign, EntryGrant, LevelTally
from daihoi.congress.models import Congress
from daihoi.organizations import demo as org_demo
from daihoi.organizations.models import AdmissionPlan, Member, Organization
from daihoi.targets import demo as targets_demo
from daihoi.targets import selectors as targets_selectors
from daihoi.targets.models import Target

pytestmark = pytest.mark.django_db


def test_demo_years_close_within_the_quota() -> None:
    rng = random.Random(1)
    tree = org_demo.build_organizations(rng)
    today = timezone.localdate()
    Member.objects.bulk_create(org_demo.generate_members(rng, n=600, leaves=tree.leaves, weights=tree.weights,
                                                         today=today))
    messages: list[str] = []
    demo.build(seed=1, log=messages.append)
    term = today.year - today.year % 5
    closed = Campaign.objects.filter(status=Campaign.Status.CLOSED).order_by("year")
    assert [c.year for c in closed] == list(range(term - 5, term))
    assert Campaign.objects.get(year=term).is_open
    for c in closed:
        assert selectors.quota_breaches(c) == []
        total = LevelTally.objects.get(campaign=c, subject="members", organization=None)
        assert total.good + total.excellent > 0.85 * (total.excellent + total.good + total.satisfactory
                                                       + total.not_completed)
    assert EntryGrant.objects.filter(user__username="bithu").exists()
    demo.build(seed=1, log=messages.append)  # a second run changes nothing
    assert Campaign.objects.count() == 6

    congress = Congress.objects.create(organization=tree.root, ordinal=17, term_start=term - 5, term_end=term,
                                       starts_on=dt.date(term - 5, 8, 20), ends_on=dt.date(term - 5, 8, 21))
    AdmissionPlan.objects.bulk_create([AdmissionPlan(year=y, planned=20) for y in range(term - 5, term + 1)])
    targets_demo.build(seed=1, log=messages.append)
    assert Target.objects.filter(congress=congress).count() == 9
    review = targets_selectors.review(congress, dt.date(term - 2, 7, 1))
    assert review.total == 9 and review.line.startswith("đạt và vượt ")
    measured = {row.target.metric: row for row in review.rows}
    # the organizations founded in joint-stock companies during the term, from the register
    founded = Organization.objects.filter(host_kind=Organization.HostKind.PRIVATE_ENTERPRISE,
                                          established_on__gte=congress.starts_on,
                                          established_on__lte=dt.date(term - 2, 7, 1)).count()
    assert 0 < founded <= org_demo.NEW_PRIVATE
    assert measured[Target.Metric.PRIVATE_ORGS].evaluation.measured == founded
    assert measured[Target.Metric.CELLS_ADMITTING].measure.years
    assert [row.target.metric for row in review.rows if row.evaluation.status == "no_data"] == []
