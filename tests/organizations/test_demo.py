"""The demo register: the size of the articles' committee, deterministic from the seed."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from daihoi.core.models import AuditLog
from daihoi.organizations import demo
from daihoi.organizations.models import AdmissionPlan, Member, Organization
from daihoi.rules import membership

pytestmark = pytest.mark.django_db


def _fingerprint() -> list[tuple]:
    return list(Member.objects.order_by("id").values_list(
        "full_name", "date_of_birth", "admission_date", "ceremony_date", "status", "party_card_number",
        "organization__name"))


def test_demo_builds_the_committee():
    demo.build(seed=7, log=lambda _msg: None)
    root = Organization.objects.get(parent=None)
    assert root.name.startswith("Đảng bộ Khối")
    assert Organization.objects.filter(parent=root).count() == 77
    assert Member.objects.count() == 4500
    assert Member.objects.exclude(party_card_number=None).values("party_card_number").distinct().count() \
        == Member.objects.filter(status__in=["full", "transferred_out", "deceased", "removed"]).count()
    probationary = Member.objects.filter(status=Member.Status.PROBATIONARY).count()
    assert 0.03 * 4500 < probationary < 0.08 * 4500
    assert AdmissionPlan.objects.count() == 6
    assert AuditLog.objects.filter(verb="demo").count() >= 4500 + 77
    # Nobody under 23 or over 60 (give or take the day), nobody admitted before 18.
    today = dt.date.today()
    for born, admitted in Member.objects.values_list("date_of_birth", "admission_date"):
        assert 22 <= (today - born).days / 365.25 <= 61.5
        assert (admitted - born).days / 365.25 >= 18


def test_demo_ceremonies_follow_the_decision_within_30_working_days():
    demo.build(seed=7, log=lambda _msg: None)
    today = dt.date.today()
    rows = list(Member.objects.values_list("admission_date", "ceremony_date", "status", "full_member_date"))
    for admitted, ceremony, status, full in rows:
        if ceremony is None:  # not held yet: only for a decision of the last six weeks
            assert (today - admitted).days <= 45
            continue
        assert admitted + dt.timedelta(days=3) <= ceremony <= membership.ceremony_deadline(admitted)
        if status == Member.Status.FULL:
            assert full == membership.full_member_date(ceremony)
    assert sum(c is not None for _, c, _, _ in rows) > 0.99 * len(rows)


def test_demo_is_deterministic_from_the_seed():
    demo.build(seed=7, log=lambda _msg: None)
    first = _fingerprint()
    Member.objects.all().delete()
    AdmissionPlan.objects.all().delete()
    Organization.objects.filter(parent__parent__isnull=False).delete()
    Organization.objects.exclude(parent=None).delete()
    Organization.objects.all().delete()
    demo.build(seed=7, log=lambda _msg: None)
    assert _fingerprint() == first


def test_generate_members_for_the_benchmark():
    rng = random.Random(1)
    tree = demo.build_organizations(rng)
    members = list(demo.generate_members(rng, n=500, leaves=tree.leaves, weights=tree.weights,
                                         today=dt.date(2025, 6, 1)))
    assert len(members) == 500 and all(m.sort_key and m.search_name for m in members)
    assert len({m.party_card_number for m in members}) == 500
