"""403 and 404 in the site's layout, in the user's language, with a way back; the login
warns before the last try that django-axes allows, and the lockout page links back."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.core.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_404_is_in_the_layout_with_a_way_back(client: Client) -> None:
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'class="topbar"' in body and "Không tìm thấy trang" in body
    assert f'href="{reverse("home")}"' in body


def test_404_in_english(client: Client) -> None:
    client.cookies["django_language"] = "en"
    body = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Page not found" in body and "Back to the home page" in body


def test_403_is_in_the_layout_with_a_way_back(client_as: Any) -> None:
    response = client_as(Role.DELEGATE).get(reverse("core:audit_list"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Không có quyền truy cập" in body and "class=\"topbar\"" in body
    assert f'href="{reverse("home")}"' in body


def _fail(client: Client, username: str) -> str:
    return client.post(reverse("login"), {"username": username, "password": "sai"},
                       REMOTE_ADDR="192.0.2.5").content.decode()


def test_the_login_warns_before_the_last_try_and_the_lock_links_back(
        make_user: Any, settings: Any) -> None:
    user = make_user(Role.OFFICE)
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    bodies = [_fail(client, user.username) for _ in range(limit - 1)]
    assert 'id="attempts-left"' not in bodies[0]
    assert "Còn 1 lần thử" in bodies[-1]  # the next wrong password locks
    locked = client.post(reverse("login"), {"username": user.username, "password": PASSWORD},
                         REMOTE_ADDR="192.0.2.5")
    assert locked.status_code == 302  # the last try allowed, with the right password, logs in
    client.logout()
    for _ in range(limit):
        _fail(client, user.username)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD},
                           REMOTE_ADDR="192.0.2.5")
    assert response.status_code == 429
    assert f'href="{reverse("login")}"' in response.content.decode()
