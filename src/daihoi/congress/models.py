from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def roman(number: int) -> str:
    """Congress ordinals are read in Roman numerals: 18 -> "XVIII"."""
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = []
    for value, letters in numerals:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


class Congress(models.Model):
    """One congress of one organization (Đại hội đại biểu / Đại hội đảng viên)."""

    class Kind(models.TextChoices):
        DELEGATES = "delegates", _("Đại hội đại biểu")
        MEMBERS = "members", _("Đại hội đảng viên")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Chuẩn bị")
        IN_SESSION = "in_session", _("Đang diễn ra")
        CLOSED = "closed", _("Đã bế mạc")

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="congresses",
        verbose_name=_("Đảng bộ"),
    )
    kind = models.CharField(_("Hình thức"), max_length=20, choices=Kind.choices, default=Kind.DELEGATES)
    ordinal = models.PositiveSmallIntegerField(_("Lần thứ"))
    term_start = models.PositiveSmallIntegerField(_("Nhiệm kỳ từ năm"))
    term_end = models.PositiveSmallIntegerField(_("Nhiệm kỳ đến năm"))
    starts_on = models.DateField(_("Ngày khai mạc"))
    ends_on = models.DateField(_("Ngày bế mạc"))
    theme = models.TextField(_("Chủ đề"), blank=True)
    venue = models.CharField(_("Địa điểm"), max_length=255, blank=True)
    status = models.CharField(_("Trạng thái"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    # The rule parameters this congress was run under (quorum share, ...): see RULES.md.
    rules = models.JSONField(_("Quy tắc áp dụng"), default=dict, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "ordinal"], name="congress_unique_ordinal")
        ]
        verbose_name = _("Đại hội")
        verbose_name_plural = _("Đại hội")

    def __str__(self) -> str:
        return f"Đại hội {self.organization} lần thứ {self.ordinal_roman}, nhiệm kỳ {self.term}"

    @property
    def ordinal_roman(self) -> str:
        return roman(self.ordinal)

    @property
    def term(self) -> str:
        return f"{self.term_start} – {self.term_end}"


class CongressSession(models.Model):
    """A session of the congress: a preparatory session, then the official ones."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="sessions")
    name = models.CharField(_("Phiên"), max_length=120)
    date = models.DateField(_("Ngày"))
    starts_at = models.TimeField(_("Giờ bắt đầu"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_preparatory = models.BooleanField(_("Phiên trù bị"), default=False)
    is_current = models.BooleanField(_("Phiên hiện tại"), default=False)

    class Meta:
        ordering = ["congress", "order", "date"]
        verbose_name = _("Phiên họp")

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d/%m/%Y})"


def _checkin_code() -> str:
    return secrets.token_urlsafe(12)


class Delegate(models.Model):
    """A member's seat at a congress, official or alternate."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Chính thức")
        ALTERNATE = "alternate", _("Dự khuyết")

    class Origin(models.TextChoices):
        EX_OFFICIO = "ex_officio", _("Đương nhiên (cấp ủy khóa đương nhiệm)")
        ELECTED = "elected", _("Được bầu từ đại hội cấp dưới")
        APPOINTED = "appointed", _("Được chỉ định")

    class Standing(models.TextChoices):
        NORMAL = "normal", _("Bình thường")
        TRANSFERRED = "transferred", _("Chuyển sinh hoạt tạm thời")
        SUSPENDED = "suspended", _("Bị đình chỉ sinh hoạt đảng")
        PROSECUTED = "prosecuted", _("Bị khởi tố, truy tố")
        DETAINED = "detained", _("Bị tạm giam")

    class Credentials(models.TextChoices):
        PENDING = "pending", _("Chưa thẩm tra")
        ACCEPTED = "accepted", _("Đủ tư cách")
        REJECTED = "rejected", _("Không đủ tư cách")

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="delegates")
    member = models.ForeignKey(
        "organizations.Member",
        on_delete=models.PROTECT,
        related_name="delegate_seats",
        verbose_name=_("Đảng viên"),
    )
    kind = models.CharField(_("Loại đại biểu"), max_length=20, choices=Kind.choices, default=Kind.OFFICIAL)
    origin = models.CharField(_("Hình thức"), max_length=20, choices=Origin.choices, default=Origin.ELECTED)
    represents = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Đoàn / đơn vị"),
    )
    number = models.PositiveIntegerField(_("Số thẻ đại biểu"), null=True, blank=True)
    credentials = models.CharField(
        _("Tư cách"), max_length=20, choices=Credentials.choices, default=Credentials.PENDING
    )
    credentials_note = models.CharField(_("Lý do"), max_length=255, blank=True)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("Thay cho đại biểu"),
    )
    replacement_reason = models.CharField(_("Lý do thay thế"), max_length=255, blank=True)
    absent_whole_congress = models.BooleanField(_("Vắng mặt cả đại hội"), default=False)
    # The exclusions of the base (rules/base.py, 190-QĐ/TW Điều 30): why someone on the list
    # is not convened, or, at a members' congress, is left out of the base.
    standing = models.CharField(_("Tình trạng"), max_length=20, choices=Standing.choices,
                                default=Standing.NORMAL)
    absence_accepted = models.BooleanField(
        _("Vắng mặt có lý do được cấp ủy triệu tập chấp nhận"), default=False)
    checkin_code = models.CharField(max_length=32, unique=True, default=_checkin_code, editable=False)

    class Meta:
        ordering = ["congress", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "member"], name="delegate_once_per_congress")
        ]
        verbose_name = pgettext_lazy("role", "Đại biểu")
        verbose_name_plural = pgettext_lazy("plural", "Đại biểu")

    def __str__(self) -> str:
        return self.member.full_name


