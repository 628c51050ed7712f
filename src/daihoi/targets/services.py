"""Changes to the targets entered directly (a congress held before the system existed) and the
values the office enters for targets the records do not measure. The resolution page of the
congress adds targets through its own services (congress.proceedings)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from daihoi.congress.models import Congress
from daihoi.core.audit import audit_create, audit_delete
from daihoi.core.models import User
from daihoi.core.permissions import require_role
from daihoi.core.roles import Role
from daihoi.targets.models import Target, TargetValue

CHANGE_ROLES = (Role.OFFICE,)  # and the administrator

VALUE_NOT_NUMBER = _("Giá trị «{value}» không phải là số.")
MEASURED_TARGET = _("Chỉ tiêu này được tính từ hồ sơ, không nhập số liệu.")
SOURCE_REQUIRED = _("Phải ghi nguồn số liệu.")
DATE_FUTURE = _("Ngày số liệu không được sau hôm nay.")


def _amount(value: Decimal | str) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(str(VALUE_NOT_NUMBER).format(value=value)) from None
    if not amount.is_finite():
        raise ValidationError(str(VALUE_NOT_NUMBER).format(value=value))
    return amount


@transaction.atomic(durable=True)
def target_create(*, acting_user: User | None, congress: Congress, text: str, metric: str,
                  comparison: str, value: Decimal | str, unit: str, period: str,
                  metric_label: str = "") -> Target:
    require_role(acting_user, *CHANGE_ROLES)
    number = (Target.objects.filter(congress=congress).aggregate(m=Max("number"))["m"] or 0) + 1
    target = Target(congress=congress, number=number, text=text.strip(), metric=metric,
                    metric_label=metric_label.strip(), comparison=comparison, value=_amount(value),
                    unit=unit, period=period)
    target.full_clean()
    target.save()
    audit_create(actor=acting_user, obj=target)
    return target


@transaction.atomic(durable=True)
def target_remove(*, acting_user: User | None, target: Target) -> None:
    require_role(acting_user, *CHANGE_ROLES)
    audit_delete(actor=acting_user, obj=target)
    target.delete()


@transaction.atomic(durable=True)
def target_value_enter(*, acting_user: User | None, target: Target, value: Decimal | str,
                       as_of: dt.date, source: str, year: int | None = None,
                       today: dt.date | None = None) -> TargetValue:
    """A value for a target the records do not measure, with where it comes from."""
    require_role(acting_user, *CHANGE_ROLES)
    if target.measured_from_records:
        raise ValidationError(MEASURED_TARGET)
    if not source.strip():
        raise ValidationError(SOURCE_REQUIRED)
    if today is not None and as_of > today:
        raise ValidationError(DATE_FUTURE)
    row = TargetValue.objects.create(target=target, value=_amount(value), as_of=as_of, year=year,
                                     source=source.strip()[:255],
                                     entered_by=acting_user if acting_user and acting_user.is_authenticated
                                     else None)
    audit_create(actor=acting_user, obj=row)
    return row
