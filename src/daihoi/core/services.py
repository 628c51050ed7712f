from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from daihoi.core.audit import audit, audit_create
from daihoi.core.models import User
from daihoi.core.permissions import require_role
from daihoi.core.roles import Role


@transaction.atomic
def user_create(
    *, acting_user: User | None, username: str, password: str | None, full_name: str = "",
    roles: Iterable[Role | str] = (),
) -> User:
    """Create a login with its roles. `acting_user` None is the system itself (demo, setup)."""
    if acting_user is not None:
        require_role(acting_user, Role.ADMIN)
    user = User(username=username, full_name=full_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
    audit_create(actor=acting_user, obj=user, verb="user_create")
    return user


@transaction.atomic
def user_set_roles(*, acting_user: User, user: User, roles: Iterable[Role | str]) -> User:
    require_role(acting_user, Role.ADMIN)
    before = {"roles": sorted(user.role_names())}
    user.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
    user.__dict__.pop("_role_cache", None)
    audit(actor=acting_user, obj=user, action="update", before=before,
          after={"roles": sorted(str(r) for r in roles)}, verb="user_set_roles")
    return user

