"""Read queries of core: users and the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from daihoi.core import registry
from daihoi.core.models import AuditLog, Job, User
from daihoi.rules.names import fold

_ROLES_LABEL = _("Vai trò")


def user_list(*, query: str = "", active: bool | None = None) -> QuerySet[User]:
    qs = User.objects.all().prefetch_related(Prefetch("groups")).order_by("username")
    if query:
        qs = qs.filter(models.Q(username__icontains=query) | models.Q(full_name__icontains=query))
    if active is not None:
        qs = qs.filter(is_active=active)
    link = registry.person_link()
    if link is None:
        return qs
    linked = link.model._default_manager.filter(user=models.OuterRef("pk"))
    return qs.annotate(
        member_id=models.Subquery(linked.values("pk")[:1]),
        member_name=models.Subquery(linked.values(link.name_field)[:1]),
    )


def recent_jobs(*, kind: str, user: Any, limit: int) -> QuerySet[Job]:
    """The user's latest jobs of one kind (the imports page lists them)."""
    return Job.objects.filter(kind=kind, created_by_id=user.pk)[:limit]


@dataclass(frozen=True)
class AuditFilter:
    actor_id: int | None = None
    content_type_id: int | None = None
    object_id: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""
    action: str = ""


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_log_list(*, flt: AuditFilter) -> QuerySet[AuditLog]:
    """The log, newest first, narrowed by `flt`. Every filter maps onto an index
    (at, actor+at, content_type+at, content_type+object_id) except the text search."""
    # No join to the content types (they come from ContentType's cache, see attach_types):
    # with that join SQLite chose the content_type+at index over content_type+object_id+at
    # and one record's history took 100+ ms on a log of a million rows instead of 1 ms.
    qs = AuditLog.objects.select_related("actor").order_by("-at", "-id")
    if flt.actor_id is not None:
        qs = qs.filter(actor_id=flt.actor_id)
    if flt.content_type_id is not None:
        qs = qs.filter(content_type_id=flt.content_type_id)
    if flt.object_id is not None:
        qs = qs.filter(object_id=flt.object_id)
    if flt.date_from is not None:
        qs = qs.filter(at__gte=_day_start(flt.date_from))
    if flt.date_to is not None:
        qs = qs.filter(at__lt=_day_start(flt.date_to + dt.timedelta(days=1)))
    if flt.action:
        qs = qs.filter(action=flt.action)
    if flt.text:
        qs = qs.filter(object_search__contains=fold(flt.text))
    return qs


def audit_page(qs: QuerySet[AuditLog], *, page: int, per_page: int) -> tuple[list[AuditLog], bool]:
    """One page and whether another follows. No COUNT(*): on a log of millions of rows a
    count costs more than the page itself."""
    start = (max(page, 1) - 1) * per_page
    rows = list(qs[start:start + per_page + 1])
    return attach_types(rows[:per_page]), len(rows) > per_page


def attach_types(rows: list[AuditLog]) -> list[AuditLog]:
    """Give each row its content type from ContentType's in-process cache (no query)."""
    for row in rows:
        row.content_type = ContentType.objects.get_for_id(row.content_type_id)
    return rows


def audit_content_types() -> list[tuple[int, str]]:
    """Record types for the filter: every model of the project's apps, by its verbose name."""
    choices = []
    for model in apps.get_models():
        if model._meta.app_label in {"admin", "sessions", "contenttypes", "axes", "auth"}:
            continue
        ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
        choices.append((ct.pk, f"{model._meta.verbose_name}"))
    return sorted(choices, key=lambda c: c[1].lower())


def content_type_label(ct: ContentType) -> str:
    model = ct.model_class()
    return str(model._meta.verbose_name) if model is not None else f"{ct.app_label}.{ct.model}"


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    before: Any
    after: Any


def _field_label(model: type[models.Model] | None, name: str) -> str:
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        if name == "roles":
            return str(_ROLES_LABEL)
        if name == "reason":  # a correction's reason, kept with its values (member_correct)
            return str(_("Lý do"))
        return name
    return str(getattr(field, "verbose_name", name))


def _display(model: type[models.Model] | None, name: str, value: Any,
             cache: dict[tuple[Any, Any], str]) -> Any:
    shown = _display_value(model, name, value, cache)
    return readable(shown) if isinstance(shown, dict | list | tuple) else shown


