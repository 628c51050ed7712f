"""The audit log: every service that changes a record calls one of these in its transaction.

    before = snapshot(member)
    member.status = ...; member.save()
    audit_update(actor=acting_user, obj=member, before=before, verb="recognize")
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from daihoi.core.models import AuditLog, User
from daihoi.rules.names import fold


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def snapshot(obj: models.Model, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """The concrete field values of `obj`, JSON-ready (foreign keys as their ids)."""
    skip = set(exclude)
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip:
            continue
        data[field.name] = _json_value(getattr(obj, field.attname))
    return data


def _actor(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def audit(
    *,
    actor: User | None,
    obj: models.Model,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    verb: str = "",
) -> AuditLog:
    return AuditLog.objects.create(
        actor=_actor(actor),
        action=action,
        verb=verb,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        object_search=fold(str(obj))[:255],
        before=before,
        after=after,
    )


def audit_create(*, actor: User | None, obj: models.Model, verb: str = "") -> AuditLog:
    return audit(actor=actor, obj=obj, action=AuditLog.Action.CREATE, after=snapshot(obj), verb=verb)


def audit_update(
    *, actor: User | None, obj: models.Model, before: dict[str, Any], verb: str = ""
) -> AuditLog:
    return audit(
        actor=actor, obj=obj, action=AuditLog.Action.UPDATE, before=before, after=snapshot(obj),
        verb=verb,
    )


def audit_delete(*, actor: User | None, obj: models.Model, verb: str = "") -> AuditLog:
    """Call before deleting: the snapshot needs the row's values and primary key."""
    return audit(actor=actor, obj=obj, action=AuditLog.Action.DELETE, before=snapshot(obj), verb=verb)


def audit_create_bulk(
    *, actor: User | None, objs: Iterable[models.Model], verb: str = "", batch_size: int = 2000
) -> None:
    """One audit row per created object, written in batches (imports of 100,000 rows)."""
    rows = []
    cache: dict[type, ContentType] = {}
    who = _actor(actor)
    for obj in objs:
        ct = cache.get(type(obj))
        if ct is None:
            ct = cache[type(obj)] = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        rows.append(
            AuditLog(
                actor=who, action=AuditLog.Action.CREATE, verb=verb, content_type=ct,
                object_id=str(obj.pk), object_repr=str(obj)[:255],
                object_search=fold(str(obj))[:255], after=snapshot(obj),
            )
        )
    AuditLog.objects.bulk_create(rows, batch_size=batch_size)
