"""The big screen shows an election's result only once the secretariat has published it,
whoever the screen's computer is logged in as: it is projected to the whole hall, so even a
counting committee's or the secretariat's login shows no unpublished result there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from daihoi.congress.proceedings import selectors
from daihoi.core.roles import Role
from daihoi.elections import services as el

pytestmark = pytest.mark.django_db

NAME = "Phạm Minh Châu"
ROLES = [Role.OFFICE, Role.LEADER, Role.SECRETARIAT, Role.COUNTING, Role.DELEGATE]


def _client(hall: Any, client: Any, client_as: Any, role: Role) -> Any:
    if role == Role.DELEGATE:  # a delegate of this congress (the role alone sees nothing)
        client.force_login(hall.make_delegate_user(hall.delegates[0]))
        return client
    return client_as(role)


@pytest.mark.parametrize("role", ROLES)
def test_screen_shows_the_result_only_once_published(
        hall: Any, client: Any, client_as: Any, make_user: Any,
        count_election: Callable[..., Any], role: Role) -> None:
    round_ = count_election(hall.congress)
    screen = _client(hall, client, client_as, role)
    urls = [reverse("proceedings:screen", args=[hall.congress.pk]),
            reverse("proceedings:screen_fragment", args=[hall.congress.pk])]
    for url in urls:
        response = screen.get(url)
        assert response.status_code == 200
        assert NAME not in response.content.decode()
    el.round_publish(acting_user=make_user(Role.SECRETARIAT), round_=round_, published=True)
    selectors._election_memo.clear()  # the screen keeps the result for a few seconds
    for url in urls:
        assert NAME in screen.get(url).content.decode()
