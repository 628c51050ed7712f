"""Accounts: every change to a login goes through here, checked and audited."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from daihoi.core import registry
from daihoi.core.audit import audit, audit_update, snapshot
from daihoi.core.models import AuditLog, User
from daihoi.core.permissions import require_login, require_role
from daihoi.core.roles import Role

USERNAME_TAKEN = _("Tên đăng nhập «{username}» đã có người dùng.")
USERNAME_REQUIRED = _("Tên đăng nhập không được để trống.")
MEMBER_ALREADY_LINKED = _("Đảng viên «{member}» đã gắn với tài khoản «{user}».")
CANNOT_DEACTIVATE_SELF = _("Không thể tự khóa tài khoản của chính mình.")
CANNOT_DROP_OWN_ADMIN = _("Không thể tự bỏ vai trò Quản trị hệ thống của chính mình.")
UNKNOWN_ROLE = _("Vai trò không hợp lệ: {role}.")
NO_PERSON_RECORDS = _("Không có danh sách đảng viên để gắn tài khoản.")

# The password hash is a secret: keep it out of the audit rows of account changes.
_USER_AUDIT_EXCLUDE = ("password", "last_login")

# Unambiguous characters only: the temporary password is read aloud or copied by hand.
_TEMP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _user_snapshot(user: User) -> dict[str, Any]:
    data = snapshot(user, exclude=_USER_AUDIT_EXCLUDE)
    data["roles"] = sorted(user.role_names())
    return data


def _role_names(roles: Iterable[Role | str]) -> list[str]:
    names = sorted({str(r) for r in roles})
    valid = {r.value for r in Role}
    for name in names:
        if name not in valid:
            raise ValidationError(str(UNKNOWN_ROLE).format(role=name))
    return names


def _groups(role_names: list[str]) -> list[Group]:
    """The groups of the roles, created if missing: the roles are a fixed list in code, and
    a database emptied by a test's flush (or restored from an old backup) may lack some."""
    return [Group.objects.get_or_create(name=name)[0] for name in role_names]


def _forget_roles(user: User) -> None:
    user.__dict__.pop("_role_cache", None)


def temporary_password() -> str:
    return "-".join("".join(secrets.choice(_TEMP_ALPHABET) for _ in range(4)) for _ in range(3))


@transaction.atomic(durable=True)
def user_create(
    *, acting_user: User | None, username: str, password: str | None, full_name: str = "",
    roles: Iterable[Role | str] = (), email: str = "", member_id: int | None = None,
) -> User:
    """Create a login with its roles. `acting_user` None is the system itself (demo, setup)."""
    if acting_user is not None:
        require_role(acting_user, Role.ADMIN)
    username = username.strip()
    if not username:
        raise ValidationError(str(USERNAME_REQUIRED))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(str(USERNAME_TAKEN).format(username=username))
    role_names = _role_names(roles)
    user = User(username=username, full_name=full_name.strip(), email=email.strip())
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user.groups.set(_groups(role_names))
    _forget_roles(user)
    audit(actor=acting_user, obj=user, action=AuditLog.Action.CREATE, after=_user_snapshot(user),
          verb="user_create")
    if member_id is not None:
        _link_member(acting_user=acting_user, user=user, member_id=member_id)
    return user


def _set_roles(*, acting_user: User, user: User, roles: Iterable[Role | str]) -> None:
    role_names = _role_names(roles)
    if user.pk == acting_user.pk and Role.ADMIN.value not in role_names and not user.is_superuser:
        raise ValidationError(str(CANNOT_DROP_OWN_ADMIN))
    _forget_roles(user)
    before = {"roles": sorted(user.role_names())}
    user.groups.set(_groups(role_names))
    _forget_roles(user)
    after = {"roles": sorted(user.role_names())}
    if before != after:
        audit(actor=acting_user, obj=user, action="update", before=before, after=after,
              verb="user_set_roles")


def _update(*, acting_user: User, user: User, full_name: str, email: str) -> None:
    before = snapshot(user, exclude=_USER_AUDIT_EXCLUDE)
    user.full_name = full_name.strip()
    user.email = email.strip()
    user.save(update_fields=["full_name", "email"])
    audit_update(actor=acting_user, obj=user, before=before, verb="user_update")


