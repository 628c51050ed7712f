"""The menu in groups keeps every role's links (issue 14): the links inside the grouped menu
are the ones the role had, each under its group; the leader's include "Bầu cử"; a delegate's
few stay flat."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from daihoi.core.roles import Role

pytestmark = pytest.mark.django_db
NAV = re.compile(r'<nav class="mainnav( grouped)?"[^>]*>(.*?)</nav>', re.S)
GROUP = re.compile(r'<details class="navgroup" id="(nav-[a-z]+)">(.*?)</details>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def _nav(client: Any) -> tuple[bool, str]:
    found = NAV.search(client.get(reverse("password_change")).content.decode())
    assert found
    return bool(found.group(1)), found.group(2)


def _groups(html: str) -> dict[str, set[str]]:
    return {g: set(HREF.findall(body)) for g, body in GROUP.findall(html) if HREF.search(body)}


def test_the_leaders_menu(client_as: Any) -> None:
    grouped, html = _nav(client_as(Role.LEADER))
    assert grouped
    groups = _groups(html)
    assert reverse("elections:list") in groups["nav-elections"]  # "Bầu cử"
    assert reverse("status") in HREF.findall(html.split("<details", 1)[0])  # first, on its own
    assert {reverse("organizations:tree"), reverse("organizations:member_list")} <= groups["nav-members"]
    assert reverse("targets:review") in groups["nav-appraisal"]
    assert "nav-system" not in groups  # no log, no accounts for the leader


def test_the_administrators_menu_has_every_group(client_as: Any) -> None:
    grouped, html = _nav(client_as(Role.ADMIN))
    groups = _groups(html)
    assert grouped and set(groups) == {"nav-members", "nav-congress", "nav-elections", "nav-meetings",
                                       "nav-appraisal", "nav-portal", "nav-system"}
    assert {reverse("core:user_list"), reverse("core:audit_list")} == groups["nav-system"]
    assert {reverse("elections:list"), reverse("evoting:home"),
            reverse("evoting:manage_list")} == groups["nav-elections"]
    assert {reverse("portal:office"), reverse("extraction:index"),
            reverse("extraction:compare")} == groups["nav-portal"]
    assert sum(len(v) for v in groups.values()) >= 18


def test_the_counting_committee_sees_only_its_groups(client_as: Any) -> None:
    grouped, html = _nav(client_as(Role.COUNTING))
    groups = _groups(html)
    assert grouped and set(groups) == {"nav-congress", "nav-elections"}
    assert reverse("evoting:manage_list") in groups["nav-elections"]


@pytest.mark.parametrize("role", [Role.DELEGATE, Role.COMMITTEE])
def test_a_delegates_menu_stays_flat(client_as: Any, role: Role) -> None:
    grouped, html = _nav(client_as(role))
    assert not grouped and "<details" not in html and HREF.search(html)
