"""core asks the domain apps through its registry (core/registry.py), filled at start-up
by the apps' AppConfig.ready(); the demo command asks each AppConfig for its data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpResponse
from django.urls import reverse

from daihoi.core import registry
from daihoi.core.management.commands.demo import demo_apps
from daihoi.core.roles import Role
from tests.factories import MemberFactory, OrganizationFactory


def test_the_register_provides_the_person_link_and_the_dashboard() -> None:
    link = registry.person_link()
    assert link is not None and link.model._meta.label == "organizations.Member"
    pages = registry.home_pages()
    # core's status page for the leader first (core registers before every domain app), then
    # the register's dashboard for the office, and the hall's page of what is open for a delegate.
    assert set(pages[0].roles) == {Role.LEADER}
    first = {role: next((p for p in pages if role in p.roles), None) for role in (Role.OFFICE, Role.DELEGATE)}
    office = first[Role.OFFICE]
    assert office is not None and office.view.__module__ == "daihoi.organizations.views"
    assert first[Role.DELEGATE] is not None and first[Role.OFFICE] is not first[Role.DELEGATE]
    keys = [p.key for p in registry.status_panels()]
    assert keys.index("congress") < keys.index("members")


@pytest.mark.django_db
def test_linked_record_follows_the_member_user_link(make_user: Callable[..., Any]) -> None:
    user = make_user(Role.DELEGATE)
    assert registry.linked_record(user) is None
    org = OrganizationFactory(name="Chi bộ A", kind="cell")
    m = MemberFactory(full_name="Lê Thị Hoa", organization=org, gender="female", probationary=True,
                      date_of_birth=dt.date(1990, 1, 1), admission_date=dt.date(2015, 1, 1),
                      party_card_number="123", user=user)
    assert registry.linked_record(user) == m
    link = registry.person_link()
    assert link is not None
    assert list(link.find("123")) == [m] and list(link.find("le thi hoa")) == [m]
    assert link.key(m) == "123"


@pytest.mark.django_db
def test_the_first_registered_home_page_that_fits_the_role_wins(client_as: Callable[..., Any],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def counting_home(request: Any) -> HttpResponse:
        return HttpResponse("trang của Ban Kiểm phiếu")

    monkeypatch.setattr(registry, "_home_pages", list(registry.home_pages()))
    registry.register_home_page(roles=[Role.COUNTING], view=counting_home)
    assert client_as(Role.COUNTING).get(reverse("home")).content.decode() == "trang của Ban Kiểm phiếu"
    assert "trang của Ban Kiểm phiếu" not in client_as(Role.OFFICE).get(reverse("home")).content.decode()


def test_demo_data_comes_from_each_app_config_in_installed_apps_order() -> None:
    assert [c.label for c in demo_apps()] == ["core", "organizations", "congress", "elections", "evoting",
                                              "scanning", "proceedings", "meetings", "portal", "extraction",
                                              "targets", "appraisal"]
