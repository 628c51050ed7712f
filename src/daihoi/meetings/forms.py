"""Input of the meetings pages, parsed here (views give request data to these forms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.core.imports import validate_upload_size
from daihoi.meetings.models import (
    Attendance,
    Comment,
    Committee,
    CommitteeMember,
    Conference,
    ConferenceVoteAnswer,
    Discipline,
    Inspection,
    Invitation,
)

DRAFT_SUFFIXES = (".docx", ".pdf")
BAD_DRAFT = _("Dự thảo là tệp .docx hoặc .pdf.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ConferenceForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Thời gian"), widget=DateTimeInput(),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    kind = forms.ChoiceField(label=_("Hình thức"), choices=Conference.Kind.choices)
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    chair = forms.CharField(label=_("Chủ trì"), max_length=255, required=False)
    agenda = forms.CharField(label=_("Chương trình (mỗi dòng một nội dung)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 5}))


class ConclusionForm(forms.Form):
    conclusion = forms.CharField(label=_("Kết luận Hội nghị"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 6}))
    held = forms.BooleanField(label=_("Hội nghị đã họp"), required=False)


class GuestsForm(forms.Form):
    guests = forms.CharField(label=_("Khách mời (mỗi dòng: họ tên; chức vụ)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def guest_list(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data.get("guests", "").splitlines():
            name, _sep, title = line.partition(";")
            if name.strip():
                rows.append((name.strip(), title.strip()))
        return rows


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Trả lời"), choices=[
        (Invitation.Answer.ATTENDING, _("Sẽ dự")), (Invitation.Answer.EXCUSED, _("Xin vắng"))])
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == Invitation.Answer.EXCUSED and not data.get("reason", "").strip():
            self.add_error("reason", _("Xin vắng cần ghi lý do."))
        return data


class AttendanceForm(forms.Form):
    """One choice per seat in office, named seat_<id>."""

    def __init__(self, *args: Any, seats: list[CommitteeMember], initial_marks: dict[int, str],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for seat in seats:
            self.fields[f"seat_{seat.pk}"] = forms.ChoiceField(
                label=seat.full_name, required=False, initial=initial_marks.get(seat.pk, ""),
                choices=[("", "—"), *Attendance.Status.choices])

    def marks(self) -> dict[int, str]:
        return {int(name.removeprefix("seat_")): value
                for name, value in self.cleaned_data.items() if value}


class DraftForm(forms.Form):
    title = forms.CharField(label=_("Tên dự thảo"), max_length=255)
    file = forms.FileField(label=_("Tệp dự thảo (.docx hoặc .pdf)"),
                           validators=[validate_upload_size])

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not str(upload.name).lower().endswith(DRAFT_SUFFIXES):
            raise forms.ValidationError(BAD_DRAFT)
        return upload


class VersionForm(forms.Form):
    file = forms.FileField(label=_("Tệp phiên bản mới (.docx hoặc .pdf)"),
                           validators=[validate_upload_size])
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    clean_file = DraftForm.clean_file


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Ý kiến góp ý"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=5000)


class HandleForm(forms.Form):
    handling = forms.ChoiceField(label=_("Xử lý"), choices=[
        c for c in Comment.Handling.choices if c[0] != Comment.Handling.PENDING])
    reply = forms.CharField(label=_("Trả lời / giải trình"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class PlacementForm(forms.Form):
    section = forms.TypedChoiceField(label=_("Mục trong phiên bản mới"), coerce=int,
                                     required=False, empty_value=None)

    def __init__(self, *args: Any, choices: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("(Mục đã lược bỏ)")), *choices]  # type: ignore[attr-defined]


class ConfidenceVoteForm(forms.Form):
    title = forms.CharField(label=_("Nội dung"), max_length=255,
                            initial=_("Lấy phiếu tín nhiệm giữa nhiệm kỳ"))
    subjects = forms.TypedMultipleChoiceField(label=_("Người được lấy phiếu"), coerce=int,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, seats: list[CommitteeMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subjects"].choices = [  # type: ignore[attr-defined]
            (s.pk, f"{s.full_name} – {s.get_position_display()}") for s in seats]


class ConfidenceDeviceForm(forms.Form):
    """Hold a confidence vote on device: the counting group that opens and closes it."""

    counting = forms.TypedMultipleChoiceField(label=_("Tổ kiểm phiếu"), coerce=int, required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, seats: list[CommitteeMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["counting"].choices = [(s.pk, s.full_name) for s in seats]  # type: ignore[attr-defined]


class ConfidenceCountsForm(forms.Form):
    convened = forms.IntegerField(label=_("Số được triệu tập"), min_value=0)
    present = forms.IntegerField(label=_("Số có mặt"), min_value=0)
    returned = forms.IntegerField(label=_("Số phiếu thu về"), min_value=0)

    def __init__(self, *args: Any, subjects: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subject_rows = []
        for s in subjects:
            names = []
            for level, label in (("high", _("Tín nhiệm cao")), ("medium", _("Tín nhiệm")),
                                 ("low", _("Tín nhiệm thấp"))):
                name = f"{level}_{s.pk}"
                self.fields[name] = forms.IntegerField(label=label, min_value=0,
                                                       initial=getattr(s, level))
                names.append(name)
            self.subject_rows.append((s, names))

    def cleaned_data_base(self) -> dict[str, int]:
        return {k: self.cleaned_data[k] for k in ("convened", "present", "returned")}

    def counts(self) -> dict[int, tuple[int, int, int]]:
        d = self.cleaned_data
        return {s.pk: (d[f"high_{s.pk}"], d[f"medium_{s.pk}"], d[f"low_{s.pk}"])
                for s, _n in self.subject_rows}


class DecisionForm(forms.Form):
    decided_on = forms.DateField(label=_("Ngày"), widget=DateInput())
    subject = forms.CharField(label=_("Nội dung"), max_length=500)
    reference = forms.CharField(label=_("Số văn bản"), max_length=100, required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=255)


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=Inspection.Kind.choices)
    target_member = forms.IntegerField(label=_("Mã đảng viên được kiểm tra"), required=False)
    target_organization = forms.IntegerField(label=_("Mã tổ chức được kiểm tra"), required=False)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}))
    inspectors = forms.CharField(label=_("Đoàn kiểm tra"), max_length=500, required=False)
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DateInput(), required=False)


class DisciplineForm(forms.Form):
    member = forms.IntegerField(label=_("Mã đảng viên"))
    form = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=Discipline.Form.choices)
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())
    decided_by = forms.CharField(label=_("Cấp quyết định"), max_length=255)
    reason = forms.CharField(label=_("Nội dung vi phạm"), widget=forms.Textarea(attrs={"rows": 2}))
    self_corrected = forms.BooleanField(label=_("Tự phát hiện, tự sửa chữa"), required=False)


class ElectionLinkForm(forms.Form):
    """An election the elections app holds for a committee conference (its electorate "Hội
    nghị Ban Chấp hành", no congress), held by this conference, with its counting members."""

    election = forms.TypedChoiceField(label=_("Cuộc bầu cử / biểu quyết"), coerce=int)
    counting = forms.TypedMultipleChoiceField(label=_("Tổ kiểm phiếu"), coerce=int, required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, elections: list[tuple[int, str]], seats: list[CommitteeMember],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["election"].choices = elections  # type: ignore[attr-defined]
        self.fields["counting"].choices = [(s.pk, s.full_name) for s in seats]  # type: ignore[attr-defined]


class VoteForm(forms.Form):
    question = forms.CharField(label=_("Nội dung biểu quyết"), max_length=500)
    agree = forms.IntegerField(label=_("Tán thành"), min_value=0)
    disagree = forms.IntegerField(label=_("Không tán thành"), min_value=0)
    other = forms.IntegerField(label=_("Ý kiến khác"), min_value=0, initial=0)


class DeviceVoteForm(forms.Form):
    question = forms.CharField(label=_("Nội dung biểu quyết"), max_length=500)


class VoteAnswerForm(forms.Form):
    choice = forms.ChoiceField(choices=ConferenceVoteAnswer.Choice.choices)


class CommitteeForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Tổ chức đảng"), coerce=int)
    kind = forms.ChoiceField(label=_("Loại"), choices=Committee.Kind.choices)
    name = forms.CharField(label=_("Tên"), max_length=255)
    term = forms.CharField(label=_("Nhiệm kỳ"), max_length=40, initial="2025–2030")
    term_starts_on = forms.DateField(label=_("Bắt đầu nhiệm kỳ"), widget=DateInput())
    election = forms.TypedChoiceField(label=_("Ủy viên lấy từ cuộc bầu cử"), coerce=int,
                                      required=False, empty_value=None)
    previous = forms.TypedChoiceField(label=_("Nhiệm kỳ trước"), coerce=int, required=False,
                                      empty_value=None)

    def __init__(self, *args: Any, organizations: list[tuple[int, str]],
                 elections: list[tuple[int, str]], committees: list[tuple[int, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = organizations  # type: ignore[attr-defined]
        self.fields["election"].choices = [("", "—"), *elections]  # type: ignore[attr-defined]
        self.fields["previous"].choices = [("", "—"), *committees]  # type: ignore[attr-defined]


class SeatForm(forms.Form):
    member = forms.IntegerField(label=_("Mã đảng viên"), required=False)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    position = forms.ChoiceField(label=_("Chức danh"), choices=CommitteeMember.Position.choices,
                                 initial=CommitteeMember.Position.MEMBER)
    joined_on = forms.DateField(label=_("Từ ngày"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("member") and not (data.get("full_name") or "").strip():
            raise forms.ValidationError(_("Nhập mã đảng viên hoặc họ và tên."))
        return data