class CheckIn(models.Model):
    """A delegate's presence in a session: in at `checked_in_at`, out at `checked_out_at`."""

    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="checkins")
    session = models.ForeignKey(CongressSession, on_delete=models.CASCADE, related_name="checkins")
    checked_in_at = models.DateTimeField(default=timezone.now)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["session", "checked_out_at"])]
        constraints = [
            # At most one open presence per delegate and session: a second check-in while
            # inside is refused even when two door stations scan the same badge at once.
            models.UniqueConstraint(
                fields=["delegate", "session"],
                condition=models.Q(checked_out_at__isnull=True),
                name="checkin_one_open_per_session",
            ),
        ]
        verbose_name = _("Điểm danh")

    def __str__(self) -> str:
        return f"{self.delegate} @ {self.session}"


class Guest(models.Model):
    """A guest of the congress (khách mời): attends, does not vote."""

    class Group(models.TextChoices):
        LEADERS = "leaders", _("Lãnh đạo cấp trên")
        FORMER_LEADERS = "former_leaders", _("Nguyên lãnh đạo qua các thời kỳ")
        DEPARTMENTS = "departments", _("Đại diện sở, ban, ngành")
        OTHER = "other", _("Khách mời khác")

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="guests")
    full_name = models.CharField(_("Họ và tên"), max_length=120)
    title = models.CharField(_("Chức vụ"), max_length=255, blank=True)
    group = models.CharField(_("Nhóm"), max_length=20, choices=Group.choices, default=Group.LEADERS)
    order = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)
    sessions = models.ManyToManyField(
        CongressSession, blank=True, related_name="guests", verbose_name=_("Dự các phiên")
    )

    class Meta:
        ordering = ["congress", "order", "id"]
        verbose_name = _("Khách mời")
        verbose_name_plural = _("Khách mời")

    def __str__(self) -> str:
        return f"{self.full_name} – {self.title}" if self.title else self.full_name


class Body(models.Model):
    """A body of the congress, proposed then approved by the congress's show of hands."""

    class Kind(models.TextChoices):
        PRESIDIUM = "presidium", _("Đoàn Chủ tịch")
        SECRETARIAT = "secretariat", _("Đoàn Thư ký")
        CREDENTIALS = "credentials", _("Ban Thẩm tra tư cách đại biểu")
        COUNTING = "counting", _("Ban Kiểm phiếu")

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(_("Cơ quan"), max_length=20, choices=Kind.choices)
    approved = models.BooleanField(_("Đã được Đại hội biểu quyết thông qua"), default=False)
    approved_at = models.DateTimeField(_("Thời điểm thông qua"), null=True, blank=True)
    approval_note = models.CharField(_("Ghi chú biểu quyết"), max_length=255, blank=True)

    class Meta:
        ordering = ["congress", "kind"]
        constraints = [models.UniqueConstraint(fields=["congress", "kind"], name="body_one_per_kind")]
        verbose_name = _("Cơ quan giúp việc Đại hội")

    def __str__(self) -> str:
        return str(self.get_kind_display())


class BodyMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Trưởng ban / Chủ trì")
        MEMBER = "member", _("Thành viên")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(
        "organizations.Member",
        on_delete=models.PROTECT,
        related_name="congress_bodies",
        verbose_name=_("Đảng viên"),
    )
    role = models.CharField(_("Vai trò"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    order = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)

    class Meta:
        ordering = ["body", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["body", "member"], name="body_member_once")]
        verbose_name = _("Thành viên cơ quan Đại hội")

    def __str__(self) -> str:
        return f"{self.member} ({self.body})"
