"""What happens in the hall: agenda, documents, votes (biểu quyết), the resolution and its
targets, the discussion (tham luận) and the state the big screen shows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from daihoi.rules.percent import percent


class AgendaItem(models.Model):
    """One item of the congress programme (chương trình Đại hội)."""

    class Kind(models.TextChoices):
        PROCEDURE = "procedure", _("Thủ tục")
        REPORT = "report", _("Báo cáo")
        DISCUSSION = "discussion", _("Thảo luận")
        VOTE = "vote", _("Biểu quyết")
        ELECTION = "election", _("Bầu cử")

    congress = models.ForeignKey("congress.Congress", on_delete=models.CASCADE,
                                 related_name="agenda_items")
    session = models.ForeignKey("congress.CongressSession", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="agenda_items",
                                verbose_name=_("Phiên"))
    order = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)
    title = models.CharField(_("Nội dung"), max_length=255)
    kind = models.CharField(_("Loại"), max_length=20, choices=Kind.choices, default=Kind.PROCEDURE)
    presenter = models.CharField(_("Người trình bày / điều hành"), max_length=255, blank=True)
    planned_start = models.TimeField(_("Giờ dự kiến"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("Thời lượng (phút)"), default=15)

    class Meta:
        ordering = ["congress", "order", "id"]
        verbose_name = _("Mục chương trình")
        verbose_name_plural = _("Chương trình Đại hội")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Hall(models.Model):
    """What the hall sees now: one row per congress, read by the big screen every 2 s
    (one query with its joins), changed by the secretariat and presidium."""

    congress = models.OneToOneField("congress.Congress", on_delete=models.CASCADE,
                                    related_name="hall")
    current_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("Mục đang diễn ra"))
    current_speech = models.ForeignKey("Speech", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+", verbose_name=_("Người đang phát biểu"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Trạng thái hội trường")

    def __str__(self) -> str:
        return f"Hội trường – {self.congress_id}"


class Document(models.Model):
    """A congress document; each upload is a new `DocumentVersion`, the latest shown."""

    class Kind(models.TextChoices):
        POLITICAL_REPORT = "political_report", _("Báo cáo chính trị")
        REVIEW_REPORT = "review_report", _("Báo cáo kiểm điểm của Ban Chấp hành")
        DRAFT_RESOLUTION = "draft_resolution", _("Dự thảo Nghị quyết")
        CONTRIBUTIONS = "contributions", _("Kỷ yếu tham luận")
        OTHER = "other", _("Tài liệu khác")

    congress = models.ForeignKey("congress.Congress", on_delete=models.CASCADE,
                                 related_name="documents")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="documents", verbose_name=_("Mục chương trình"))
    title = models.CharField(_("Tên tài liệu"), max_length=255)
    kind = models.CharField(_("Loại"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["congress", "kind", "title"]
        verbose_name = _("Tài liệu Đại hội")
        verbose_name_plural = _("Tài liệu Đại hội")

    def __str__(self) -> str:
        return self.title


def _version_path(instance: DocumentVersion, filename: str) -> str:
    # Outside any public URL: served only by the permission-checked download view.
    suffix = PurePosixPath(filename).suffix.lower()
    doc = instance.document
    return f"congress/{doc.congress_id}/documents/{doc.pk}/v{instance.number}{suffix}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("Phiên bản"))
    file = models.FileField(_("Tệp"), upload_to=_version_path, max_length=255)
    original_name = models.CharField(_("Tên tệp gốc"), max_length=255)
    size = models.PositiveIntegerField(_("Dung lượng (byte)"))
    note = models.CharField(_("Ghi chú"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"],
                                               name="document_version_once")]
        verbose_name = _("Phiên bản tài liệu")

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class Vote(models.Model):
    """A vote of the congress by show of hands or from the delegates' devices (open vote).

    Keeps what the minutes need: counts, the number present and the base at the time,
    when and by whom (RULES.md, Congress and votes)."""

    class Subject(models.TextChoices):
        AGENDA = "agenda", _("Thông qua chương trình Đại hội")
        BODY = "body", _("Thông qua cơ quan giúp việc Đại hội")
        COMMITTEE_SIZE = "committee_size", _("Số lượng cấp ủy viên khóa mới")
        CANDIDATE_LIST = "candidate_list", _("Danh sách bầu cử")
        RESOLUTION = "resolution", _("Thông qua Nghị quyết Đại hội")
        OTHER = "other", _("Nội dung khác")

    class Mode(models.TextChoices):
        HANDS = "hands", _("Giơ tay (Đoàn Thư ký nhập số)")
        DEVICE = "device", _("Trên thiết bị của đại biểu")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Chưa biểu quyết")
        OPEN = "open", _("Đang biểu quyết")
        CLOSED = "closed", _("Đã có kết quả")

    congress = models.ForeignKey("congress.Congress", on_delete=models.CASCADE, related_name="votes")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="votes", verbose_name=_("Mục chương trình"))
    subject = models.CharField(_("Nội dung biểu quyết"), max_length=20, choices=Subject.choices)
    title = models.CharField(_("Tiêu đề"), max_length=255)
    body = models.ForeignKey("congress.Body", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="votes", verbose_name=_("Cơ quan được thông qua"))
    # The figure decided, for votes on a number ("Số lượng Ban Chấp hành khóa mới: 28").
    number = models.PositiveIntegerField(_("Số lượng biểu quyết"), null=True, blank=True)
    mode = models.CharField(_("Hình thức"), max_length=10, choices=Mode.choices, default=Mode.HANDS)
    status = models.CharField(_("Trạng thái"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    agree = models.PositiveIntegerField(_("Tán thành"), null=True, blank=True)
    disagree = models.PositiveIntegerField(_("Không tán thành"), null=True, blank=True)
    other = models.PositiveIntegerField(_("Ý kiến khác"), null=True, blank=True)
    present = models.PositiveIntegerField(_("Có mặt"), null=True, blank=True)
    base = models.PositiveIntegerField(_("Tổng số đại biểu được triệu tập (cơ sở tính)"),
                                       null=True, blank=True)
    adopted = models.BooleanField(_("Được thông qua"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    recorded_at = models.DateTimeField(_("Thời điểm"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["congress", "created_at", "id"]
        indexes = [models.Index(fields=["congress", "status", "recorded_at"])]
        verbose_name = _("Biểu quyết")
        verbose_name_plural = _("Biểu quyết")

    def __str__(self) -> str:
        return self.title

    @property
    def percent_agree(self) -> Decimal | None:
        if self.agree is None or not self.base or self.base < 1:
            return None
        return percent(self.agree, self.base)


class DeviceVote(models.Model):
    """One delegate's answer in an open vote by device (not secret: the link is kept)."""

    class Choice(models.TextChoices):
        AGREE = "agree", _("Tán thành")
        DISAGREE = "disagree", _("Không tán thành")
        OTHER = "other", _("Ý kiến khác")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="device_votes")
    delegate = models.ForeignKey("congress.Delegate", on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=10, choices=Choice.choices)
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "delegate"],
                                               name="device_vote_once_per_delegate")]
        verbose_name = _("Phiếu biểu quyết trên thiết bị")

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.delegate_id}: {self.choice}"


