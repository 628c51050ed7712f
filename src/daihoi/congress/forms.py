from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from daihoi.congress.models import Body, BodyMember, Congress, Delegate, Guest
from daihoi.core.forms import DateField, DateInput
from daihoi.core.imports import validate_upload_size
from daihoi.organizations.selectors import organization_choices
from daihoi.rules.quorum import DEFAULT_QUORUM_TEXT


class CongressForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Đảng bộ"), coerce=int)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=Congress.Kind.choices)
    ordinal = forms.IntegerField(label=_("Lần thứ"), min_value=1, max_value=100)
    term_start = forms.IntegerField(label=_("Nhiệm kỳ từ năm"), min_value=1930, max_value=2200)
    term_end = forms.IntegerField(label=_("Nhiệm kỳ đến năm"), min_value=1930, max_value=2200)
    starts_on = DateField(label=_("Ngày khai mạc"), widget=DateInput())
    ends_on = DateField(label=_("Ngày bế mạc"), widget=DateInput())
    theme = forms.CharField(label=_("Chủ đề"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    venue = forms.CharField(label=_("Địa điểm"), required=False, max_length=255)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=Congress.Status.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = organization_choices()  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    name = forms.CharField(label=_("Tên phiên"), max_length=120)
    date = DateField(label=_("Ngày"), widget=DateInput())
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
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"), validators=[validate_upload_size])


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


# --- query strings and small posts: every input a view reads goes through a form ---------------


def _digits(value: str) -> int | None:
    return int(value) if value.isdigit() else None


class CongressFilterForm(forms.Form):
    """The congress list's `?organization=`; anything but digits shows every congress."""

    organization = forms.CharField(required=False)

    @property
    def organization_id(self) -> int | None:
        return _digits(self.cleaned_data.get("organization", "")) if self.is_valid() else None


class NextForm(forms.Form):
    """Where a small form on another page sends the user back to (`next=checkin`)."""

    next = forms.CharField(required=False, max_length=40)

    def target(self) -> str:
        return self.cleaned_data["next"] if self.is_valid() else ""


class DelegateFilterForm(forms.Form):
    """The delegate list's filters (the page and its Excel), and the search for a member to
    add. Free text, as typed: a filter that matches nothing shows nothing."""

    q = forms.CharField(required=False, strip=False)
    kind = forms.CharField(required=False)
    origin = forms.CharField(required=False)
    represents = forms.CharField(required=False)
    checked_in = forms.CharField(required=False)
    credentials = forms.CharField(required=False)
    member_q = forms.CharField(required=False)

    def _value(self, name: str) -> str:
        return self.cleaned_data.get(name, "") if self.is_valid() else ""

    def search(self) -> dict[str, Any]:
        """The arguments of `selectors.delegate_search`."""
        return {
            "q": self._value("q"),
            "kind": self._value("kind"),
            "origin": self._value("origin"),
            "represents_id": _digits(self._value("represents")),
            "checked_in": self._value("checked_in"),
            "credentials": self._value("credentials"),
        }

    @property
    def member_query(self) -> str:
        return self._value("member_q")

    def echo(self) -> dict[str, str]:
        """The filters given, to keep them in the page's links and hidden fields."""
        return {k: v for k, v in self.data.items() if k in self.fields}


class AcceptAllForm(forms.Form):
    note = forms.CharField(required=False, max_length=255)


class BadgesForm(forms.Form):
    """`?kind=official|alternate`: only those badges; anything else prints them all."""

    kind = forms.ChoiceField(choices=Delegate.Kind.choices, required=False)


class AbsentForm(forms.Form):
    absent = forms.CharField(required=False)

    @property
    def absent_value(self) -> bool:
        return self.is_valid() and self.cleaned_data["absent"] == "1"


class CheckinSearchForm(forms.Form):
    q = forms.CharField(required=False, strip=False)


class DoorForm(forms.Form):
    """The door: `delegate=<id>` (from the search) or `code=<QR content>`; `action=out`
    records a departure, anything else an arrival."""

    delegate = forms.CharField(required=False)
    code = forms.CharField(required=False)
    action = forms.CharField(required=False)

    @property
    def delegate_id(self) -> int | None:
        return _digits(self.cleaned_data.get("delegate", "")) if self.is_valid() else None

    @property
    def checkin_code(self) -> str:
        return self.cleaned_data.get("code", "") if self.is_valid() else ""

    @property
    def leaving(self) -> bool:
        return self.is_valid() and self.cleaned_data["action"] == "out"


class GuestDeleteForm(forms.Form):
    delete = forms.IntegerField()
