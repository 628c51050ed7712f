from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from daihoi.congress.models import Body, BodyMember, Congress, Delegate, Guest
from daihoi.organizations.selectors import organization_choices
from daihoi.rules.quorum import DEFAULT_QUORUM_TEXT


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CongressForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Đảng bộ"), coerce=int)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=Congress.Kind.choices)
    ordinal = forms.IntegerField(label=_("Lần thứ"), min_value=1, max_value=100)
    term_start = forms.IntegerField(label=_("Nhiệm kỳ từ năm"), min_value=1930, max_value=2200)
    term_end = forms.IntegerField(label=_("Nhiệm kỳ đến năm"), min_value=1930, max_value=2200)
    starts_on = forms.DateField(label=_("Ngày khai mạc"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ngày bế mạc"), widget=DateInput())
    theme = forms.CharField(label=_("Chủ đề"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    venue = forms.CharField(label=_("Địa điểm"), required=False, max_length=255)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=Congress.Status.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = organization_choices()  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    name = forms.CharField(label=_("Tên phiên"), max_length=120)
    date = forms.DateField(label=_("Ngày"), widget=DateInput())
    starts_at = forms.TimeField(
        label=_("Giờ bắt đầu"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    is_preparatory = forms.BooleanField(label=_("Phiên trù bị"), required=False)


class QuorumForm(forms.Form):
    share = forms.CharField(
        label=_("Tỷ lệ tối thiểu có mặt"),
        initial=DEFAULT_QUORUM_TEXT,
        max_length=10,
        help_text=format_lazy(_("Mặc định {share} số đại biểu triệu tập (đã trừ vắng cả đại hội)."),
                              share=DEFAULT_QUORUM_TEXT),
    )
    note = forms.CharField(label=_("Căn cứ / ghi chú"), required=False, max_length=200)


class DelegateAddForm(forms.Form):
    member_id = forms.IntegerField(label=_("Mã đảng viên"), widget=forms.HiddenInput())
    kind = forms.ChoiceField(label=_("Loại đại biểu"), choices=Delegate.Kind.choices)
    origin = forms.ChoiceField(
        label=_("Hình thức"), choices=Delegate.Origin.choices, initial=Delegate.Origin.ELECTED
    )
    represents = forms.TypedChoiceField(
        label=_("Đoàn / đơn vị"), coerce=int, required=False, empty_value=None
    )
    number = forms.IntegerField(label=_("Số thẻ đại biểu"), min_value=1, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["represents"].choices = [("", _("— đơn vị của đảng viên —")), *organization_choices()]  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))


class ReplaceForm(forms.Form):
    alternate = forms.TypedChoiceField(label=_("Đại biểu dự khuyết thay thế"), coerce=int)
    reason = forms.CharField(label=_("Lý do"), max_length=255)


class CredentialsForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Kết luận"), choices=[("accept", _("Đủ tư cách")), ("reject", _("Không đủ tư cách"))]
    )
    note = forms.CharField(label=_("Lý do"), required=False, max_length=255)


class GuestForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    title = forms.CharField(label=_("Chức vụ"), required=False, max_length=255)
    group = forms.ChoiceField(label=_("Nhóm"), choices=Guest.Group.choices)
    sessions = forms.TypedMultipleChoiceField(
        label=_("Dự các phiên"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )


class BodyMemberForm(forms.Form):
    kind = forms.ChoiceField(choices=Body.Kind.choices, widget=forms.HiddenInput())
    member_id = forms.IntegerField(label=_("Đảng viên"), widget=forms.HiddenInput())
    role = forms.ChoiceField(label=_("Vai trò"), choices=BodyMember.Role.choices)


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("Kết quả biểu quyết"),
        max_length=255,
        help_text=_("Ví dụ: 100% đại biểu có mặt biểu quyết tán thành."),
    )
