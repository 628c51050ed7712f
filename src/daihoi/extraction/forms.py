"""Input of the extraction pages, parsed by forms."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.core.imports import validate_upload_size
from daihoi.extraction.mapping import FIELDS
from daihoi.extraction.models import QUALIFIERS, Article, CongressRecord, Level

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
BATCH_SUFFIXES = (".zip", *ARTICLE_SUFFIXES)
BAD_ARTICLE_TYPE = _("Chỉ nhận tệp .txt, .html hoặc .htm.")
BAD_BATCH_TYPE = _("Chỉ nhận tệp .zip hoặc các tệp .txt, .html.")
NO_FILES = _("Hãy chọn một tệp .zip hoặc các tệp bài báo.")
BAD_JSON = _("Không đọc được danh sách (JSON): {error}")
BAD_TERM = _("Năm kết thúc nhiệm kỳ phải sau năm bắt đầu.")


class ArticleForm(forms.Form):
    text = forms.CharField(
        label=_("Dán nội dung bài báo"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    file = forms.FileField(
        label=_("hoặc chọn tệp (.txt, .html)"), required=False, validators=[validate_upload_size]
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and Path(upload.name or "").suffix.lower() not in ARTICLE_SUFFIXES:
            raise forms.ValidationError(str(BAD_ARTICLE_TYPE))
        return upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class BatchForm(forms.Form):
    articles = MultipleFileField(label=_("Tệp .zip, hoặc các tệp bài báo của một thư mục"), required=False)

    def clean_articles(self) -> Any:
        files = self.cleaned_data.get("articles") or []
        if not files:
            raise forms.ValidationError(str(NO_FILES))
        for upload in files:
            validate_upload_size(upload)
            if Path(upload.name or "").suffix.lower() not in BATCH_SUFFIXES:
                raise forms.ValidationError(str(BAD_BATCH_TYPE))
        return files


class QueueForm(forms.Form):
    status = forms.ChoiceField(choices=[("", _("Tất cả")), *Article.Status.choices], required=False)
    batch = forms.IntegerField(required=False, min_value=1)


class JsonListField(forms.CharField):
    """A list of objects typed as JSON (targets, guests)."""

    widget = forms.Textarea(attrs={"rows": 4, "class": "mono"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return json.dumps(value, ensure_ascii=False, indent=1)
        return value

    def to_python(self, value: Any) -> Any:
        if isinstance(value, list):
            return value
        if not value or not str(value).strip():
            return []
        try:
            data = json.loads(value)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(str(BAD_JSON).format(error=error.msg)) from error
        if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
            raise forms.ValidationError(str(BAD_JSON).format(error="[{...}, ...]"))
        return data


class RecordForm(forms.ModelForm):
    targets = JsonListField(label=_("Chỉ tiêu"), required=False)
    guests = JsonListField(label=_("Khách mời"), required=False)
    correction_note = forms.CharField(
        label=_("Ghi chú về những gì đã sửa"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = CongressRecord
        fields = list(FIELDS)
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in ("start_date", "end_date", "published")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (
            "delegates_qualifier",
            "members_qualifier",
            "grassroots_qualifier",
            "admissions_qualifier",
        ):
            self.fields[name].choices = QUALIFIERS  # type: ignore[attr-defined]
            self.fields[name].label = _("mức")
        self.fields["level"].choices = [("", "—"), *Level.choices]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        a, b = data.get("term_start"), data.get("term_end")
        if a and b and b <= a:
            self.add_error("term_end", str(BAD_TERM))
        return data


class CompareForm(forms.Form):
    level = forms.ChoiceField(label=_("Cấp"), choices=[("", _("Tất cả")), *Level.choices], required=False)
    term = forms.IntegerField(label=_("Nhiệm kỳ từ năm"), required=False, min_value=1900, max_value=2200)
    format = forms.ChoiceField(choices=[("", "html"), ("xlsx", "xlsx")], required=False)
