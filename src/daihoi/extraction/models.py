"""Articles read by the reader, and the congresses on record that the office saved from them.

A `CongressRecord` is lighter than `congress.Congress`: a congress held before daihoi (or
by another organization) is known only by the figures an article gives, every one of
which may be missing. The congresses held in daihoi are read from the congress app's
selectors on the comparison page, never copied here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

OTHER_KIND = _("Tin khác")
QUALIFIERS = [("exact", _("đúng")), ("more_than", _("hơn")), ("nearly", _("gần")), ("about", _("khoảng"))]


class Level(models.TextChoices):
    CENTRAL = "central", _("Trực thuộc Trung ương")
    PROVINCE = "province", pgettext_lazy("level", "Tỉnh, thành phố")
    UPPER = "upper_grassroots", _("Cấp trên cơ sở")
    GRASSROOTS = "grassroots", _("Cơ sở")


class Batch(models.Model):
    """A folder or zip of articles read in the worker into the review queue."""

    name = models.CharField(_("Tệp"), max_length=255)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Lô bài báo")

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """One article: its text as the reader cleaned it (what the spans index), and the
    record the reader proposed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        SAVED = "saved", _("Đã lưu hồ sơ")
        DISMISSED = "dismissed", _("Bỏ qua")

    title = models.CharField(_("Tiêu đề"), max_length=300, blank=True)
    filename = models.CharField(_("Tên tệp"), max_length=255, blank=True)
    text = models.TextField(_("Nội dung"))
    proposed = models.JSONField(_("Bản ghi đề xuất"), default=dict)
    spans = models.JSONField(default=dict)
    status = models.CharField(_("Trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING)
    batch = models.ForeignKey(
        Batch, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Bài báo")

    def __str__(self) -> str:
        return self.title or self.filename or f"#{self.pk}"

    @property
    def kind_label(self) -> str:
        """What the reader took the article for, in words."""
        kind = (self.proposed or {}).get("kind")
        if kind in CongressRecord.Kind.values:
            return str(CongressRecord.Kind(kind).label)
        return str(OTHER_KIND)


class CongressRecord(models.Model):
    """A congress (or committee conference) on record, with the figures its article gave."""

    class Kind(models.TextChoices):
        CONGRESS = "congress", _("Đại hội")
        CONFERENCE = "committee_conference", _("Hội nghị Ban Chấp hành")

    kind = models.CharField(_("Loại"), max_length=30, choices=Kind.choices, default=Kind.CONGRESS)
    organization_name = models.CharField(_("Tổ chức đảng"), max_length=300)
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Tổ chức trong hệ thống"),
    )
    level = models.CharField(_("Cấp"), max_length=20, choices=Level.choices, blank=True)
    province = models.CharField(_("Tỉnh, thành phố"), max_length=80, blank=True)
    ordinal = models.PositiveSmallIntegerField(_("Lần thứ"), null=True, blank=True)
    term_start = models.PositiveSmallIntegerField(_("Nhiệm kỳ từ năm"), null=True, blank=True)
    term_end = models.PositiveSmallIntegerField(_("Nhiệm kỳ đến năm"), null=True, blank=True)
    start_date = models.DateField(_("Từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("Đến ngày"), null=True, blank=True)
    published = models.DateField(_("Ngày đăng bài"), null=True, blank=True)
    source = models.CharField(_("Nguồn"), max_length=200, blank=True)
    delegates_official = models.PositiveIntegerField(_("Đại biểu chính thức"), null=True, blank=True)
    delegates_qualifier = models.CharField(max_length=12, choices=QUALIFIERS, default="exact")
    members_represented = models.PositiveIntegerField(_("Đảng viên đại diện"), null=True, blank=True)
    members_qualifier = models.CharField(max_length=12, choices=QUALIFIERS, default="exact")
    grassroots_organizations = models.PositiveIntegerField(_("Tổ chức cơ sở đảng"), null=True, blank=True)
    grassroots_qualifier = models.CharField(max_length=12, choices=QUALIFIERS, default="exact")
    committee_elected = models.PositiveSmallIntegerField(
        _("Ban Chấp hành (số được bầu)"), null=True, blank=True
    )
    standing_committee_elected = models.PositiveSmallIntegerField(
        _("Ban Thường vụ (số được bầu)"), null=True, blank=True
    )
    secretary_name = models.CharField(_("Bí thư được bầu"), max_length=120, blank=True)
    secretary_reelected = models.BooleanField(_("Bí thư tái đắc cử"), null=True, blank=True)
    delegation_official = models.PositiveSmallIntegerField(
        _("Đoàn đại biểu: chính thức"), null=True, blank=True
    )
    delegation_alternate = models.PositiveSmallIntegerField(
        _("Đoàn đại biểu: dự khuyết"), null=True, blank=True
    )
    admissions_in_term = models.PositiveIntegerField(_("Kết nạp trong nhiệm kỳ"), null=True, blank=True)
    admissions_qualifier = models.CharField(max_length=12, choices=QUALIFIERS, default="exact")
    targets = models.JSONField(_("Chỉ tiêu"), default=list, blank=True)
    guests = models.JSONField(_("Khách mời"), default=list, blank=True)
    article = models.OneToOneField(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="record",
        verbose_name=_("Bài báo"),
    )
    corrections = models.JSONField(_("Đã sửa so với đề xuất"), default=dict, blank=True)
    correction_note = models.TextField(_("Ghi chú sửa"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-term_start", "organization_name"]
        verbose_name = _("Đại hội đã ghi nhận")

    def __str__(self) -> str:
        term = f" {self.term_start}-{self.term_end}" if self.term_start else ""
        return f"{self.organization_name}{term}"
