import pytest
from django.urls import reverse

from daihoi.core.audit import snapshot
from daihoi.core.models import AuditLog
from daihoi.core.permissions import has_role
from daihoi.core.roles import Role
from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_roles_are_held_and_admin_holds_all(make_user):
    office = make_user(Role.OFFICE)
    admin = make_user(Role.ADMIN)
    assert has_role(office, Role.OFFICE)
    assert not has_role(office, Role.COUNTING)
    assert all(has_role(admin, role) for role in Role)


@pytest.mark.django_db
def test_user_creation_is_audited(make_user):
    user = make_user(Role.LEADER)
    row = AuditLog.objects.get(object_id=str(user.pk), verb="user_create")
    assert row.after["username"] == user.username
    assert "password" in snapshot(user)  # the hash, never the password itself
    assert PASSWORD not in str(row.after)


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_login_page_is_vietnamese_first(client):
    body = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in body
    assert "Mật khẩu" in body


@pytest.mark.django_db
def test_failed_logins_are_rate_limited(client, make_user, settings):
    user = make_user(Role.OFFICE)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Tạm khóa" in response.content.decode()


@pytest.mark.django_db
def test_session_warning_is_on_every_page(client_as):
    body = client_as(Role.OFFICE).get(reverse("home")).content.decode()
    assert 'id="session-warning"' in body
    assert "Phiên đăng nhập sắp hết hạn" in body


@pytest.mark.django_db
def test_session_expiry_slides_at_most_once_a_minute(client_as, settings, monkeypatch):
    from daihoi.core import middleware

    client = client_as(Role.OFFICE)
    clock = [1_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    client.get(reverse("home"))
    assert client.session[middleware.RENEWED_AT] == 1_000_000
    clock[0] += settings.SESSION_RENEW_EVERY - 1
    client.get(reverse("home"))
    assert client.session[middleware.RENEWED_AT] == 1_000_000  # not saved again
    clock[0] += 1
    client.get(reverse("home"))
    assert client.session[middleware.RENEWED_AT] == 1_000_000 + settings.SESSION_RENEW_EVERY


@pytest.mark.django_db
def test_vietnamese_first_whatever_the_browser_asks_english_when_chosen(client):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in body
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'lang="en"' in body and "Đăng nhập" not in body


def test_changing_ones_own_password_is_audited_without_the_password(client, make_user):
    user = make_user(Role.DELEGATE)
    client.force_login(user)
    new = "Mat-khau-moi-2026!"
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    row = AuditLog.objects.get(verb="password_change", object_id=str(user.pk))
    assert row.actor == user
    stored = f"{row.before} {row.after} {row.object_repr}"
    assert new not in stored and PASSWORD not in stored and user.password not in stored
    assert client.get(reverse("home")).status_code == 200  # still logged in


def test_a_login_without_a_role_changes_its_password_too(client, make_user):
    user = make_user()
    client.force_login(user)
    new = "Mat-khau-moi-2026!"
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert AuditLog.objects.filter(verb="password_change", actor=user).exists()


def test_a_refused_password_change_writes_no_audit_row(client, make_user):
    user = make_user(Role.DELEGATE)
    client.force_login(user)
    response = client.post(reverse("password_change"), {
        "old_password": "wrong", "new_password1": "Mat-khau-moi-2026!",
        "new_password2": "Mat-khau-moi-2026!"})
    assert response.status_code == 200
    assert not AuditLog.objects.filter(verb="password_change").exists()
