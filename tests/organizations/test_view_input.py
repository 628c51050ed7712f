"""What the register's pages read from the request goes through forms: a hand-edited
link or post gets the page (or a form error), never a 500; and who may use each page
that reads input, role by role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from daihoi.core.roles import Role
from daihoi.organizations.models import Member, Organization
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

ALL_ROLES = [Role.ADMIN, Role.OFFICE, Role.LEADER, Role.SECRETARIAT, Role.COUNTING, Role.DELEGATE]
UNREADABLE = {"org": "²", "parent": "1" * 30, "page": "abc", "q": "a\x00b", "status": "zzz",
              "dissolved": "maybe", "next": "https://evil.example/", "format": "pdf"}


@pytest.fixture
def register() -> dict[str, Any]:
    root = OrganizationFactory(name="Đảng bộ Khối")
    cell = OrganizationFactory(name="Chi bộ Văn phòng", parent=root, kind=Organization.Kind.CELL)
    gone = OrganizationFactory(name="Chi bộ Đã Giải Thể", parent=root, kind=Organization.Kind.CELL,
                               dissolved_on=dt.date(2020, 1, 1))
    member = MemberFactory(full_name="Nguyễn Văn An", organization=cell)
    return {"root": root, "cell": cell, "gone": gone, "member": member}


def test_every_register_page_takes_an_unreadable_query(client_as: Callable[..., Any],
                                                       register: dict[str, Any]) -> None:
    client = client_as(Role.OFFICE)
    urls = [reverse("organizations:tree"), reverse("organizations:member_list"),
            reverse("organizations:organization_detail", args=[register["cell"].pk]),
            reverse("organizations:organization_create"), reverse("organizations:member_admit"),
            reverse("organizations:member_action", args=[register["member"].pk, "transfer"]),
            "/members/export/", "/organizations/export/"]
    for url in urls:
        assert client.get(url, UNREADABLE).status_code == 200, url


def test_the_tree_shows_dissolved_organizations_only_when_asked(client_as: Callable[..., Any],
                                                                register: dict[str, Any]) -> None:
    client = client_as(Role.LEADER)
    url = reverse("organizations:tree")
    assert "Chi bộ Đã Giải Thể" not in client.get(url, {"dissolved": "0"}).content.decode()
    assert "Chi bộ Đã Giải Thể" in client.get(url, {"dissolved": "1"}).content.decode()


def test_the_member_list_reads_its_filters(client_as: Callable[..., Any],
                                           register: dict[str, Any]) -> None:
    other = OrganizationFactory(name="Chi bộ Khác", parent=register["root"], kind=Organization.Kind.CELL)
    MemberFactory(full_name="Trần Thị Bình", organization=other)
    client = client_as(Role.OFFICE)
    url = reverse("organizations:member_list")
    r = client.get(url, {"org": str(register["cell"].pk), "q": " nguyen "})
    assert [m.full_name for m in r.context["page"]] == ["Nguyễn Văn An"]
    assert r.context["org_id"] == register["cell"].pk and r.context["q"] == "nguyen"
    # An unreadable organization filters nothing out.
    r = client.get(url, {"org": "²"})
    assert {m.full_name for m in r.context["page"]} == {"Nguyễn Văn An", "Trần Thị Bình"}


def test_new_records_start_under_the_organization_of_the_link(client_as: Callable[..., Any],
                                                              register: dict[str, Any]) -> None:
    client = client_as(Role.OFFICE)
    cell = register["cell"].pk
    r = client.get(reverse("organizations:organization_create"), {"parent": str(cell)})
    assert r.context["form"]["parent"].value() == cell
    r = client.get(reverse("organizations:member_admit"), {"org": str(cell)})
    assert r.context["form"]["organization"].value() == cell


def test_an_action_never_goes_back_to_another_site(client_as: Callable[..., Any],
                                                   register: dict[str, Any]) -> None:
    member = register["member"]
    url = reverse("organizations:member_action", args=[member.pk, "deceased"])
    r = client_as(Role.OFFICE).post(f"{url}?next=https://evil.example/", {"on": "2024-01-02"})
    assert r.status_code == 302
    assert r["Location"] == reverse("organizations:member_detail", args=[member.pk])
    member.refresh_from_db()
    assert member.status == Member.Status.DECEASED


def test_an_upload_without_a_file_gets_the_message(client_as: Callable[..., Any]) -> None:
    from daihoi.organizations.forms import NO_FILE

    r = client_as(Role.OFFICE).post("/members/import/", {})
    assert r.status_code == 200 and str(NO_FILE) in r.content.decode()


def test_the_export_takes_the_lists_filters(client_as: Callable[..., Any],
                                            register: dict[str, Any]) -> None:
    other = OrganizationFactory(name="Chi bộ Khác", parent=register["root"], kind=Organization.Kind.CELL)
    MemberFactory(full_name="Trần Thị Bình", organization=other)
    client = client_as(Role.OFFICE)
    text = b"".join(client.get("/members/export/", {"format": "csv", "org": str(other.pk)})
                    .streaming_content).decode("utf-8-sig")
    assert "Trần Thị Bình" in text and "Nguyễn Văn An" not in text
    text = b"".join(client.get("/members/export/", {"format": "csv", "org": "²"})
                    .streaming_content).decode("utf-8-sig")
    assert "Trần Thị Bình" in text and "Nguyễn Văn An" in text
    page = client.get("/members/export/", {"org": str(other.pk), "q": "tran"}).content.decode()
    assert f'value="{other.pk}" selected' in page and 'value="tran"' in page


# --- role by role -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_sees_the_dashboard_and_its_workbook(role: Role, client_as: Callable[..., Any],
                                                 register: dict[str, Any]) -> None:
    client = client_as(role)
    allowed = role in (Role.ADMIN, Role.OFFICE, Role.LEADER)
    for name in ("organizations:dashboard", "organizations:dashboard_xlsx"):
        assert client.get(reverse(name)).status_code == (200 if allowed else 403), name


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_sets_the_admission_target(role: Role, client_as: Callable[..., Any]) -> None:
    from daihoi.organizations.models import AdmissionPlan

    r = client_as(role).post(reverse("organizations:admission_plan_set"), {"year": "2025", "planned": "40"})
    allowed = role in (Role.ADMIN, Role.OFFICE)
    assert r.status_code == (302 if allowed else 403)
    assert AdmissionPlan.objects.filter(year=2025, planned=40).exists() is allowed


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_opens_each_change_form(role: Role, client_as: Callable[..., Any],
                                    register: dict[str, Any]) -> None:
    client = client_as(role)
    allowed = role in (Role.ADMIN, Role.OFFICE)
    member, cell = register["member"], register["cell"]
    urls = [reverse("organizations:organization_action", args=[cell.pk, action])
            for action in ("rename", "move", "dissolve")]
    urls += [reverse("organizations:member_action", args=[member.pk, action])
             for action in ("ceremony", "recognize", "transfer", "transfer-out", "deceased", "remove")]
    urls += [reverse("organizations:member_edit", args=[member.pk]),
             reverse("organizations:member_admit"), reverse("organizations:organization_create")]
    for url in urls:
        assert client.get(url).status_code == (200 if allowed else 403), url


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_imports(role: Role, client_as: Callable[..., Any]) -> None:
    client = client_as(role)
    allowed = role in (Role.ADMIN, Role.OFFICE)
    for url in ("/members/import/", "/organizations/import/", "/members/import/template.xlsx",
                "/organizations/import/template.xlsx"):
        assert client.get(url).status_code == (200 if allowed else 403), url
    assert client.post("/members/import/", {}).status_code == (200 if allowed else 403)