class Resolution(models.Model):
    """The congress resolution (Nghị quyết Đại hội): draft, then adopted by a vote."""

    congress = models.OneToOneField("congress.Congress", on_delete=models.CASCADE,
                                    related_name="resolution")
    title = models.CharField(_("Tiêu đề"), max_length=255)
    text = models.TextField(_("Nội dung"), blank=True)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("Tệp nghị quyết"))
    vote = models.ForeignKey(Vote, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("Biểu quyết thông qua"))

    class Meta:
        verbose_name = _("Nghị quyết Đại hội")

    def __str__(self) -> str:
        return self.title

    @property
    def adopted(self) -> bool:
        return bool(self.vote_id and self.vote and self.vote.adopted)


def _contribution_path(instance: Contribution, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    return f"congress/{instance.congress_id}/contributions/{stamp}{suffix}"


class Contribution(models.Model):
    """A written contribution to the discussion (bài tham luận)."""

    congress = models.ForeignKey("congress.Congress", on_delete=models.CASCADE,
                                 related_name="contributions")
    title = models.CharField(_("Tiêu đề"), max_length=255)
    author = models.CharField(_("Tác giả"), max_length=255)
    organization = models.ForeignKey("organizations.Organization", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("Tổ chức cơ sở đảng"))
    delegate = models.ForeignKey("congress.Delegate", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="contributions")
    text = models.TextField(_("Nội dung"), blank=True)
    file = models.FileField(_("Tệp đính kèm"), upload_to=_contribution_path, blank=True,
                            max_length=255)
    original_name = models.CharField(_("Tên tệp gốc"), max_length=255, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["congress", "submitted_at", "id"]
        verbose_name = _("Bài tham luận")
        verbose_name_plural = _("Bài tham luận")

    def __str__(self) -> str:
        return self.title


class Speech(models.Model):
    """A place in the speakers' queue: asked for from a device, or put there by the
    presidium; `position` orders the queue."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Xin phát biểu")
        QUEUED = "queued", _("Trong danh sách phát biểu")
        SPEAKING = "speaking", _("Đang phát biểu")
        DONE = "done", _("Đã phát biểu")
        DECLINED = "declined", _("Không bố trí")

    congress = models.ForeignKey("congress.Congress", on_delete=models.CASCADE,
                                 related_name="speeches")
    speaker = models.CharField(_("Người phát biểu"), max_length=255)
    affiliation = models.CharField(_("Đơn vị"), max_length=255, blank=True)
    delegate = models.ForeignKey("congress.Delegate", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    contribution = models.ForeignKey(Contribution, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="speeches")
    topic = models.CharField(_("Nội dung"), max_length=255, blank=True)
    position = models.PositiveIntegerField(_("Thứ tự"), default=0)
    minutes = models.PositiveSmallIntegerField(_("Thời gian (phút)"), default=7)
    status = models.CharField(_("Trạng thái"), max_length=12, choices=Status.choices,
                              default=Status.QUEUED)
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["congress", "position", "id"]
        verbose_name = _("Lượt phát biểu")
        verbose_name_plural = _("Danh sách phát biểu")

    def __str__(self) -> str:
        return self.speaker

    def ends_at(self) -> dt.datetime | None:
        if self.started_at is None:
            return None
        return self.started_at + dt.timedelta(minutes=self.minutes)
