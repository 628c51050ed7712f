"""English, the second language: core's catalogue is compiled and used."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from daihoi.core.roles import Role


@pytest.mark.django_db
def test_login_page_in_english(client):
    client.cookies["django_language"] = "en"
    body = client.get(reverse("login")).content.decode()
    assert "Log in" in body
    assert "Password" in body
    assert "Đăng nhập" not in body


@pytest.mark.django_db
def test_switching_language_through_the_top_bar(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")},
                           follow=True)
    assert "Log in" in response.content.decode()


@pytest.mark.django_db
def test_audit_log_and_roles_in_english(client_as):
    client = client_as(Role.ADMIN)
    client.cookies["django_language"] = "en"
    assert "Audit log" in client.get(reverse("core:audit_list")).content.decode()
    body = client.get(reverse("core:user_list")).content.decode()
    assert "Accounts and roles" in body
    assert "System administrator" in body


def test_role_labels_translate():
    with translation.override("en"):
        assert Role.COUNTING.label == "Vote-counting committee"
    with translation.override("vi"):
        assert Role.COUNTING.label == "Ban Kiểm phiếu"
