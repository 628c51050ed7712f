from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from daihoi.core.forms import DateField, DateInput, FlagField, OptionalIdField
from daihoi.core.imports import BAD_FILE_TYPE, validate_upload_size
from daihoi.organizations.models import Member, Organization
from daihoi.organizations.selectors import organization_choices

NO_FILE = _("Hãy chọn một tệp .xlsx hoặc .csv.")
UPLOAD_SUFFIXES = (".xlsx", ".xlsm", ".csv")


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
    date_of_birth = DateField(label=_("Ngày sinh"), widget=DateInput())
    ethnicity = forms.CharField(label=_("Dân tộc"), max_length=40, initial="Kinh")
    organization = OrgChoiceField(label=_("Chi bộ / tổ chức"))
    admission_date = DateField(label=_("Ngày vào Đảng (ngày quyết định kết nạp)"),
                                     widget=DateInput())
    # Optional: the decision is often recorded before the cell holds the ceremony.
    ceremony_date = DateField(
        label=_("Ngày tổ chức lễ kết nạp"), widget=DateInput(), required=False,
        help_text=_("Để trống nếu chi bộ chưa tổ chức lễ kết nạp; ghi sau ở trang đảng viên."),
    )
    position = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)
    education = forms.CharField(label=_("Trình độ chuyên môn"), max_length=80, required=False)
    political_theory = forms.CharField(label=_("Lý luận chính trị"), max_length=40, required=False)
    religion = forms.CharField(label=_("Tôn giáo"), max_length=40, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    # Shown only when the service finds a member of the same name, date of birth and
    # organization (`ask_if_distinct`): the clerk confirms it is another person.
    confirmed_distinct = forms.BooleanField(
        label=_("Tôi xác nhận đây là một người khác, không phải đảng viên đã có"),
        required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _with_orgs(self, "organization")

    def ask_if_distinct(self) -> None:
        self.fields["confirmed_distinct"].widget = forms.CheckboxInput()


class MemberEditForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    gender = forms.ChoiceField(label=_("Giới tính"), choices=Member.Gender.choices)
    date_of_birth = DateField(label=_("Ngày sinh"), widget=DateInput())
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
    ceremony_date = DateField(label=_("Ngày tổ chức lễ kết nạp"), widget=DateInput())


class TransferForm(forms.Form):
    to_organization = OrgChoiceField(label=_("Chuyển đến tổ chức"))
    on = DateField(label=_("Ngày chuyển"), widget=DateInput())
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _with_orgs(self, "to_organization")


class CorrectForm(forms.Form):
    """Đính chính: the admission date or the organization, recorded wrong."""

    admission_date = DateField(label=_("Ngày vào Đảng (đúng)"), required=False)
    organization = OrgChoiceField(label=_("Tổ chức đang sinh hoạt (đúng)"), required=False)
    reason = forms.CharField(label=_("Lý do đính chính"), max_length=255,
                             help_text=_("Ví dụ: nhập nhầm; theo Quyết định kết nạp số …"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _with_orgs(self, "organization")


class TransferOutForm(forms.Form):
    destination = forms.CharField(label=_("Nơi chuyển đến (ngoài Đảng bộ)"), max_length=255)
    on = DateField(label=_("Ngày chuyển"), widget=DateInput())
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class LeaveForm(forms.Form):
    on = DateField(label=_("Ngày"), widget=DateInput())


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Tên tổ chức"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=80, required=False)
    kind = forms.ChoiceField(label=_("Loại hình"), choices=Organization.Kind.choices)
    parent = OrgChoiceField(label=_("Trực thuộc"))
    host_kind = forms.ChoiceField(label=_("Loại hình đơn vị"), required=False,
                                  choices=[("", "—"), *Organization.HostKind.choices])
    established_on = DateField(label=_("Ngày thành lập"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _with_orgs(self, "parent")


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Tên mới"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=80, required=False)
    host_kind = forms.ChoiceField(label=_("Loại hình đơn vị"), required=False,
                                  choices=[("", "—"), *Organization.HostKind.choices])
    established_on = DateField(label=_("Ngày thành lập"), required=False, widget=DateInput())


class MoveForm(forms.Form):
    new_parent = OrgChoiceField(label=_("Chuyển về trực thuộc"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _with_orgs(self, "new_parent")


class DissolveForm(forms.Form):
    on = DateField(label=_("Ngày giải thể"), widget=DateInput())


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=1930, max_value=2200)
    planned = forms.IntegerField(label=_("Chỉ tiêu kết nạp"), min_value=0, widget=forms.NumberInput(
        attrs={"placeholder": _("số đảng viên"), "aria-label": _("Chỉ tiêu kết nạp")}))


class RegisterQuery(forms.Form):
    """What the register's pages read from their query string: the member list's filters
    (q, org, status: the exports take the same, so a file is what the list shows), the
    page, the tree's switch for dissolved organizations, the organization a new record
    goes under (parent, org), the format of an export and where to go back after an
    action (next). Every field is lenient: a hand-edited link never gets an error."""

    q = forms.CharField(required=False)
    org = OptionalIdField()
    parent = OptionalIdField()
    status = forms.CharField(required=False, strip=False)
    # Given to the paginator as typed: it reads an unreadable page as the first.
    page = forms.CharField(required=False)
    dissolved = FlagField()
    format = forms.CharField(required=False)
    next = forms.CharField(required=False, strip=False)

    @classmethod
    def read(cls, data: Any) -> dict[str, Any]:
        form = cls(data)
        form.is_valid()
        # A field the form refused (a NUL character in q) reads as left empty.
        return {name: form.cleaned_data[name] if name in form.cleaned_data else field.to_python(None)
                for name, field in form.fields.items()}

    @staticmethod
    def safe_next(value: str, *, host: str) -> str:
        """`next` when it stays on this site, else "" (no open redirect)."""
        if value and url_has_allowed_host_and_scheme(value, allowed_hosts={host}):
            return value
        return ""


class UploadForm(forms.Form):
    """The spreadsheet of an import. Its rows are checked by the import itself (as a job);
    here only that a file of a readable type came, under the size cap
    (settings.DAIHOI_IMPORT_MAX_BYTES): a larger one never reaches the job's table."""

    file = forms.FileField(allow_empty_file=True, error_messages={"required": NO_FILE},
                           validators=[validate_upload_size])

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in UPLOAD_SUFFIXES:
            raise forms.ValidationError(str(BAD_FILE_TYPE))
        return upload

    def error(self) -> str:
        """The one message the page shows under the file field."""
        messages = self.errors.get("file") or [""]
        return str(messages[0])
