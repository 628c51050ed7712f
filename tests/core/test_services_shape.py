"""Core's account services: each is one durable transaction (a caller cannot fold it into
a transaction of its own), and the account page's one save (`user_change`) changes the
particulars, the roles and the linked member together or not at all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from daihoi.core import services
from daihoi.core.models import AuditLog, User
from daihoi.core.roles import Role
from daihoi.organizations import services as org_services
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_account_and_register_services_refuse_to_nest(make_user: Callable[..., User]) -> None:
    admin = make_user(Role.ADMIN)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        services.user_create(acting_user=admin, username="long", password=None)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        org_services.organization_create(acting_user=admin, name="Chi bộ X", kind="cell", parent=None)
    assert not User.objects.filter(username="long").exists()


def test_user_change_saves_everything_with_its_audit_rows(make_user: Callable[..., User]) -> None:
    admin = make_user(Role.ADMIN)
    target = make_user(Role.DELEGATE)
    member = MemberFactory()
    services.user_change(acting_user=admin, user=target, full_name=" Phạm Văn Đức ",
                         email="duc@example.org", roles=[Role.COUNTING], member_id=member.pk)
    target.refresh_from_db()
    member.refresh_from_db()
    assert (target.full_name, target.role_names(), member.user_id) == (
        "Phạm Văn Đức", {"counting"}, target.pk)
    verbs = set(AuditLog.objects.filter(actor=admin).values_list("verb", flat=True))
    assert {"user_update", "user_set_roles", "member_link_user"} <= verbs


def test_a_refused_part_leaves_the_whole_account_unchanged(make_user: Callable[..., User]) -> None:
    """Dropping one's own administrator role is refused; the name typed in the same save
    is not kept either (the page saved the name before, in a transaction of its own)."""
    admin = make_user(Role.ADMIN, full_name="Quản trị")
    with pytest.raises(ValidationError) as refused:
        services.user_change(acting_user=admin, user=admin, full_name="Tên mới", email="",
                             roles=[Role.OFFICE], member_id=None)
    assert str(services.CANNOT_DROP_OWN_ADMIN) in refused.value.messages
    admin.refresh_from_db()
    assert admin.full_name == "Quản trị" and "admin" in admin.role_names()
    assert not AuditLog.objects.filter(verb="user_update").exists()


def test_a_member_linked_elsewhere_refuses_the_whole_save(make_user: Callable[..., User]) -> None:
    admin = make_user(Role.ADMIN)
    first, second = make_user(Role.DELEGATE), make_user(Role.DELEGATE)
    member = MemberFactory(organization=OrganizationFactory())
    services.user_link_member(acting_user=admin, user=first, member_id=member.pk)
    with pytest.raises(ValidationError):
        services.user_change(acting_user=admin, user=second, full_name="Đổi", email="",
                             roles=[Role.COUNTING], member_id=member.pk)
    second = User.objects.get(pk=second.pk)
    assert second.role_names() == {"delegate"} and second.full_name != "Đổi"


def test_only_the_administrator_changes_an_account(make_user: Callable[..., User]) -> None:
    office = make_user(Role.OFFICE)
    target = make_user(Role.DELEGATE)
    with pytest.raises(Exception) as refused:
        services.user_change(acting_user=office, user=target, full_name="X", email="",
                             roles=[Role.ADMIN], member_id=None)
    assert refused.type.__name__ == "PermissionDenied"
    assert User.objects.get(pk=target.pk).role_names() == {"delegate"}


def test_the_account_pages_take_unreadable_input(client_as: Callable[..., Any],
                                                 make_user: Callable[..., User]) -> None:
    target = make_user(Role.DELEGATE)
    client = client_as(Role.ADMIN)
    assert client.get("/users/", {"active": "x", "q": "a\x00"}).status_code == 200
    r = client.get("/users/", {"active": "0"})
    assert r.status_code == 200 and r.context["active"] == "0"
    # Anything but "1" locks, as the lock button posts "0".
    assert client.post(f"/users/{target.pk}/active/", {"active": "x"}).status_code == 302
    assert User.objects.get(pk=target.pk).is_active is False
    client.post(f"/users/{target.pk}/active/", {"active": "1"})
    assert User.objects.get(pk=target.pk).is_active is True


def test_the_log_takes_an_unreadable_page(client_as: Callable[..., Any]) -> None:
    client = client_as(Role.OFFICE)
    for page in ("abc", "0", "-1", "²", "9" * 30):
        r = client.get("/audit/", {"page": page})
        assert r.status_code == 200, page
    assert client.get("/audit/", {"page": "abc"}).context["page"] == 1


def test_the_subject_of_an_audit_page(make_user: Callable[..., User]) -> None:
    from django.contrib.contenttypes.models import ContentType

    from daihoi.core import selectors

    user = make_user(Role.OFFICE)
    ct = ContentType.objects.get_for_model(User)
    assert selectors.audit_subject(ct, str(user.pk)) == user
    assert selectors.audit_subject(ct, "not-a-number") is None  # a key of the wrong type
    assert selectors.audit_subject(ct, "987654") is None
    gone = ContentType(app_label="gone", model="nothing")
    assert selectors.audit_subject(gone, "1") is None
