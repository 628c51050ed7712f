"""The read-only leader's status page (core's view of the panels the apps register): the
congress in session with its attendance, quorum, current item, votes and elections, results
only once published; the register's figures. The leader lands there after logging in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from daihoi.congress.models import CheckIn, Congress, Delegate
from daihoi.core.roles import Role

pytestmark = pytest.mark.django_db


def test_the_leader_lands_on_the_status_page(client_as: Callable[..., Any], congress: Congress,
                                             make_delegate: Callable[..., Delegate],
                                             count_election: Callable[..., Any]) -> None:
    delegates = [make_delegate() for _ in range(3)]
    CheckIn.objects.create(delegate=delegates[0], session=congress.sessions.get(is_current=True))
    round_ = count_election(congress)
    client = client_as(Role.LEADER)
    body = client.get(reverse("home")).content.decode()
    assert 'id="status-congress"' in body and 'id="status-members"' in body
    assert '<div class="stat" id="status-present">1 <small>/ 3</small>' in body
    assert "Bầu Bí thư" in body
    # Not published: the leader does not see who was elected.
    assert "Phạm Minh Châu" not in body
    # "Bầu cử" in the leader's menu, and the status page itself.
    assert f'href="{reverse("elections:list")}"' in body
    assert f'href="{reverse("status")}"' in body
    round_.results_published = True
    round_.save()
    body = client.get(reverse("status")).content.decode()
    assert "Phạm Minh Châu" in body and "kết quả đã công bố" in body


def test_the_bar_is_drawn_with_a_dot_in_vietnamese(client_as: Callable[..., Any],
                                                   congress: Congress,
                                                   make_delegate: Callable[..., Delegate]) -> None:
    delegates = [make_delegate() for _ in range(3)]
    CheckIn.objects.create(delegate=delegates[0], session=congress.sessions.get(is_current=True))
    body = client_as(Role.LEADER).get(reverse("status")).content.decode()
    assert 'style="width:33.33%"' in body  # 1 of 3, never "33,33%" in CSS
    assert "33,33%" in body  # for the reader, the Vietnamese comma


def test_without_a_congress_the_register_still_shows(client_as: Callable[..., Any],
                                                     db: None) -> None:
    body = client_as(Role.LEADER).get(reverse("status")).content.decode()
    assert 'id="status-congress"' not in body and 'id="status-members"' in body


@pytest.mark.parametrize("role", [Role.OFFICE, Role.ADMIN])
def test_office_and_admin_keep_the_dashboard(client_as: Callable[..., Any], role: Role) -> None:
    body = client_as(role).get(reverse("home")).content.decode()
    assert "Tổng quan Đảng bộ" in body


@pytest.mark.parametrize("role, code", [(Role.DELEGATE, 403), (Role.COUNTING, 403),
                                        (Role.LEADER, 200), (Role.OFFICE, 200)])
def test_who_may_read_the_status_page(client_as: Callable[..., Any], role: Role,
                                      code: int) -> None:
    assert client_as(role).get(reverse("status")).status_code == code
