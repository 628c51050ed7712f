from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.rules import membership, names


class Organization(models.Model):
    """A Party organization at any level: the tree goes from the committee at the top
    (a bloc, commune or provincial committee) through grassroots organizations down to
    party cells. `kind` says what it is; nothing assumes a fixed depth or set of kinds."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Đảng bộ (cấp trên cơ sở)")
        GRASSROOTS_COMMITTEE = "grassroots_committee", _("Đảng bộ cơ sở")
        GRASSROOTS_CELL = "grassroots_cell", _("Chi bộ cơ sở")
        PARTIAL_COMMITTEE = "partial_committee", _("Đảng bộ bộ phận")
        CELL = "cell", _("Chi bộ trực thuộc")

    class HostKind(models.TextChoices):
        """The kind of unit the organization is set up in (loại hình đơn vị nơi tổ chức
        đảng được thành lập): what the resolutions count new organizations "trong doanh
        nghiệp ngoài khu vực nhà nước" by."""

        STATE_AGENCY = "state_agency", _("Cơ quan hành chính nhà nước")
        PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp công lập")
        STATE_ENTERPRISE = "state_enterprise", _("Doanh nghiệp nhà nước")
        PRIVATE_ENTERPRISE = "private_enterprise", _("Doanh nghiệp ngoài khu vực nhà nước")
        OTHER = "other", _("Loại hình khác")

    name = models.CharField(_("Tên tổ chức"), max_length=255)
    short_name = models.CharField(_("Tên viết tắt"), max_length=80, blank=True)
    code = models.CharField(_("Mã"), max_length=40, unique=True, null=True, blank=True)
    kind = models.CharField(_("Loại hình"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("Trực thuộc"),
    )
    address = models.CharField(_("Địa chỉ"), max_length=255, blank=True)
    # Empty when not stated (records made before the field was kept).
    host_kind = models.CharField(_("Loại hình đơn vị"), max_length=20, choices=HostKind.choices,
                                 blank=True, default="", db_default="")
    established_on = models.DateField(_("Ngày thành lập"), null=True, blank=True)
    dissolved_on = models.DateField(_("Ngày giải thể"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Tổ chức đảng")
        verbose_name_plural = _("Tổ chức đảng")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name with its parent where two can share one ("Chi bộ Trung tâm Dịch vụ —
        Đảng bộ Sở Y tế": every grassroots committee may have a cell so named). The root's
        children need no parent (there is one root). Select the parent with the query."""
        parent = self.parent if self.parent_id else None
        if parent is None or parent.parent_id is None:
            return self.name
        return f"{self.name} — {parent.name}"

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None


class Member(models.Model):
    """A party member (đảng viên). Changed only through `organizations.services`."""

    class Status(models.TextChoices):
        PROBATIONARY = "probationary", _("Dự bị")
        FULL = "full", _("Chính thức")
        TRANSFERRED_OUT = "transferred_out", _("Đã chuyển đi")
        DECEASED = "deceased", _("Đã từ trần")
        REMOVED = "removed", _("Đã ra khỏi Đảng")

    ACTIVE_STATUSES = (Status.PROBATIONARY, Status.FULL)

    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    full_name = models.CharField(_("Họ và tên"), max_length=120)
    # Indexed through Meta: sort_key leads the list's covering index; search_name is
    # searched by substring (trigram index on PostgreSQL, see migration 0005).
    search_name = models.CharField(max_length=120, editable=False)
    sort_key = models.CharField(max_length=400, editable=False)
    gender = models.CharField(_("Giới tính"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("Ngày sinh"))
    ethnicity = models.CharField(_("Dân tộc"), max_length=40, default="Kinh")
    religion = models.CharField(_("Tôn giáo"), max_length=40, blank=True)
    education = models.CharField(_("Trình độ chuyên môn"), max_length=80, blank=True)
    political_theory = models.CharField(_("Lý luận chính trị"), max_length=40, blank=True)
    party_card_number = models.CharField(
        _("Số thẻ đảng viên"), max_length=20, unique=True, null=True, blank=True
    )
    # The admission decision (quyết định kết nạp): party seniority counts from it.
    admission_date = models.DateField(_("Ngày vào Đảng"))
    # Probation counts from the ceremony (Charter Điều 5). Empty on records made before it
    # was kept: probation then counts from the decision (rules.membership.probation_start).
    ceremony_date = models.DateField(_("Ngày tổ chức lễ kết nạp"), null=True, blank=True)
    full_member_date = models.DateField(_("Ngày chính thức"), null=True, blank=True)
    status = models.CharField(
        _("Trạng thái"), max_length=20, choices=Status.choices, default=Status.PROBATIONARY,
        db_index=True,
    )
    exempt_from_activity = models.BooleanField(_("Miễn công tác và sinh hoạt đảng"), default=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="members",
        verbose_name=_("Chi bộ / tổ chức"),
    )
    position = models.CharField(_("Chức vụ"), max_length=255, blank=True)
    phone = models.CharField(_("Điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("Email"), blank=True)
    left_on = models.DateField(_("Ngày chuyển đi / ra khỏi Đảng"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="member", verbose_name=_("Tài khoản"),
    )

    class Meta:
        ordering = ["sort_key", "id"]
        indexes = [
            models.Index(fields=["organization", "status"]),
            # The register lists active members in name order, a page at a time.
            models.Index(fields=["status", "sort_key"], name="member_status_sort"),
            # Covers the list's ordering and its filters (status, folded name), so that a
            # page's ids, a search and a count are read from the index alone.
            models.Index(fields=["sort_key", "id", "status", "search_name"], name="member_list_cover"),
            models.Index(fields=["status", "admission_date"], name="member_status_admitted"),
            models.Index(fields=["admission_date"], name="member_admitted"),
        ]
        verbose_name = _("Đảng viên")
        verbose_name_plural = _("Đảng viên")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.fill_derived_names()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def probation_start(self) -> dt.date:
        return membership.probation_start(self.admission_date, self.ceremony_date)

    def fill_derived_names(self) -> None:
        """Search and sort columns derived from the name as typed (call before bulk_create)."""
        self.full_name = names.normalize_spaces(self.full_name)
        self.search_name = names.fold(self.full_name)
        self.sort_key = names.sort_key(self.full_name)


class MemberTransfer(models.Model):
    """One move of a member (chuyển sinh hoạt đảng): between two organizations of the
    committee, or out of it (to_organization empty, destination in `destination`)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers")
    from_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("Từ tổ chức"),
    )
    to_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("Đến tổ chức"),
    )
    destination = models.CharField(_("Nơi chuyển đến"), max_length=255, blank=True)
    on = models.DateField(_("Ngày chuyển"))
    note = models.CharField(_("Ghi chú"), max_length=255, blank=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("Chuyển sinh hoạt đảng")

    def __str__(self) -> str:
        where = self.to_organization or self.destination
        return f"{self.member} → {where} ({self.on:%d/%m/%Y})"


class AdmissionPlan(models.Model):
    """The number of new members the committee plans to admit in a year (chỉ tiêu kết
    nạp), entered by the office; the dashboard sets the actual admissions against it."""

    year = models.PositiveIntegerField(_("Năm"), unique=True)
    planned = models.PositiveIntegerField(_("Chỉ tiêu kết nạp"))

    class Meta:
        ordering = ["year"]
        verbose_name = _("Chỉ tiêu kết nạp đảng viên")

    def __str__(self) -> str:
        return f"{self.year}: {self.planned}"
