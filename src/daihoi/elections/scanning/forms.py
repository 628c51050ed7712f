from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.elections.models import CountingGroup

MAX_SCAN_BYTES = 200 * 1024 * 1024
ERR_TOO_BIG = _("Tệp quét quá lớn (tối đa 200 MB).")


class UploadForm(forms.Form):
    group = forms.ModelChoiceField(queryset=CountingGroup.objects.none(),
                                   label=_("Hòm phiếu (tổ kiểm phiếu)"))
    file = forms.FileField(label=_("Tệp quét (PDF nhiều trang, PNG, JPEG hoặc TIFF)"))

    def __init__(self, *args: object, round_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["group"].queryset = CountingGroup.objects.filter(  # type: ignore[attr-defined]
            round_id=round_id, mode=CountingGroup.Mode.BALLOTS)

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_SCAN_BYTES:
            raise forms.ValidationError(ERR_TOO_BIG)
        return upload


class ReviewQuery(forms.Form):
    ballot = forms.IntegerField(required=False, min_value=1)


class DecisionForm(forms.Form):
    ballot = forms.IntegerField(min_value=1)
    marks = forms.CharField(required=False, label=_("Dòng gạch tên"))
    unstamped = forms.BooleanField(required=False, label=_("Không có dấu"))
    identifying_mark = forms.BooleanField(required=False, label=_("Có dấu hiệu nhận biết"))
    write_in = forms.BooleanField(required=False, label=_("Ghi thêm tên"))
    not_ballot = forms.BooleanField(required=False, label=_("Không phải phiếu của lần bầu"))

    def clean_marks(self) -> list[int]:
        text = self.cleaned_data["marks"] or ""
        try:
            return sorted({int(p) for p in text.replace(",", " ").split()})
        except ValueError:
            raise forms.ValidationError(_("Số dòng không hợp lệ.")) from None
