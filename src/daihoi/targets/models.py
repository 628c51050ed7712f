"""The targets (chỉ tiêu) of a congress resolution and the values entered for the ones the
records cannot measure.

A target belongs to the congress whose resolution set it: entered from the resolution page (the
congress's parser suggests them) or here directly, for a congress held before the system
existed. It moved here from `congress.proceedings` (migration targets 0002 copies the rows)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Target(models.Model):
    """A numbered target of the resolution, in words and in a form a measurement compares against."""

    class Metric(models.TextChoices):
        SHARE_GOOD = "share_good_or_better", _("Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên")
        SHARE_EXCELLENT = "share_excellent", _("Tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ")
        ADMITTED = "admitted", _("Số đảng viên kết nạp mới")
        ADMITTED_PLAN = "admitted_plan_share", _("Kết nạp đảng viên so với kế hoạch năm (%)")
        ORGS_GOOD = "orgs_good_or_better", _("Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên")
        PRIVATE_ORGS = "private_enterprise_orgs", _(
            "Số tổ chức đảng mới trong doanh nghiệp ngoài khu vực nhà nước")
        CELLS_ADMITTING = "cells_admitting_share", _("Tỷ lệ chi bộ kết nạp được đảng viên mới")
        OTHER = "other", _("Khác")

    class Comparison(models.TextChoices):
        GE = ">=", "≥"
        GT = ">", ">"
        LE = "<=", "≤"
        LT = "<", "<"
        EQ = "=", "="

    class Unit(models.TextChoices):
        PERCENT = "%", "%"
        PEOPLE = "people", _("người")
        ORGS = "organizations", _("tổ chức")

    class Period(models.TextChoices):
        YEAR = "year", _("hằng năm")
        TERM = "term", _("cả nhiệm kỳ")

    congress = models.ForeignKey("congress.Congress", on_delete=models.CASCADE, related_name="targets",
                                 verbose_name=_("Đại hội"))
    number = models.PositiveSmallIntegerField(_("Số thứ tự"))
    text = models.TextField(_("Chỉ tiêu (nguyên văn)"))
    metric = models.CharField(_("Chỉ số"), max_length=40, choices=Metric.choices,
                              default=Metric.OTHER)
    metric_label = models.CharField(_("Tên chỉ số (khi chọn Khác)"), max_length=255, blank=True)
    comparison = models.CharField(_("So sánh"), max_length=2, choices=Comparison.choices,
                                  default=Comparison.GE)
    value = models.DecimalField(_("Giá trị"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("Đơn vị"), max_length=20, choices=Unit.choices, default=Unit.PERCENT)
    period = models.CharField(_("Kỳ"), max_length=10, choices=Period.choices, default=Period.YEAR)

    class Meta:
        db_table = "targets_target"
        ordering = ["congress", "number", "id"]
        verbose_name = _("Chỉ tiêu")
        verbose_name_plural = _("Chỉ tiêu")

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    @property
    def machine_form(self) -> str:
        unit = "%" if self.unit == self.Unit.PERCENT else f" {self.get_unit_display()}"
        value = f"{self.value.normalize():f}"
        return f"{self.metric} {self.comparison} {value}{unit} / {self.get_period_display()}"

    @property
    def measured_from_records(self) -> bool:
        return self.metric != self.Metric.OTHER


class TargetValue(models.Model):
    """A value the office enters for a target the records do not measure: with its source
    and the date it stands at (for a yearly target, the year it is of)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("Giá trị"), max_digits=14, decimal_places=2)
    as_of = models.DateField(_("Số liệu tính đến ngày"))
    year = models.PositiveSmallIntegerField(_("Năm"), null=True, blank=True)
    source = models.CharField(_("Nguồn số liệu"), max_length=255)
    entered_at = models.DateTimeField(default=timezone.now)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["target", "-as_of", "-id"]
        verbose_name = _("Số liệu chỉ tiêu")

    def __str__(self) -> str:
        return f"{self.target_id}: {self.value} ({self.as_of:%d/%m/%Y})"
