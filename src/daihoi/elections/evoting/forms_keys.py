"""The counting committee's choice of the trustees of a round's key and of its threshold k
(ceremony.ceremony_start decides what is allowed; this only parses)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.core.models import User


class CeremonyForm(forms.Form):
    trustees = forms.TypedMultipleChoiceField(
        label=_("Thành viên giữ khóa"), coerce=int, widget=forms.CheckboxSelectMultiple,
        help_text=_("Mỗi người tạo phần khóa của mình trên điện thoại của mình."))
    threshold = forms.IntegerField(
        label=_("Số người cần để giải mã kết quả"), required=False, min_value=2,
        help_text=_("Mặc định: quá nửa số người giữ khóa. Mất một điện thoại không làm mất kết quả."))
    # Set by the confirmation page (elections/confirm.html): the step is asked first.

    def __init__(self, *args: Any, candidates: Sequence[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.users = {u.pk: u for u in candidates}
        field = self.fields["trustees"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(u.pk, str(u)) for u in candidates]
        field.initial = [u.pk for u in candidates]

    def chosen(self) -> list[User]:
        return [self.users[pk] for pk in self.cleaned_data["trustees"]]


class TrackerForm(forms.Form):
    """A tracker to find on the board, as the delegate's screen shows it (groups of four)
    or whole: its hex digits, eight at least so that a search does not list the board."""

    t = forms.CharField(required=False, max_length=100)

    def digits(self) -> str:
        if not self.is_valid():
            return ""
        text = self.cleaned_data["t"].lower()
        digits = "".join(ch for ch in text if ch in "0123456789abcdef")[:64]
        return digits if len(digits) >= 8 else ""
