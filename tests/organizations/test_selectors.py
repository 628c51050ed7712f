"""Read queries: tree counts in two queries, search without diacritics, sub-tree filter,
Vietnamese order, the due list."""

from __future__ import annotations

import datetime as dt

import pytest

from daihoi.organizations import selectors
from daihoi.organizations.models import AdmissionPlan, Member
from daihoi.rules.membership import add_months

pytestmark = pytest.mark.django_db
P, F, D = Member.Status.PROBATIONARY, Member.Status.FULL, Member.Status.DECEASED


def test_tree_counts_aggregate_up_in_two_queries(tree, make_member, django_assert_num_queries):
    make_member("A A", organization=tree.office)
    make_member("B B", organization=tree.office, status=P)
    make_member("C C", organization=tree.inspect)
    make_member("D D", organization=tree.inspect, status=D)
    make_member("E E", organization=tree.justice)
    with django_assert_num_queries(2):
        roots = selectors.organization_tree()
    (root,) = roots
    by_name = {n.org.name: n for n in root.walk()}
    assert root.active_total == 4 and root.total[D] == 1
    finance = by_name["Đảng bộ Sở Tài chính"]
    assert (finance.total[F], finance.total[P], finance.total[D]) == (2, 1, 1)
    assert by_name["Chi bộ Văn phòng"].active_total == 2
    assert [c.org.name for c in root.children] == ["Chi bộ Sở Tư pháp", "Đảng bộ Sở Tài chính"]


def test_search_ignores_diacritics_and_case(tree, make_member):
    make_member("Nguyễn Văn A", organization=tree.office)
    make_member("Nguyễn Văn Anh", organization=tree.office)
    make_member("Trần Thị Đào", organization=tree.justice)
    assert [m.full_name for m in selectors.member_search(q="nguyen van a")] == [
        "Nguyễn Văn A", "Nguyễn Văn Anh"]
    assert [m.full_name for m in selectors.member_search(q="DAO")] == ["Trần Thị Đào"]
    assert [m.full_name for m in selectors.member_search(q="thi đào")] == ["Trần Thị Đào"]


def test_search_by_card_number_prefix(tree, make_member):
    make_member("Lê Văn Thẻ", organization=tree.office, party_card_number="52012345")
    make_member("Lê Văn Khác", organization=tree.office, party_card_number="61000000")
    assert [m.full_name for m in selectors.member_search(q="5201")] == ["Lê Văn Thẻ"]


def test_filter_by_organization_includes_its_subtree_and_status(tree, make_member):
    make_member("A A", organization=tree.office)
    make_member("B B", organization=tree.inspect, status=P)
    make_member("C C", organization=tree.justice)
    make_member("D D", organization=tree.inspect, status=D)
    names = lambda **kw: sorted(m.full_name for m in selectors.member_search(**kw))  # noqa: E731
    assert names(organization_id=tree.finance.pk) == ["A A", "B B"]
    assert names(organization_id=tree.finance.pk, status="all") == ["A A", "B B", "D D"]
    assert names(status=P) == ["B B"]
    assert names(status=D) == ["D D"]


def test_list_is_in_vietnamese_order(tree, make_member):
    for n in ["Trần Văn Bình", "Lê Thị Châu", "Nguyễn Văn An", "Phạm Đức Ân", "Võ Thị Ăn"]:
        make_member(n, organization=tree.office)
    assert [m.full_name for m in selectors.member_search()] == [
        "Nguyễn Văn An", "Võ Thị Ăn", "Phạm Đức Ân", "Trần Văn Bình", "Lê Thị Châu"]


def test_members_due_this_month_and_overdue(tree, make_member):
    today = dt.date(2025, 6, 15)
    make_member("Đúng Hạn", organization=tree.office, status=P, admission_date=dt.date(2024, 6, 20))
    make_member("Quá Hạn", organization=tree.office, status=P, admission_date=dt.date(2024, 3, 1))
    make_member("Chưa Đến", organization=tree.office, status=P, admission_date=dt.date(2024, 7, 1))
    make_member("Đã Xong", organization=tree.office, admission_date=dt.date(2024, 3, 1))
    this_month, overdue = selectors.members_due(today=today)
    assert [r.member.full_name for r in this_month] == ["Đúng Hạn"]
    assert this_month[0].due == dt.date(2025, 6, 20) and this_month[0].days_overdue == 0
    assert [r.member.full_name for r in overdue] == ["Quá Hạn"]
    assert overdue[0].days_overdue == (today - add_months(dt.date(2024, 3, 1), 12)).days == 106
    d = selectors.dashboard(today=today)
    assert (d.due_this_month, d.overdue) == (1, 1)


def test_dashboard_figures(tree, make_member):
    make_member("A A", organization=tree.office, admission_date=dt.date(2024, 1, 5))
    make_member("B B", organization=tree.justice, admission_date=dt.date(2024, 2, 5))
    make_member("C C", organization=tree.justice, admission_date=dt.date(2025, 2, 5), status=P)
    AdmissionPlan.objects.create(year=2024, planned=4)
    d = selectors.dashboard(today=dt.date(2025, 6, 1), years=2)
    assert d.years == [
        {"year": 2024, "admitted": 2, "planned": 4, "percent": 50},
        {"year": 2025, "admitted": 1, "planned": None, "percent": None},
    ]
    assert d.active_total == 3 and d.grassroots_count == 2
    assert {s: n for s, _, n in d.by_status}["probationary"] == 1
    assert [(n.org, n.active_total) for n in d.top_orgs] == [(tree.justice, 2), (tree.finance, 1)]