def _display_value(model: type[models.Model] | None, name: str, value: Any,
                   cache: dict[tuple[Any, Any], str]) -> Any:
    """A stored value as a person reads it: a choice's label ("Chính thức", not "full"),
    a date as dd/mm/yyyy, a foreign key as the name of the record it points to."""
    if model is None or value is None:
        return value
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        if name == "roles" and isinstance(value, list):
            return [_role_label(v) for v in value]
        return value
    choices = getattr(field, "flatchoices", None)
    if choices:
        for key, label in choices:
            if key == value:
                return f"{label}"
        return value
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%d/%m/%Y %H:%M")
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        target = field.related_model
        key = (target, value)
        if key not in cache:
            obj = target._default_manager.filter(pk=value).first()
            cache[key] = f"{obj} (#{value})" if obj is not None else f"#{value}"
        return cache[key]
    return value


def readable(value: Any) -> str:
    """A stored JSON value as a line a clerk reads ("Số phiếu: 3; Bầu: Nguyễn Văn An"),
    never a Python dict: keys as written, nested values inline."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {readable(v)}" for k, v in value.items()) or "—"
    if isinstance(value, list | tuple):
        return ", ".join(readable(v) for v in value) or "—"
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    return str(value)


def _role_label(name: str) -> str:
    from daihoi.core.roles import ROLE_LABELS, Role

    try:
        return str(ROLE_LABELS[Role(name)])
    except ValueError:
        return name


# Columns derived from others (search and sort keys): noise in a history.
_HIDDEN_FIELDS = {"search_name", "sort_key"}


def audit_changes(row: AuditLog, cache: dict[tuple[Any, Any], str] | None = None
                  ) -> list[FieldChange]:
    """The changed fields of one audit row, labelled by the model's verbose names where the
    model still exists."""
    model = row.content_type.model_class()
    memo = {} if cache is None else cache
    return [
        FieldChange(name=name, label=_field_label(model, name),
                    before=_display(model, name, before, memo),
                    after=_display(model, name, after, memo))
        for name, before, after in row.changed_fields() if name not in _HIDDEN_FIELDS
    ]


def audit_subject(ct: ContentType, pk: str) -> models.Model | None:
    """The record an audit page is about, or None when it was deleted (or `pk` is not of
    the type its model's keys have)."""
    model = ct.model_class()
    if model is None:
        return None
    try:
        return model._default_manager.filter(pk=pk).first()
    except (ValueError, ValidationError):
        return None


def audit_object(app_label: str, model_name: str) -> ContentType | None:
    try:
        return ContentType.objects.get(app_label=app_label, model=model_name.lower())
    except ContentType.DoesNotExist:
        return None



# --- the log as sentences --------------------------------------------------------------------
DEFAULT_SENTENCES: dict[str, Any] = {
    AuditLog.Action.CREATE: _("Tạo {type} «{record}»"),
    AuditLog.Action.UPDATE: _("Sửa {type} «{record}»"),
    AuditLog.Action.DELETE: _("Xóa {type} «{record}»"),
    AuditLog.Action.OTHER: _("Thao tác trên {type} «{record}»"),
}
WITHHELD = _("Nội dung ẩn cho đến khi Đoàn Chủ tịch công bố kết quả.")


class _Blanks(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "…"


def audit_sentence(row: AuditLog, *, withheld: bool = False) -> str:
    """What happened, as a clerk reads it ("Nhập 120 đảng viên từ tệp ds.xlsx", "Kết nạp
    đảng viên «Nguyễn Văn An»"): the sentence the app registered for the verb, else one for
    the kind of change; never the verb's code. A withheld row names its kind, not its record."""
    template = registry.audit_sentence_for(row.verb) or DEFAULT_SENTENCES.get(
        row.action, DEFAULT_SENTENCES[AuditLog.Action.OTHER])
    type_label = content_type_label(row.content_type)
    data = _Blanks()
    if isinstance(row.after, dict) and not withheld:
        data.update({k: readable(v) for k, v in row.after.items()})
    data.update(record=type_label if withheld else row.object_repr, type=type_label.lower())
    return str(template).format_map(data)


def audit_withheld(user: Any, rows: list[AuditLog]) -> set[int]:
    """The rows among `rows` that `user` may not read (the apps' guards decide)."""
    hidden: set[int] = set()
    for guard in registry.audit_guards():
        hidden |= guard(user, rows)
    return hidden


def audit_entries(rows: list[AuditLog], *, user: Any,
                  cache: dict[tuple[Any, Any], str] | None = None) -> list[dict[str, Any]]:
    """The rows of a log page: each with its sentence and its changes, or withheld."""
    memo = {} if cache is None else cache
    hidden = audit_withheld(user, rows)
    return [{"row": row, "withheld": row.pk in hidden,
             "sentence": audit_sentence(row, withheld=row.pk in hidden),
             "changes": [] if row.pk in hidden else audit_changes(row, memo)}
            for row in rows]
