"""Input of the targets pages."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from daihoi.congress.models import Congress
from daihoi.targets.models import Target

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class ReviewQuery(forms.Form):
    congress = forms.ModelChoiceField(queryset=Congress.objects.all(), required=False)
    on = forms.DateField(required=False, input_formats=DATE_FORMATS)

    def values(self) -> tuple[Congress | None, dt.date]:
        if not self.is_valid():
            return None, timezone.localdate()
        return self.cleaned_data["congress"], self.cleaned_data["on"] or timezone.localdate()


class TargetForm(forms.Form):
    text = forms.CharField(label=_("Chỉ tiêu (nguyên văn)"), widget=forms.Textarea(attrs={"rows": 2}))
    metric = forms.ChoiceField(label=_("Chỉ số"), choices=Target.Metric.choices)
    comparison = forms.ChoiceField(label=_("So sánh"), choices=Target.Comparison.choices)
    value = forms.CharField(label=_("Giá trị"), max_length=20)
    unit = forms.ChoiceField(label=_("Đơn vị"), choices=Target.Unit.choices)
    period = forms.ChoiceField(label=_("Kỳ"), choices=Target.Period.choices)
    metric_label = forms.CharField(label=_("Tên chỉ số (khi chọn Khác)"), required=False, max_length=255)


class TargetValueForm(forms.Form):
    value = forms.CharField(label=_("Giá trị"), max_length=20)
    as_of = forms.DateField(label=_("Số liệu tính đến ngày"), input_formats=DATE_FORMATS)
    year = forms.IntegerField(label=_("Năm (chỉ tiêu hằng năm)"), required=False, min_value=1990,
                              max_value=2100)
    source = forms.CharField(label=_("Nguồn số liệu"), max_length=255)
