from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.organizations.models import Member, Organization
from daihoi.organizations.selectors import organization_choices


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class OrgChoiceField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce=int, **kwargs)


def _with_orgs(form: forms.Form, *names: str) -> None:
    choices = [("", "—"), *organization_choices()]
    for name in names:
        form.fields[name].choices = choices  # type: ignore[attr-defined]


def org_from(value: int) -> Organization:
    return Organization.objects.get(pk=value)


class AdmitForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    gender = forms.ChoiceField(label=_("Giới tính"), choices=Member.Gender.choices)
    date_of_birth = forms.DateField(label=_("Ngày sinh"), widget=DateInput())
    ethnicity = forms.CharField(label=_("Dân tộc"), max_length=40, initial="Kinh")
    organization = OrgChoiceField(label=_("Chi bộ / tổ chức"))
    admission_date = forms.DateField(label=_("Ngày vào Đảng (ngày quyết định kết nạp)"),
                                     widget=DateInput())
    # Optional: the decision is often recorded before the cell holds the ceremony.
    ceremony_date = forms.DateField(
        label=_("Ngày tổ chức lễ kết nạp"), widget=DateInput(), required=False,
        help_text=_("Để trống nếu chi bộ chưa tổ chức lễ kết nạp; ghi sau ở trang đảng viên."),
    )
    position = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)
    education = forms.CharField(label=_("Trình độ chuyên môn"), max_length=80, required=False)
    political_theory = forms.CharField(label=_("Lý luận chính trị"), max_length=40, required=False)
    religion = forms.CharField(label=_("Tôn giáo"), max_length=40, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _with_orgs(self, "organization")


class MemberEditForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    gender = forms.ChoiceField(label=_("Giới tính"), choices=Member.Gender.choices)
    date_of_birth = forms.DateField(label=_("Ngày sinh"), widget=DateInput())
    ethnicity = forms.CharField(label=_("Dân tộc"), max_length=40)
    religion = forms.CharField(label=_("Tôn giáo"), max_length=40, required=False)
    education = forms.CharField(label=_("Trình độ chuyên môn"), max_length=80, required=False)
    political_theory = forms.CharField(label=_("Lý luận chính trị"), max_length=40, required=False)
    party_card_number = forms.CharField(label=_("Số thẻ đảng viên"), max_length=20, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    exempt_from_activity = forms.BooleanField(label=_("Miễn công tác và sinh hoạt đảng"), required=False)


class RecognizeForm(forms.Form):
    party_card_number = forms.CharField(label=_("Số thẻ đảng viên (nếu cấp)"), max_length=20,
                                        required=False)


class CeremonyForm(forms.Form):
    ceremony_date = forms.DateField(label=_("Ngày tổ chức lễ kết nạp"), widget=DateInput())


class TransferForm(forms.Form):
    to_organization = OrgChoiceField(label=_("Chuyển đến tổ chức"))
    on = forms.DateField(label=_("Ngày chuyển"), widget=DateInput())
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _with_orgs(self, "to_organization")


class TransferOutForm(forms.Form):
    destination = forms.CharField(label=_("Nơi chuyển đến (ngoài Đảng bộ)"), max_length=255)
    on = forms.DateField(label=_("Ngày chuyển"), widget=DateInput())
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class LeaveForm(forms.Form):
    on = forms.DateField(label=_("Ngày"), widget=DateInput())


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Tên tổ chức"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=80, required=False)
    kind = forms.ChoiceField(label=_("Loại hình"), choices=Organization.Kind.choices)
    parent = OrgChoiceField(label=_("Trực thuộc"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _with_orgs(self, "parent")


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Tên mới"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=80, required=False)


class MoveForm(forms.Form):
    new_parent = OrgChoiceField(label=_("Chuyển về trực thuộc"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _with_orgs(self, "new_parent")


class DissolveForm(forms.Form):
    on = forms.DateField(label=_("Ngày giải thể"), widget=DateInput())


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=1930, max_value=2200)
    planned = forms.IntegerField(label=_("Chỉ tiêu kết nạp"), min_value=0, widget=forms.NumberInput(
        attrs={"placeholder": _("số đảng viên"), "aria-label": _("Chỉ tiêu kết nạp")}))
