"""The two targets measured from the records that used to be entered by hand: organizations
founded in enterprises outside the state sector, and the share of cells that admitted a member."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from daihoi.core.roles import Role
from daihoi.organizations.models import MemberTransfer, Organization
from daihoi.rules.targets import Status
from daihoi.targets import selectors, services
from daihoi.targets.models import Target, TargetValue
from tests.factories import CongressFactory, MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

K = Organization.Kind
H = Organization.HostKind


@pytest.fixture
def congress():  # type: ignore[no-untyped-def]
    root = OrganizationFactory(name="Đảng bộ Khối", kind=K.COMMITTEE)
    return CongressFactory(organization=root, ordinal=17, term_start=2020, term_end=2025,
                           starts_on=dt.date(2020, 8, 20), ends_on=dt.date(2020, 8, 21))


def target(congress, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("comparison", ">=")
    return Target.objects.create(congress=congress, number=Target.objects.count() + 1, text="…", **kw)


def test_private_enterprise_organizations_are_counted_from_their_founding_date(congress) -> None:  # type: ignore[no-untyped-def]
    root = congress.organization
    def org(day: dt.date | None, kind: str = H.PRIVATE_ENTERPRISE) -> Organization:
        return OrganizationFactory(kind=K.GRASSROOTS_CELL, parent=root, host_kind=kind, established_on=day)
    org(dt.date(2020, 8, 20))  # the congress's opening day counts
    org(dt.date(2021, 3, 1))
    org(dt.date(2023, 6, 30))
    org(dt.date(2020, 8, 19))  # before the term
    org(dt.date(2022, 1, 1), H.STATE_ENTERPRISE)  # in the state sector
    org(dt.date(2022, 5, 5), "")  # not stated
    org(None)  # no founding date
    org(dt.date(2024, 2, 1))  # after the review date
    term = target(congress, metric=Target.Metric.PRIVATE_ORGS, value=10, unit="organizations", period="term")
    TargetValue.objects.create(target=term, value=99, as_of=dt.date(2022, 1, 1), source="ignored")
    on = dt.date(2023, 12, 1)
    assert term.measured_from_records
    m = selectors.measure(term, on)
    assert m.total == 3 and "thành lập" in m.source
    yearly = target(congress, metric=Target.Metric.PRIVATE_ORGS, value=1, unit="organizations", period="year")
    assert selectors.measure(yearly, dt.date(2024, 1, 1)).years == [
        (2020, 2), (2021, 1), (2022, 0), (2023, 1)]
    row = next(r for r in selectors.review(congress, on).rows if r.target == term)
    # 3 of 10 with 66% of the term gone: the straight line reaches 4.6, short of 10
    assert row.evaluation.status is Status.AT_RISK and row.evaluation.measured == 3


def test_the_share_of_cells_that_admitted_a_member(congress) -> None:  # type: ignore[no-untyped-def]
    root = congress.organization
    finance = OrganizationFactory(kind=K.GRASSROOTS_COMMITTEE, parent=root)
    a, b, c = (OrganizationFactory(kind=K.CELL, parent=finance) for _ in range(3))
    d = OrganizationFactory(kind=K.GRASSROOTS_CELL, parent=root)
    OrganizationFactory(kind=K.CELL, parent=finance, dissolved_on=dt.date(2021, 6, 1))  # gone by 2021's end
    OrganizationFactory(kind=K.CELL, parent=finance, established_on=dt.date(2022, 3, 1))  # not yet in 2021
    MemberFactory(organization=a, admission_date=dt.date(2021, 5, 19))
    MemberFactory(organization=a, admission_date=dt.date(2021, 9, 2))  # a cell counts once
    MemberFactory(organization=finance, admission_date=dt.date(2021, 4, 1))  # not a cell
    MemberFactory(organization=b, admission_date=dt.date(2020, 12, 31))  # another year
    # admitted in d, since moved to c: d admitted
    moved = MemberFactory(organization=c, admission_date=dt.date(2021, 2, 3))
    MemberTransfer.objects.create(member=moved, from_organization=d, to_organization=c,
                                  on=dt.date(2022, 1, 5))
    assert selectors.cells_admitting(2021) == (2, 4)  # a and d of a, b, c, d
    assert selectors.cells_admitting(2020) == (1, 5)  # b, of a, b, c, d and the one dissolved in 2021
    t = target(congress, metric=Target.Metric.CELLS_ADMITTING, comparison=">", value=90, unit="%",
               period="year")
    m = selectors.measure(t, dt.date(2022, 6, 1))
    assert m.years == [(2020, Fraction(20)), (2021, Fraction(50))]  # the complete years only
    row = next(r for r in selectors.review(congress, dt.date(2022, 6, 1)).rows if r.target == t)
    assert row.evaluation.status is Status.NOT_ACHIEVED and row.evaluation.failing_years == (2020, 2021)
    assert row.measured_text == "20%"


def test_a_year_without_cells_has_no_share(congress) -> None:  # type: ignore[no-untyped-def]
    t = target(congress, metric=Target.Metric.CELLS_ADMITTING, value=90, unit="%", period="year")
    assert selectors.measure(t, dt.date(2022, 6, 1)).years == [(2020, None), (2021, None)]
    row = next(r for r in selectors.review(congress, dt.date(2022, 6, 1)).rows if r.target == t)
    assert row.evaluation.status is Status.NO_DATA


def test_no_value_is_entered_for_a_target_the_records_measure(congress, make_user) -> None:  # type: ignore[no-untyped-def]
    office = make_user(Role.OFFICE)
    measured = target(congress, metric=Target.Metric.PRIVATE_ORGS, value=10, unit="organizations",
                      period="term")
    with pytest.raises(ValidationError):
        services.target_value_enter(acting_user=office, target=measured, value="4", as_of=dt.date(2022, 1, 1),
                                    source="Báo cáo")
    other = target(congress, metric=Target.Metric.OTHER, value=10, unit="organizations", period="term")
    services.target_value_enter(acting_user=office, target=other, value="4", as_of=dt.date(2022, 1, 1),
                                source="Báo cáo")
    assert list(TargetValue.objects.values_list("target", flat=True)) == [other.pk]
