"""The annual classification (kiểm điểm, đánh giá, xếp loại chất lượng): a campaign per year,
each member's appraisal in its three steps (self-assessment with the score of Quy định 366,
the cell's proposal, the committee's decision), and the organizations' ratings.

The rules are in `daihoi.rules.appraisal`; the campaign stores the ones it runs under
(`Campaign.rules`). Each appraisal keeps the level it stands at (`level`, after the caps) so
the results are one indexed count; a closed campaign's figures are frozen in `LevelTally`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.rules.appraisal import AppraisalRules, Level

LEVEL_CHOICES = [
    (Level.EXCELLENT.value, _("Hoàn thành xuất sắc nhiệm vụ")),
    (Level.GOOD.value, _("Hoàn thành tốt nhiệm vụ")),
    (Level.SATISFACTORY.value, _("Hoàn thành nhiệm vụ")),
    (Level.NOT_COMPLETED.value, _("Không hoàn thành nhiệm vụ")),
]


class Campaign(models.Model):
    """One year's classification of the whole committee."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang đánh giá")
        CLOSED = "closed", _("Đã kết thúc")

    year = models.PositiveSmallIntegerField(_("Năm"), unique=True)
    appraisal_date = models.DateField(_("Ngày đánh giá"))
    status = models.CharField(_("Trạng thái"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    rules = models.JSONField(_("Quy tắc áp dụng"), default=dict, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year"]
        verbose_name = _("Đợt đánh giá, xếp loại")
        verbose_name_plural = _("Đợt đánh giá, xếp loại")

    def __str__(self) -> str:
        return f"Đánh giá, xếp loại năm {self.year}"

    @property
    def rule_set(self) -> AppraisalRules:
        return AppraisalRules.from_dict(self.rules or {})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class MemberAppraisal(models.Model):
    """One member's appraisal in a campaign."""

    class Step(models.TextChoices):
        PENDING = "pending", _("Chưa tự đánh giá")
        SELF = "self", _("Đã tự đánh giá")
        CELL = "cell", _("Chi bộ đã đề xuất")
        DECIDED = "decided", _("Cấp ủy đã quyết định")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey("organizations.Member", on_delete=models.CASCADE,
                               related_name="appraisals")
    # Where the member was appraised (the cell) and the grassroots organization above it:
    # kept, so a later transfer does not move a past year's figures.
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("Chi bộ"))
    grassroots = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("Tổ chức cơ sở đảng"))
    role_group = models.CharField(_("Nhóm chức danh"), max_length=80, blank=True)
    # Step 1: the self-assessment, the score sheet of Quy định 366 (out of 100).
    score = models.DecimalField(_("Điểm tự đánh giá"), max_digits=5, decimal_places=2, null=True,
                                blank=True)
    excellent_conditions = models.BooleanField(_("Đủ điều kiện xuất sắc"), default=True)
    # Step 2: the cell's appraisal and proposal; step 3: the grassroots committee's decision.
    proposed = models.CharField(_("Chi bộ đề xuất"), max_length=20, choices=LEVEL_CHOICES,
                                blank=True)
    decided = models.CharField(_("Cấp ủy quyết định"), max_length=20, choices=LEVEL_CHOICES,
                               blank=True)
    # The facts that cap the level. `disciplined` is entered here; discipline records, once
    # they exist, feed it through `appraisal.hooks.register_discipline_source`.
    disciplined = models.BooleanField(_("Bị kỷ luật trong năm"), default=False)
    self_corrected = models.BooleanField(_("Tự phát hiện, khắc phục"), default=False)
    sick_leave_months = models.DecimalField(_("Số tháng nghỉ ốm"), max_digits=4, decimal_places=1,
                                            default=0)
    suspended = models.BooleanField(_("Đình chỉ sinh hoạt"), default=False)
    # Derived (services compute them with the rules): why not rated, the level it stands at
    # after the caps, the caps that lowered it.
    not_rated = models.CharField(_("Không xếp loại"), max_length=20, blank=True)
    not_rated_note = models.CharField(max_length=200, blank=True)
    level = models.CharField(_("Xếp loại"), max_length=20, choices=LEVEL_CHOICES, blank=True)
    caps = models.CharField(_("Giới hạn áp dụng"), max_length=60, blank=True)
    step = models.CharField(_("Bước"), max_length=10, choices=Step.choices, default=Step.PENDING)

    class Meta:
        ordering = ["campaign", "organization", "member__sort_key"]
        constraints = [models.UniqueConstraint(fields=["campaign", "member"],
                                               name="appraisal_once_per_member")]
        indexes = [
            # covers the counts per level (and not rated) of a campaign, per grassroots organization
            models.Index(fields=["campaign", "grassroots", "level", "not_rated"], name="appraisal_counts"),
            models.Index(fields=["campaign", "organization"], name="appraisal_cell"),
        ]
        verbose_name = _("Đánh giá, xếp loại đảng viên")
        verbose_name_plural = _("Đánh giá, xếp loại đảng viên")

    def __str__(self) -> str:
        return f"{self.member_id} / {self.campaign_id}"


class OrganizationAppraisal(models.Model):
    """An organization (cell, grassroots organization) rated by the level above."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="organizations")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE,
                                     related_name="appraisals")
    rated_by = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("Cấp đánh giá"))
    score = models.DecimalField(_("Điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    # 366 Điều 11: a collective with a disciplined unit or leader is not excellent.
    disciplined = models.BooleanField(_("Có tập thể, cá nhân lãnh đạo bị kỷ luật"), default=False)
    proposed = models.CharField(_("Đề xuất"), max_length=20, choices=LEVEL_CHOICES, blank=True)
    decided = models.CharField(_("Quyết định"), max_length=20, choices=LEVEL_CHOICES, blank=True)
    level = models.CharField(_("Xếp loại"), max_length=20, choices=LEVEL_CHOICES, blank=True)

    class Meta:
        ordering = ["campaign", "organization__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "organization"],
                                               name="appraisal_once_per_organization")]
        verbose_name = _("Đánh giá, xếp loại tổ chức đảng")

    def __str__(self) -> str:
        return f"{self.organization_id} / {self.campaign_id}"


class LevelTally(models.Model):
    """A closed campaign's counts for one grassroots organization (or the whole committee,
    `organization` empty): what the results page reads for past years."""

    class Subject(models.TextChoices):
        MEMBERS = "members", _("Đảng viên")
        ORGANIZATIONS = "organizations", _("Tổ chức đảng")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tallies")
    organization = models.ForeignKey("organizations.Organization", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=20, choices=Subject.choices)
    excellent = models.PositiveIntegerField(default=0)
    good = models.PositiveIntegerField(default=0)
    satisfactory = models.PositiveIntegerField(default=0)
    not_completed = models.PositiveIntegerField(default=0)
    not_rated = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["campaign", "subject", "organization"]
        indexes = [models.Index(fields=["subject", "organization", "campaign"], name="tally_lookup")]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.subject}/{self.organization_id}"


class EntryGrant(models.Model):
    """A login that enters the classification of one organization (its secretary, or the
    person the cell charges with it) and of everything under it; granted by the office."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="appraisal_grants", verbose_name=_("Tài khoản"))
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE,
                                     related_name="+", verbose_name=_("Tổ chức"))
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="entry_grant_once")]
        verbose_name = _("Người nhập kết quả xếp loại của tổ chức")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.organization_id}"
