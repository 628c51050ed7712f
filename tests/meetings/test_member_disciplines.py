"""A member's discipline records on their record page in organizations (issue 17, item 4):
shown to the inspection committee and the office only, through core's registry
(organizations does not import meetings); per role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from daihoi.appraisal.models import EntryGrant
from daihoi.core.models import User
from daihoi.core.roles import Role
from daihoi.meetings import services
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

REASON = "Vi phạm quy định về những điều đảng viên không được làm"


@pytest.fixture
def disciplined(make_user):
    member = MemberFactory(full_name="Lê Văn Kỷ")
    inspector = make_user(Role.INSPECTION)
    services.discipline_record(acting_user=inspector, member=member, form="warning",
                               decided_on=dt.date(2026, 5, 15), decided_by="Ủy ban Kiểm tra Đảng ủy Khối",
                               reason=REASON)
    services.discipline_record(acting_user=inspector, member=member, form="reprimand",
                               decided_on=dt.date(2024, 2, 1), decided_by="Chi bộ", reason="Lần trước",
                               self_corrected=True)
    return member


def _page(client, user, member):
    client.force_login(user)
    return client.get(reverse("organizations:member_detail", args=[member.pk]))


@pytest.mark.parametrize("role", [Role.INSPECTION, Role.OFFICE, Role.ADMIN])
def test_inspection_and_office_see_the_disciplines(client, make_user, disciplined, role) -> None:
    page = _page(client, make_user(role), disciplined)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="member-disciplines"' in html and REASON in html
    assert "Cảnh cáo" in html and "Khiển trách" in html and "15/05/2026" in html
    assert html.index("15/05/2026") < html.index("01/02/2024")  # newest first


@pytest.mark.parametrize("role", [Role.LEADER, Role.SECRETARIAT])
def test_others_who_read_the_record_do_not_see_them(client, make_user, disciplined, role) -> None:
    page = _page(client, make_user(role), disciplined)
    assert page.status_code == 200 and disciplined.full_name in page.content.decode()
    html = page.content.decode()
    assert 'id="member-disciplines"' not in html and REASON not in html and "Cảnh cáo" not in html


@pytest.mark.parametrize("role", [Role.DELEGATE, Role.COMMITTEE, Role.COUNTING])
def test_a_delegate_or_a_committee_member_cannot_open_the_record(client, make_user, disciplined,
                                                                 role) -> None:
    assert _page(client, make_user(role), disciplined).status_code == 403


def test_a_cell_secretary_does_not_see_them(client, disciplined) -> None:
    """The cell's secretary (no role; a grant to enter the cell's appraisal, as the demo's
    `bithu`) cannot open the record page at all."""
    secretary = User.objects.create(username="bithu-test", password="!")
    EntryGrant.objects.create(user=secretary, organization=disciplined.organization)
    page = _page(client, secretary, disciplined)
    assert page.status_code in (302, 403) and REASON not in page.content.decode()
    secretary.groups.add(Group.objects.get_or_create(name=str(Role.DELEGATE))[0])
    assert _page(client, secretary, disciplined).status_code == 403


def test_a_member_without_disciplines_says_so_to_the_inspection_committee(client, make_user) -> None:
    html = _page(client, make_user(Role.INSPECTION), MemberFactory()).content.decode()
    assert "Không có quyết định kỷ luật." in html


def test_the_inspection_page_links_each_disciplined_member_to_their_record(client, make_user,
                                                                            disciplined) -> None:
    client.force_login(make_user(Role.INSPECTION))
    page = client.get(reverse("meetings:inspection") + "?year=2026").content.decode()
    assert reverse("organizations:member_detail", args=[disciplined.pk]) in page
