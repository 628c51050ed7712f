from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.portal.models import Article, Banner, Category, Contact, Event, Page

PHOTO_SLOTS = 3
BANNER_LINK = _("Liên kết bắt đầu bằng https://, http:// hoặc / (một trang của cổng).")
WIDE = "width:100%;max-width:60em"
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["category", "title", "summary", "body", "author", "source", "status", "publish_at"]
        widgets = {
            "title": forms.TextInput(attrs={"style": WIDE}),
            "source": forms.TextInput(attrs={"style": WIDE}),
            "summary": forms.Textarea(attrs={"rows": 3, "style": WIDE}),
            "body": forms.Textarea(attrs={"rows": 18, "style": WIDE}),
            "publish_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
        help_texts = {
            "body": _(
                "HTML: đoạn văn, tiêu đề, danh sách, liên kết, bảng. "
                "Mã lệnh và thuộc tính sự kiện bị loại bỏ khi lưu."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["publish_at"]
        field.input_formats = DATETIME_FORMATS
        for i in range(1, PHOTO_SLOTS + 1):
            self.fields[f"photo_{i}"] = forms.ImageField(label=_("Ảnh %(n)s") % {"n": i}, required=False)
            self.fields[f"caption_{i}"] = forms.CharField(
                label=_("Chú thích ảnh %(n)s") % {"n": i}, max_length=300, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(1, PHOTO_SLOTS + 1):
            if data.get(f"photo_{i}") and not data.get(f"caption_{i}"):
                self.add_error(f"caption_{i}", _("Ảnh cần có chú thích (cũng là mô tả cho người khiếm thị)."))
        return data

    def article_data(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}

    def photos(self) -> list[tuple[bytes, str, str]]:
        out = []
        for i in range(1, PHOTO_SLOTS + 1):
            f = self.cleaned_data.get(f"photo_{i}")
            if f:
                f.seek(0)
                out.append((f.read(), f.name, self.cleaned_data[f"caption_{i}"]))
        return out


class ArticleFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *Article.Status.choices]
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), max_length=200, required=False)


class PageNumberForm(forms.Form):
    page = forms.IntegerField(min_value=1, required=False)


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Đánh giá"), coerce=int, choices=[(i, str(i)) for i in range(1, 6)]
    )


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=120)
    email = forms.EmailField(label=_("Thư điện tử (không hiển thị)"))
    text = forms.CharField(label=_("Ý kiến"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))
    # The honeypot: hidden from people (CSS and aria-hidden), filled by many bots.
    website = forms.CharField(label=_("Để trống ô này"), required=False)


class StateForm(forms.Form):
    a = forms.IntegerField(required=False, min_value=1)
    hit = forms.BooleanField(required=False)


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Duyệt")), ("reject", _("Không duyệt"))])


class DraftForm(forms.Form):
    congress: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Đại hội đã bế mạc"), queryset=None
    )
    category = forms.ModelChoiceField(label=_("Chuyên mục"), queryset=Category.objects.all())

    def __init__(self, *args: Any, congresses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = congresses  # type: ignore[attr-defined]


class BannerForm(forms.ModelForm):
    class Meta:
        model = Banner
        fields = ["text", "link", "active", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def clean_link(self) -> str:
        link = str(self.cleaned_data.get("link") or "").strip()
        if link and not (
            link.startswith(("https://", "http://")) or (link.startswith("/") and not link.startswith("//"))
        ):
            raise forms.ValidationError(BANNER_LINK)
        return link


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title", "slug", "body", "order"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["page", "full_name", "title", "phone", "email", "order"]


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["title", "starts_at", "place", "description"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["starts_at"]
        field.input_formats = DATETIME_FORMATS


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "slug", "order", "on_front"]
