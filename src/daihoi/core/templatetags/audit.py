"""`{% load audit %}{% audit_link obj %}`: a "Lịch sử thay đổi" link to a record's history,
shown only to the roles that may read the audit log (administrator, office)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from daihoi.core.permissions import has_role
from daihoi.core.roles import Role

register = template.Library()


def audit_url(obj: models.Model) -> str:
    meta = obj._meta
    return reverse("core:audit_record", kwargs={
        "label": f"{meta.app_label}.{meta.model_name}", "pk": str(obj.pk)})


@register.simple_tag(takes_context=True)
def audit_link(context: Any, obj: models.Model | None, text: str = "") -> SafeString | str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if obj is None or obj.pk is None or not has_role(user, Role.ADMIN, Role.OFFICE):
        return ""
    return format_html('<a class="audit-link" href="{}">{}</a>', audit_url(obj),
                       text or _("Lịch sử thay đổi"))


@register.filter
def audit_value(value: Any) -> str:
    """A before/after value as a person reads it: empty for None, lists joined."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


@register.filter
def role_label(name: str) -> str:
    """The label of a role held as a group name ("office" → "Văn phòng / Ban Tổ chức")."""
    from daihoi.core.roles import ROLE_LABELS, Role

    try:
        return str(ROLE_LABELS[Role(name)])
    except ValueError:
        return name


@register.filter
def audit_type(ct: Any) -> str:
    from daihoi.core.selectors import content_type_label

    return content_type_label(ct)


@register.filter
def audit_row_url(row: Any) -> str:
    """The history page of the record an audit row is about."""
    ct = row.content_type
    return reverse("core:audit_record", kwargs={"label": f"{ct.app_label}.{ct.model}",
                                                "pk": row.object_id})
