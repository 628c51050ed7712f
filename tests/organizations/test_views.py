"""Pages of the register: who may see and change what, and that the forms work."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from daihoi.core.roles import Role
from daihoi.organizations import services
from daihoi.organizations.models import AdmissionPlan, Member, Organization

pytestmark = pytest.mark.django_db
READERS = [Role.OFFICE, Role.ADMIN, Role.LEADER, Role.SECRETARIAT]
OUTSIDERS = [Role.COUNTING, Role.DELEGATE]


@pytest.fixture
def member(tree, make_member):
    return make_member("Nguyễn Văn A", organization=tree.office)


def _read_urls(tree, member):
    return [
        reverse("organizations:tree"),
        reverse("organizations:organization_detail", args=[tree.finance.pk]),
        reverse("organizations:member_list"),
        reverse("organizations:member_detail", args=[member.pk]),
        reverse("organizations:members_due"),
    ]


def _change_urls(tree, member):
    return [
        reverse("organizations:member_admit"),
        reverse("organizations:member_edit", args=[member.pk]),
        reverse("organizations:member_action", args=[member.pk, "transfer"]),
        reverse("organizations:organization_create"),
        reverse("organizations:organization_action", args=[tree.office.pk, "rename"]),
    ]


@pytest.mark.parametrize("role", READERS)
def test_readers_see_the_register(client_as, tree, member, role):
    client = client_as(role)
    for url in _read_urls(tree, member):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", OUTSIDERS)
def test_counting_committee_and_delegates_cannot_see_the_register(client_as, tree, member, role):
    client = client_as(role)
    for url in _read_urls(tree, member) + _change_urls(tree, member):
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("organizations:dashboard")).status_code == 403


@pytest.mark.parametrize("role", [Role.LEADER, Role.SECRETARIAT])
def test_leaders_and_secretariat_cannot_change(client_as, tree, member, role):
    client = client_as(role)
    for url in _change_urls(tree, member):
        assert client.get(url).status_code == 403, url
    r = client.post(reverse("organizations:member_action", args=[member.pk, "remove"]),
                    {"on": "2025-01-01"})
    assert r.status_code == 403
    member.refresh_from_db()
    assert member.status == Member.Status.FULL
    assert "Kết nạp đảng viên" not in client.get(reverse("organizations:member_list")).content.decode()


def test_anonymous_is_sent_to_login(client, tree):
    r = client.get(reverse("organizations:member_list"))
    assert r.status_code == 302 and "/login/" in r["Location"]


def test_member_list_search_unaccented_and_pagination(client_as, tree, make_member):
    for i in range(60):
        make_member(f"Trần Văn Số{i:02d}", organization=tree.justice)
    make_member("Nguyễn Văn A", organization=tree.office)
    client = client_as(Role.OFFICE)
    r = client.get(reverse("organizations:member_list"), {"q": "nguyen van a"})
    html = r.content.decode()
    assert "Nguyễn Văn A" in html and "Trần Văn" not in html
    r = client.get(reverse("organizations:member_list"), {"org": tree.justice.pk, "page": 2})
    assert r.context["page"].number == 2 and r.context["page"].paginator.count == 60
    assert len(r.context["page"].object_list) == 10


def test_member_list_partial_for_htmx(client_as, tree, member):
    r = client_as(Role.OFFICE).get(reverse("organizations:member_list"), {"q": "van"},
                                   HTTP_HX_REQUEST="true", HTTP_HX_TARGET="member-results")
    html = r.content.decode()
    assert "Nguyễn Văn A" in html and "<html" not in html


def test_member_list_query_count_does_not_grow_with_rows(client_as, tree, make_member,
                                                        django_assert_max_num_queries):
    for i in range(30):
        make_member(f"Lê Văn {i}", organization=tree.office if i % 2 else tree.inspect)
    client = client_as(Role.OFFICE)
    client.get(reverse("organizations:member_list"))  # warm the session and role caches
    with django_assert_max_num_queries(11):
        client.get(reverse("organizations:member_list"), {"org": tree.finance.pk})


def test_admit_through_the_form(client_as, tree):
    client = client_as(Role.OFFICE)
    r = client.post(reverse("organizations:member_admit"), {
        "full_name": "Hồ Thị Mới", "gender": "female", "date_of_birth": "1998-02-03",
        "ethnicity": "Kinh", "organization": tree.office.pk,
        "admission_date": timezone.localdate().isoformat(),
    })
    m = Member.objects.get(full_name="Hồ Thị Mới")
    assert r.status_code == 302 and r["Location"] == reverse("organizations:member_detail", args=[m.pk])
    assert m.status == Member.Status.PROBATIONARY
    detail = client.get(r["Location"]).content.decode()
    history = detail.split('id="member-history"')[1]
    assert "Kết nạp" in history and "Dữ liệu mẫu" not in history  # the audit row, labelled


def test_admit_form_shows_the_service_error(client_as, tree):
    client = client_as(Role.OFFICE)
    r = client.post(reverse("organizations:member_admit"), {
        "full_name": "Hồ Thị Mới", "gender": "female", "date_of_birth": "1998-02-03",
        "ethnicity": "Kinh", "organization": tree.office.pk,
        "admission_date": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
    })
    assert r.status_code == 400
    assert str(services.MEMBER_ADMISSION_IN_FUTURE) in r.content.decode()
    assert not Member.objects.exists()


def test_recognize_through_the_form(client_as, tree, make_member):
    m = make_member("Dự Bị Một", organization=tree.office, status=Member.Status.PROBATIONARY,
                    admission_date=dt.date(2020, 3, 4))
    client = client_as(Role.OFFICE)
    assert "Công nhận chính thức" in client.get(
        reverse("organizations:member_detail", args=[m.pk])).content.decode()
    r = client.post(reverse("organizations:member_action", args=[m.pk, "recognize"]),
                    {"party_card_number": "77001122"})
    assert r.status_code == 302
    m.refresh_from_db()
    assert (m.status, m.full_member_date, m.party_card_number) == ("full", dt.date(2021, 3, 4), "77001122")
    history = client.get(reverse("organizations:member_detail", args=[m.pk])).content.decode()
    assert "Công nhận chính thức" in history.split('id="member-history"')[1]
    assert "Trạng thái</b>: Dự bị → Chính thức" in history


def test_move_under_own_cell_is_refused_with_the_message(client_as, tree):
    r = client_as(Role.OFFICE).post(
        reverse("organizations:organization_action", args=[tree.finance.pk, "move"]),
        {"new_parent": tree.office.pk})
    assert r.status_code == 400
    assert str(services.ORG_MOVE_UNDER_ITSELF) in r.content.decode()
    tree.finance.refresh_from_db()
    assert tree.finance.parent == tree.root


def test_dissolve_refused_while_members_remain(client_as, tree, member):
    r = client_as(Role.OFFICE).post(
        reverse("organizations:organization_action", args=[tree.office.pk, "dissolve"]),
        {"on": "2025-01-01"})
    assert r.status_code == 400
    assert "đảng viên đang sinh hoạt" in r.content.decode()
    tree.office.refresh_from_db()
    assert tree.office.is_active


def test_create_organization_through_the_form(client_as, tree):
    r = client_as(Role.ADMIN).post(reverse("organizations:organization_create"),
                                   {"name": "Chi bộ Kho vận", "kind": "cell", "parent": tree.finance.pk})
    org = Organization.objects.get(name="Chi bộ Kho vận")
    assert r.status_code == 302 and org.parent == tree.finance


def test_tree_page_shows_counts(client_as, tree, member):
    html = client_as(Role.LEADER).get(reverse("organizations:tree")).content.decode()
    assert "Đảng bộ Sở Tài chính" in html and 'id="org-tree"' in html


def test_home_is_the_dashboard_for_office_and_admin_only(client_as, tree, member):
    # The leader lands on the status page (tests/congress/test_status_page.py).
    for role, dashboard in ((Role.OFFICE, True), (Role.LEADER, False), (Role.ADMIN, True),
                            (Role.SECRETARIAT, False), (Role.COUNTING, False), (Role.DELEGATE, False)):
        html = client_as(role).get(reverse("home")).content.decode()
        assert ('id="chart-admissions"' in html) == dashboard, role


def test_plan_form_office_only(client_as, tree):
    r = client_as(Role.LEADER).post(reverse("organizations:admission_plan_set"),
                                    {"year": 2025, "planned": 100})
    assert r.status_code == 403 and not AdmissionPlan.objects.exists()
    r = client_as(Role.OFFICE).post(reverse("organizations:admission_plan_set"),
                                    {"year": 2025, "planned": 100})
    assert r.status_code == 302 and AdmissionPlan.objects.get().planned == 100


def test_dashboard_excel_export(client_as, tree, make_member):
    year = timezone.localdate().year
    make_member("A A", organization=tree.office, admission_date=dt.date(year, 1, 2),
                status=Member.Status.PROBATIONARY)
    AdmissionPlan.objects.create(year=year, planned=10)
    r = client_as(Role.LEADER).get(reverse("organizations:dashboard_xlsx"))
    assert r.status_code == 200 and "spreadsheetml" in r["Content-Type"]
    wb = load_workbook(io.BytesIO(r.content))
    years = list(wb.worksheets[1].iter_rows(values_only=True))
    assert years[-1] == (year, 1, 10, 10)
    orgs = list(wb.worksheets[2].iter_rows(values_only=True))
    assert orgs[1][0] == "Đảng bộ Sở Tài chính" and orgs[1][-1] == 1


def test_edit_and_transfer_through_the_forms(client_as, tree, member):
    client = client_as(Role.OFFICE)
    r = client.post(reverse("organizations:member_edit", args=[member.pk]), {
        "full_name": "Nguyễn Văn Ánh", "gender": "male", "date_of_birth": "1985-01-01",
        "ethnicity": "Tày", "party_card_number": member.party_card_number, "position": "Kế toán",
    })
    assert r.status_code == 302
    r = client.post(reverse("organizations:member_action", args=[member.pk, "transfer"]),
                    {"to_organization": tree.justice.pk, "on": timezone.localdate().isoformat()})
    assert r.status_code == 302
    member.refresh_from_db()
    assert (member.full_name, member.ethnicity, member.organization) == (
        "Nguyễn Văn Ánh", "Tày", tree.justice)
    html = client.get(reverse("organizations:member_detail", args=[member.pk])).content.decode()
    assert "Quá trình chuyển sinh hoạt" in html and "Chi bộ Văn phòng" in html


def test_due_page_lists_overdue_members(client_as, tree, make_member):
    make_member("Trễ Hạn", organization=tree.office, status=Member.Status.PROBATIONARY,
                admission_date=timezone.localdate() - dt.timedelta(days=400))
    html = client_as(Role.SECRETARIAT).get(reverse("organizations:members_due")).content.decode()
    overdue = html.split('id="due-overdue"')[1].split("</table>")[0]
    assert "Trễ Hạn" in overdue
    assert "Công nhận</a>" not in overdue  # the secretariat reads, it does not recognize


def test_recognize_from_the_due_list_returns_to_it(client_as, tree, make_member):
    m = make_member("Trễ Hạn", organization=tree.office, status=Member.Status.PROBATIONARY,
                    admission_date=timezone.localdate() - dt.timedelta(days=400))
    client = client_as(Role.OFFICE)
    due = reverse("organizations:members_due")
    assert f"?next={due}" in client.get(due).content.decode()
    url = reverse("organizations:member_action", args=[m.pk, "recognize"])
    r = client.post(f"{url}?next={due}", {"party_card_number": ""})
    assert r.status_code == 302 and r["Location"] == due
    other = make_member("Trễ Nữa", organization=tree.office, status=Member.Status.PROBATIONARY,
                        admission_date=timezone.localdate() - dt.timedelta(days=400))
    url = reverse("organizations:member_action", args=[other.pk, "recognize"])
    r = client.post(f"{url}?next=https://evil.example/", {"party_card_number": ""})  # no open redirect
    assert r.status_code == 302, r.content.decode()[-1500:]
    assert r["Location"] == reverse("organizations:member_detail", args=[other.pk])
