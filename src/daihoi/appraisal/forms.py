"""Input of the classification pages, parsed here (views read no parameter by hand)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.appraisal.models import LEVEL_CHOICES
from daihoi.appraisal.services import EntryRow, OrganizationRow
from daihoi.core.imports import validate_upload_size
from daihoi.rules.appraisal import QUOTA_UNIT_LABELS, QuotaUnit

BLANK_LEVEL: list[tuple[str, Any]] = [("", "—")]
QUOTA_SHARE_BAD = _("Tỷ lệ khống chế phải là một số phần trăm từ 0 đến 100.")
NO_FILE = _("Chưa chọn tệp.")


class CampaignOpenForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    appraisal_date = forms.DateField(label=_("Ngày đánh giá"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    excellent_quota_on = forms.BooleanField(label=_("Áp dụng tỷ lệ khống chế xếp loại xuất sắc"),
                                            required=False, initial=True)
    excellent_quota_percent = forms.CharField(label=_("Tỷ lệ tối đa (phần trăm số hoàn thành tốt nhiệm vụ)"),
                                              initial="20", max_length=10)
    excellent_quota_unit = forms.ChoiceField(
        label=_("Đơn vị tính tỷ lệ"), initial=QuotaUnit.GRASSROOTS.value,
        choices=[(u.value, _(QUOTA_UNIT_LABELS[u])) for u in QuotaUnit])

    def clean_excellent_quota_percent(self) -> Fraction:
        text = self.cleaned_data["excellent_quota_percent"].strip().replace(",", ".")
        try:
            value = Fraction(text) / 100
        except (ValueError, ZeroDivisionError):
            raise forms.ValidationError(QUOTA_SHARE_BAD) from None
        if not 0 <= value <= 1:
            raise forms.ValidationError(QUOTA_SHARE_BAD)
        return value

    def rule_changes(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"excellent_quota_on": d["excellent_quota_on"],
                "excellent_quota_share": d["excellent_quota_percent"],
                "excellent_quota_unit": d["excellent_quota_unit"]}


class EntryForm(forms.Form):
    """A whole cell's list: per member the fields s<id> (score), ec<id> (excellent conditions),
    p<id> (cell's proposal), d<id> (decision), k<id> (disciplined), c<id> (self-corrected),
    m<id> (months of sick leave), x<id> (suspended), g<id> (role group)."""

    def __init__(self, data: Any = None, *, member_ids: list[int]) -> None:
        super().__init__(data)
        self.member_ids = member_ids
        for pk in member_ids:
            self.fields[f"s{pk}"] = forms.CharField(required=False, max_length=12)
            self.fields[f"ec{pk}"] = forms.BooleanField(required=False)
            self.fields[f"p{pk}"] = forms.ChoiceField(required=False, choices=BLANK_LEVEL + LEVEL_CHOICES)
            self.fields[f"d{pk}"] = forms.ChoiceField(required=False, choices=BLANK_LEVEL + LEVEL_CHOICES)
            self.fields[f"k{pk}"] = forms.BooleanField(required=False)
            self.fields[f"c{pk}"] = forms.BooleanField(required=False)
            self.fields[f"m{pk}"] = forms.CharField(required=False, max_length=12)
            self.fields[f"x{pk}"] = forms.BooleanField(required=False)
            self.fields[f"g{pk}"] = forms.CharField(required=False, max_length=80)

    def rows(self) -> list[EntryRow]:
        d = self.cleaned_data
        return [EntryRow(member_id=pk, score=d[f"s{pk}"], proposed=d[f"p{pk}"], decided=d[f"d{pk}"],
                         disciplined=d[f"k{pk}"], self_corrected=d[f"c{pk}"],
                         sick_leave_months=d[f"m{pk}"], suspended=d[f"x{pk}"],
                         excellent_conditions=d[f"ec{pk}"], role_group=d[f"g{pk}"])
                for pk in self.member_ids]


class OrganizationEntryForm(forms.Form):
    def __init__(self, data: Any = None, *, organization_ids: list[int]) -> None:
        super().__init__(data)
        self.organization_ids = organization_ids
        for pk in organization_ids:
            self.fields[f"s{pk}"] = forms.CharField(required=False, max_length=12)
            self.fields[f"p{pk}"] = forms.ChoiceField(required=False, choices=BLANK_LEVEL + LEVEL_CHOICES)
            self.fields[f"d{pk}"] = forms.ChoiceField(required=False, choices=BLANK_LEVEL + LEVEL_CHOICES)
            self.fields[f"k{pk}"] = forms.BooleanField(required=False)

    def rows(self) -> list[OrganizationRow]:
        d = self.cleaned_data
        return [OrganizationRow(organization_id=pk, score=d[f"s{pk}"], proposed=d[f"p{pk}"],
                                decided=d[f"d{pk}"], disciplined=d[f"k{pk}"])
                for pk in self.organization_ids]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel hoặc CSV"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            raise forms.ValidationError(NO_FILE)
        validate_upload_size(upload)
        return upload

    def error(self) -> str:
        return "; ".join(str(m) for errs in self.errors.values() for m in errs)


class ResultsQuery(forms.Form):
    years = forms.IntegerField(required=False, min_value=1, max_value=20)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2200)

    def value(self) -> int:
        return (self.cleaned_data.get("years") or 5) if self.is_valid() else 5

    def detail_year(self) -> int | None:
        return self.cleaned_data.get("year") if self.is_valid() else None


class CampaignQuery(forms.Form):
    org = forms.IntegerField(required=False, min_value=1)
    q = forms.CharField(required=False, max_length=100)

    def values(self) -> tuple[int | None, str]:
        if not self.is_valid():
            return None, ""
        return self.cleaned_data["org"], self.cleaned_data["q"] or ""


class GrantForm(forms.Form):
    username = forms.CharField(label=_("Tài khoản"), max_length=150)