@transaction.atomic(durable=True)
def user_set_roles(*, acting_user: User, user: User, roles: Iterable[Role | str]) -> User:
    require_role(acting_user, Role.ADMIN)
    _set_roles(acting_user=acting_user, user=user, roles=roles)
    return user


@transaction.atomic(durable=True)
def user_update(
    *, acting_user: User, user: User, full_name: str, email: str = "",
) -> User:
    require_role(acting_user, Role.ADMIN)
    _update(acting_user=acting_user, user=user, full_name=full_name, email=email)
    return user


@transaction.atomic(durable=True)
def user_change(
    *, acting_user: User, user: User, full_name: str, email: str, roles: Iterable[Role | str],
    member_id: int | None,
) -> User:
    """The account page's one save: particulars, roles and the linked member together, so
    a refusal of one (dropping one's own administrator role, a member linked elsewhere)
    leaves the others unchanged too."""
    require_role(acting_user, Role.ADMIN)
    _update(acting_user=acting_user, user=user, full_name=full_name, email=email)
    _set_roles(acting_user=acting_user, user=user, roles=roles)
    _link_member(acting_user=acting_user, user=user, member_id=member_id)
    return user


@transaction.atomic(durable=True)
def user_set_active(*, acting_user: User, user: User, active: bool) -> User:
    """Deactivate (the login stops working at once, the history stays) or reactivate."""
    require_role(acting_user, Role.ADMIN)
    if not active and user.pk == acting_user.pk:
        raise ValidationError(str(CANNOT_DEACTIVATE_SELF))
    if user.is_active == active:
        return user
    before = snapshot(user, exclude=_USER_AUDIT_EXCLUDE)
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        # End the person's open sessions too, not only future logins.
        _end_sessions(user)
    audit_update(actor=acting_user, obj=user, before=before,
                 verb="user_activate" if active else "user_deactivate")
    return user


def _end_sessions(user: User) -> None:
    from django.contrib.sessions.models import Session

    for session in Session.objects.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


@transaction.atomic(durable=True)
def user_reset_password(*, acting_user: User, user: User) -> str:
    """Set a generated temporary password and return it (shown once to the administrator).
    The audit row records that it happened, never the password or its hash."""
    require_role(acting_user, Role.ADMIN)
    password = temporary_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    audit(actor=acting_user, obj=user, action="other", verb="user_reset_password")
    return password


@transaction.atomic(durable=True)
def password_change_own(*, acting_user: User, form: PasswordChangeForm) -> User:
    """The user's own change of password, through Django's form (it checked the old
    password and the validators). Audited like an administrator's reset: that it happened,
    never the password or its hash."""
    require_login(acting_user)
    if form.user.pk != acting_user.pk:
        raise PermissionDenied
    user = form.save()
    audit(actor=acting_user, obj=user, action="other", verb="password_change")
    return user


@transaction.atomic(durable=True)
def user_link_member(*, acting_user: User | None, user: User, member_id: int | None) -> User:
    """Link the login to a member record (the record `registry.person_link()` names, which
    the organizations app registers), or unlink with None."""
    if acting_user is not None:
        require_role(acting_user, Role.ADMIN)
    _link_member(acting_user=acting_user, user=user, member_id=member_id)
    return user


def _link_member(*, acting_user: User | None, user: User, member_id: int | None) -> None:
    link = registry.person_link()
    if link is None:
        if member_id is None:
            return
        raise ValidationError(str(NO_PERSON_RECORDS))
    records = link.model._default_manager.select_for_update()
    current: Any = records.filter(user=user).first()
    if current is not None and current.pk == member_id:
        return
    if member_id is not None:
        member: Any = records.get(pk=member_id)
        if member.user_id is not None and member.user_id != user.pk:
            raise ValidationError(str(MEMBER_ALREADY_LINKED).format(
                member=member, user=member.user))
    if current is not None:
        before = snapshot(current)
        current.user = None
        current.save(update_fields=["user"])
        audit_update(actor=acting_user, obj=current, before=before, verb="member_unlink_user")
    if member_id is not None:
        before = snapshot(member)
        member.user = user
        member.save(update_fields=["user"])
        audit_update(actor=acting_user, obj=member, before=before, verb="member_link_user")
