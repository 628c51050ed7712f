"""Users and roles administration: only the system administrator; every change audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from daihoi.core import services
from daihoi.core.models import AuditLog, User
from daihoi.core.roles import Role

NOT_ADMIN = [Role.OFFICE, Role.SECRETARIAT, Role.COUNTING, Role.DELEGATE, Role.LEADER]


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_ADMIN)
def test_only_admin_reaches_the_user_pages(client_as, make_user, role):
    other = make_user(Role.DELEGATE)
    client = client_as(role)
    for url in [reverse("core:user_list"), reverse("core:user_new"),
                reverse("core:user_edit", args=[other.pk])]:
        assert client.get(url).status_code == 403, url
    for url in [reverse("core:user_set_active", args=[other.pk]),
                reverse("core:user_reset_password", args=[other.pk]),
                reverse("core:user_new")]:
        assert client.post(url, {"active": "0", "username": "x"}).status_code == 403, url
    other.refresh_from_db()
    assert other.is_active
    assert not User.objects.filter(username="x").exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, make_user):
    response = client.get(reverse("core:user_list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_services_refuse_non_admin(make_user):
    office = make_user(Role.OFFICE)
    target = make_user(Role.DELEGATE)
    with pytest.raises(PermissionDenied):
        services.user_create(acting_user=office, username="new", password=None)
    with pytest.raises(PermissionDenied):
        services.user_set_roles(acting_user=office, user=target, roles=[Role.ADMIN])
    with pytest.raises(PermissionDenied):
        services.user_set_active(acting_user=office, user=target, active=False)
    with pytest.raises(PermissionDenied):
        services.user_reset_password(acting_user=office, user=target)


@pytest.mark.django_db
def test_admin_lists_users_with_roles(client_as, make_user):
    make_user(Role.COUNTING, username="kiemphieu1", full_name="Lê Thị Mai")
    body = client_as(Role.ADMIN).get(reverse("core:user_list")).content.decode()
    assert "kiemphieu1" in body
    assert "Lê Thị Mai" in body
    assert "Ban Kiểm phiếu" in body


@pytest.mark.django_db
def test_admin_creates_user_with_roles_and_member_link(client_as, make_member):
    member = make_member("Trần Thị Bích", card="12345678")
    client = client_as(Role.ADMIN)
    response = client.post(reverse("core:user_new"), {
        "username": "bich", "full_name": "Trần Thị Bích", "email": "",
        "roles": [Role.DELEGATE.value, Role.LEADER.value], "member": "12345678",
    })
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    user = User.objects.get(username="bich")
    assert user.role_names() == {"delegate", "leader"}
    password = response.context["password"]
    assert password in response.content.decode()
    assert user.check_password(password)
    member.refresh_from_db()
    assert member.user == user
    create_row = AuditLog.objects.get(verb="user_create", object_id=str(user.pk))
    assert create_row.after["roles"] == ["delegate", "leader"]
    # Neither the temporary password nor its hash goes into the log.
    assert "password" not in create_row.after
    assert password not in str(list(AuditLog.objects.values_list("before", "after")))
    link = AuditLog.objects.get(verb="member_link_user", object_id=str(member.pk))
    assert link.before["user"] is None and link.after["user"] == user.pk


@pytest.mark.django_db
def test_create_rejects_duplicate_username_and_unknown_card(client_as, make_user):
    make_user(Role.OFFICE, username="trung")
    client = client_as(Role.ADMIN)
    response = client.post(reverse("core:user_new"), {"username": "TRUNG", "roles": []})
    assert "đã có người dùng" in response.content.decode()
    response = client.post(reverse("core:user_new"), {"username": "moi", "member": "000"})
    assert "Không tìm thấy đảng viên có số thẻ hoặc họ tên «000»" in response.content.decode()
    assert not User.objects.filter(username="moi").exists()


@pytest.mark.django_db
def test_admin_edits_roles_and_it_is_audited(client_as, make_user):
    target = make_user(Role.DELEGATE)
    client = client_as(Role.ADMIN)
    response = client.post(reverse("core:user_edit", args=[target.pk]), {
        "full_name": "Phạm Văn Đức", "email": "duc@example.org",
        "roles": [Role.SECRETARIAT.value, Role.COUNTING.value], "member": "",
    })
    assert response.status_code == 302
    target = User.objects.get(pk=target.pk)
    assert target.role_names() == {"secretariat", "counting"}
    assert target.full_name == "Phạm Văn Đức"
    row = AuditLog.objects.get(verb="user_set_roles", object_id=str(target.pk))
    assert row.before == {"roles": ["delegate"]}
    assert row.after == {"roles": ["counting", "secretariat"]}
    assert AuditLog.objects.filter(verb="user_update", object_id=str(target.pk)).exists()


@pytest.mark.django_db
def test_deactivate_blocks_login_and_reactivate_restores(client_as, make_user):
    target = make_user(Role.OFFICE)
    other = Client()
    other.force_login(target)
    assert other.get(reverse("home")).status_code == 200
    admin_client = client_as(Role.ADMIN)
    admin_client.post(reverse("core:user_set_active", args=[target.pk]), {"active": "0"})
    target.refresh_from_db()
    assert not target.is_active
    # The open session ends at once.
    assert other.get(reverse("home")).status_code == 302
    assert AuditLog.objects.filter(verb="user_deactivate", object_id=str(target.pk)).exists()
    admin_client.post(reverse("core:user_set_active", args=[target.pk]), {"active": "1"})
    target.refresh_from_db()
    assert target.is_active
    assert AuditLog.objects.filter(verb="user_activate", object_id=str(target.pk)).exists()


@pytest.mark.django_db
def test_admin_cannot_lock_out_self(make_user):
    admin = make_user(Role.ADMIN)
    with pytest.raises(ValidationError, match="chính mình"):
        services.user_set_active(acting_user=admin, user=admin, active=False)
    with pytest.raises(ValidationError, match="chính mình"):
        services.user_set_roles(acting_user=admin, user=admin, roles=[Role.OFFICE])


@pytest.mark.django_db
def test_reset_password_shows_a_new_one_once(client_as, make_user):
    target = make_user(Role.LEADER)
    client = client_as(Role.ADMIN)
    response = client.post(reverse("core:user_reset_password", args=[target.pk]))
    password = response.context["password"]
    target.refresh_from_db()
    assert target.check_password(password)
    row = AuditLog.objects.get(verb="user_reset_password", object_id=str(target.pk))
    assert row.before is None and row.after is None
    # The edit page afterwards does not show it again.
    assert password not in client.get(reverse("core:user_edit", args=[target.pk])).content.decode()


@pytest.mark.django_db
def test_relinking_moves_the_member_link(make_user, make_member):
    admin = make_user(Role.ADMIN)
    user = make_user(Role.DELEGATE)
    first, second = make_member("Hoàng Văn Bình"), make_member("Đỗ Thị Cúc")
    services.user_link_member(acting_user=admin, user=user, member_id=first.pk)
    services.user_link_member(acting_user=admin, user=user, member_id=second.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.user is None and second.user == user
    other = make_user(Role.DELEGATE)
    with pytest.raises(ValidationError, match="đã gắn với tài khoản"):
        services.user_link_member(acting_user=admin, user=other, member_id=second.pk)


@pytest.mark.django_db
def test_roles_survive_a_database_without_groups(make_user):
    """A flushed test database or an old backup may lack the role groups: they are made."""
    from django.contrib.auth.models import Group

    Group.objects.all().delete()
    user = make_user(Role.OFFICE, Role.COUNTING)
    assert user.role_names() == {"office", "counting"}


@pytest.mark.django_db
def test_member_chosen_by_name_without_diacritics(client_as, make_member):
    only = make_member("Hồ Thị Xuân")
    make_member("Lê Văn Nam")
    make_member("Lê Văn Nam")
    client = client_as(Role.ADMIN)
    client.post(reverse("core:user_new"), {"username": "xuan", "member": "ho thi xuan"})
    only.refresh_from_db()
    assert only.user == User.objects.get(username="xuan")
    response = client.post(reverse("core:user_new"), {"username": "nam", "member": "Lê Văn Nam"})
    assert "Có 2 đảng viên tên «Lê Văn Nam»: hãy nhập số thẻ đảng viên." in (
        response.content.decode())
    assert not User.objects.filter(username="nam").exists()
