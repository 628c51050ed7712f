from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.core import registry
from daihoi.core.roles import Role

MEMBER_NOT_FOUND = _("Không tìm thấy đảng viên có số thẻ hoặc họ tên «{card}».")
MEMBER_AMBIGUOUS = _("Có {n} đảng viên tên «{name}»: hãy nhập số thẻ đảng viên.")


# Dates are typed and shown day/month/year whatever the browser's locale: a type=date input
# shows the browser's own order (month first in an American Chrome) and Django's default
# input formats read "05/02/2025" as 2 May. The ISO form is read too (links, scripts).
DATE_INPUT_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
DATE_INVALID = _("Ngày không hợp lệ: hãy ghi ngày/tháng/năm, ví dụ 05/02/2025.")


class DateInput(forms.DateInput):
    """A text input for dd/mm/yyyy (placeholder, numeric keyboard on phones)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off",
                "maxlength": "10", "class": "date-input",
                "pattern": r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{4}-\d{2}-\d{2}"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


class DateField(forms.DateField):
    """A date typed dd/mm/yyyy (or ISO), shown dd/mm/yyyy, in every language."""

    widget = DateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {"invalid": DATE_INVALID}


class FlagField(forms.Field):
    """A switch in a link or a hidden input: "1" is on, anything else (or nothing) off.
    (A BooleanField's checkbox widget would read "0" as on.)"""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> bool:
        return value == "1"


class OptionalIdField(forms.Field):
    """The id of a record in a query string: a positive number, else None (a hand-edited
    link shows everything rather than an error)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> int | None:
        text = str(value or "").strip()
        # ASCII digits only ("²" is a digit to str.isdigit), and few enough for the database.
        if not (text.isascii() and text.isdigit() and len(text) <= 18) or int(text) == 0:
            return None
        return int(text)


def role_choices() -> list[tuple[str, str]]:
    return [(r.value, r.label) for r in Role]


class MemberCardField(forms.CharField):
    """A member chosen by party card number, or by full name when only one member has it
    (typed with or without diacritics)."""

    def clean(self, value: Any) -> Any:
        card = super().clean(value)
        if not card:
            return None
        card = card.strip()
        link = registry.person_link()
        same_name = list(link.find(card)) if link is not None else []
        if len(same_name) == 1:
            return same_name[0]
        if same_name:
            raise forms.ValidationError(
                str(MEMBER_AMBIGUOUS).format(n=len(same_name), name=card))
        raise forms.ValidationError(str(MEMBER_NOT_FOUND).format(card=card))


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    roles = forms.MultipleChoiceField(label=_("Vai trò"), choices=role_choices,
                                      widget=forms.CheckboxSelectMultiple, required=False)
    member = MemberCardField(
        label=_("Gắn với đảng viên (số thẻ hoặc họ tên)"), required=False, max_length=120,
        help_text=_("Để trống nếu tài khoản không gắn với đảng viên nào."),
    )


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    roles = forms.MultipleChoiceField(label=_("Vai trò"), choices=role_choices,
                                      widget=forms.CheckboxSelectMultiple, required=False)
    member = MemberCardField(
        label=_("Gắn với đảng viên (số thẻ hoặc họ tên)"), required=False, max_length=120,
        help_text=_("Để trống để bỏ gắn."),
    )


class PageForm(forms.Form):
    """What a list page reads beside its filters: the page number (anything unreadable is
    the first page) and `format` (a file instead of the page)."""

    # Bounded: a page of 30 nines is an OFFSET no database takes (SQLite: a 500).
    page = forms.IntegerField(required=False, min_value=1, max_value=10**9)
    format = forms.CharField(required=False, max_length=10)

    def page_number(self) -> int:
        self.is_valid()
        return self.cleaned_data.get("page") or 1

    def file_format(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("format") or ""


class UserFilterForm(forms.Form):
    """The account list's search box and its active / locked select."""

    q = forms.CharField(required=False, max_length=150)
    active = forms.ChoiceField(required=False, choices=[("", ""), ("1", ""), ("0", "")])

    def active_state(self) -> bool | None:
        """True, False, or None for every account."""
        return {"1": True, "0": False}.get(self.cleaned_data.get("active", ""))


class UserActiveForm(forms.Form):
    """Lock ("0") or reopen ("1") an account: anything but "1" locks, as the lock button posts."""

    active = FlagField()

    def reopens(self) -> bool:
        return self.is_valid() and bool(self.cleaned_data["active"])


class AuditFilterForm(forms.Form):
    actor = forms.TypedChoiceField(label=_("Người thực hiện"), required=False, coerce=int,
                                   empty_value=None)
    type = forms.TypedChoiceField(label=_("Loại bản ghi"), required=False, coerce=int,
                                  empty_value=None)
    action = forms.ChoiceField(label=_("Loại"), required=False)
    date_from = DateField(label=_("Từ ngày"), required=False)
    date_to = DateField(label=_("Đến ngày"), required=False)
    q = forms.CharField(label=_("Tên bản ghi có chứa"), required=False, max_length=100)

    def __init__(self, *args: Any, type_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from daihoi.core.models import AuditLog, User

        actor_field = self.fields["actor"]
        assert isinstance(actor_field, forms.TypedChoiceField)
        actor_field.choices = [("", _("Tất cả"))] + [
            (str(u.pk), f"{u} ({u.username})") for u in User.objects.order_by("username")
        ]
        type_field = self.fields["type"]
        assert isinstance(type_field, forms.TypedChoiceField)
        type_field.choices = [("", _("Tất cả"))] + [(str(k), v) for k, v in type_choices]
        action_field = self.fields["action"]
        assert isinstance(action_field, forms.ChoiceField)
        action_field.choices = [("", _("Tất cả")), *AuditLog.Action.choices]
