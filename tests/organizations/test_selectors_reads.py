"""The reads that left the register's views and services for selectors.py: the node of
one organization, the sub-tree's ids, the transfers of a member, the latest targets and
the row errors a rejected import kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from daihoi.core import selectors as core_selectors
from daihoi.core.models import Job, User
from daihoi.core.roles import Role
from daihoi.organizations import selectors
from daihoi.organizations.models import AdmissionPlan, MemberTransfer, Organization
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_descendant_ids_stops_on_a_loop() -> None:
    """A map with a loop (a damaged tree) still ends, each id once."""
    parents = {1: None, 2: 1, 3: 2, 4: 3, 5: 1, 6: 7, 7: 6}
    assert selectors.descendant_ids(2, parents) == {2, 3, 4}
    assert selectors.descendant_ids(1, parents) == {1, 2, 3, 4, 5}
    assert selectors.descendant_ids(6, parents) == {6, 7}


def test_the_node_of_an_organization_dissolved_or_not() -> None:
    root = OrganizationFactory()
    gone = OrganizationFactory(parent=root, kind=Organization.Kind.CELL, dissolved_on=dt.date(2020, 1, 1))
    MemberFactory(organization=gone)
    node = selectors.organization_node(gone)
    assert node is not None and node.org == gone and node.depth == 1
    assert selectors.organization_node(root).active_total == 1  # type: ignore[union-attr]
    assert selectors.organization_node(Organization(pk=987654)) is None
    assert selectors.organization_subtree_ids(root.pk) == {root.pk, gone.pk}


def test_transfers_of_a_member_only() -> None:
    a, b = OrganizationFactory(), OrganizationFactory()
    member, other = MemberFactory(organization=a), MemberFactory(organization=a)
    for who in (member, other):
        MemberTransfer.objects.create(member=who, from_organization=a, to_organization=b,
                                      on=dt.date(2024, 1, 1))
    assert [(t.member_id, t.to_organization.name) for t in selectors.member_transfers(member)] == [
        (member.pk, b.name)]


def test_the_latest_targets_first() -> None:
    for year in range(2015, 2026):
        AdmissionPlan.objects.create(year=year, planned=year - 2000)
    assert [p.year for p in selectors.admission_plans(limit=3)] == [2025, 2024, 2023]


def test_import_errors_from_the_job(make_user: Callable[..., User]) -> None:
    job = Job.objects.create(kind="members_import", errors=[
        {"row": 3, "column": "Họ và tên", "value": "", "reason": "Trống"}, "a line of text",
        {"row": 4, "reason": "Sai"}])
    errors = selectors.import_errors(job)
    assert [(e.row, e.column, e.value, e.reason) for e in errors] == [
        (3, "Họ và tên", "", "Trống"), (4, "", "", "Sai")]


def test_recent_jobs_are_the_users_own_of_that_kind(make_user: Callable[..., User]) -> None:
    me, other = make_user(Role.OFFICE), make_user(Role.OFFICE)
    for i in range(7):
        Job.objects.create(kind="members_import", title=f"t{i}", created_by=me)
    Job.objects.create(kind="members_import", created_by=other)
    Job.objects.create(kind="organizations_import", created_by=me)
    recent = list(core_selectors.recent_jobs(kind="members_import", user=me, limit=5))
    assert len(recent) == 5 and {j.created_by_id for j in recent} == {me.pk}
    assert {j.kind for j in recent} == {"members_import"}
