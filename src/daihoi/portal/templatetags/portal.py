"""The date line of the committee's news pages: "Thứ hai - 24/08/2020 00:08"."""

from __future__ import annotations

import datetime as dt

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


@register.filter
def dateline(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    day = WEEKDAYS[local.weekday()] if (get_language() or "vi").startswith("vi") else date_format(local, "l")
    return f"{day} - {local:%d/%m/%Y %H:%M}"


@register.filter
def field_labels(changes: dict[str, object]) -> str:
    """A revision's changed fields by their names on the form ("Tiêu đề, Trạng thái")."""
    from daihoi.portal.models import Article

    labels = []
    for name in changes:
        try:
            field = Article._meta.get_field(name.removesuffix("_id"))
        except FieldDoesNotExist:  # "photos", or a field no longer on the model
            labels.append(str(_("Ảnh")) if name == "photos" else name)
        else:
            labels.append(str(getattr(field, "verbose_name", name)))
    return ", ".join(labels)
