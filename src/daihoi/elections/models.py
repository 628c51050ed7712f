from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Election(models.Model):
    """One election: a body (committee, standing committee, delegation ...) or one post.

    `rules` keeps the rule parameters the election is counted under (RULES.md), so a past
    election keeps its rules when a regulation changes."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Ban Chấp hành")
        STANDING_COMMITTEE = "standing_committee", _("Ban Thường vụ")
        SECRETARY = "secretary", _("Bí thư")
        DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
        INSPECTION_COMMITTEE = "inspection_committee", _("Ủy ban Kiểm tra")
        INSPECTION_CHAIR = "inspection_chair", _("Chủ nhiệm Ủy ban Kiểm tra")
        DELEGATION = "delegation", _("Đoàn đại biểu dự Đại hội cấp trên")
        DELEGATION_ALTERNATES = "delegation_alternates", _("Đại biểu dự khuyết")
        OTHER = "other", _("Khác")

    class BallotFormat(models.TextChoices):
        STRIKE = "strike", _("Gạch tên (có số dư)")
        APPROVE = "approve", _("Đồng ý / Không đồng ý (không có số dư)")

    class Electorate(models.TextChoices):
        DELEGATES_CONGRESS = "delegates_congress", _("Đại hội đại biểu")
        MEMBERS_CONGRESS = "members_congress", _("Đại hội đảng viên")
        COMMITTEE_CONFERENCE = "committee_conference", _("Hội nghị Ban Chấp hành")

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Chuẩn bị danh sách")
        VOTING = "voting", _("Đang bầu")
        CLOSED = "closed", _("Đã kết thúc")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="elections",
        verbose_name=_("Cấp ủy triệu tập"),
    )
    congress = models.ForeignKey(
        "congress.Congress", null=True, blank=True, on_delete=models.PROTECT,
        related_name="elections", verbose_name=_("Đại hội"),
    )
    title = models.CharField(_("Tên cuộc bầu cử"), max_length=255)
    kind = models.CharField(_("Loại"), max_length=30, choices=Kind.choices)
    electorate = models.CharField(_("Hình thức"), max_length=30, choices=Electorate.choices,
                                  default=Electorate.DELEGATES_CONGRESS)
    seats = models.PositiveIntegerField(_("Số lượng bầu"))
    ballot_format = models.CharField(_("Mẫu phiếu"), max_length=10, choices=BallotFormat.choices,
                                     default=BallotFormat.STRIKE)
    rules = models.JSONField(_("Quy tắc áp dụng"), default=dict, blank=True)
    status = models.CharField(_("Trạng thái"), max_length=20, choices=Status.choices,
                              default=Status.PREPARING)
    # The alternates' vote of a delegation follows its official vote on the same list.
    follows = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="followed_by")

    class Meta:
        ordering = ["id"]
        verbose_name = _("Cuộc bầu cử")
        verbose_name_plural = _("Cuộc bầu cử")

    def __str__(self) -> str:
        return self.title


class Candidate(models.Model):
    class Nomination(models.TextChoices):
        COMMITTEE = "committee", _("Cấp ủy giới thiệu")
        FLOOR = "floor", _("Đại hội giới thiệu")
        SELF = "self", _("Tự ứng cử")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey("organizations.Member", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="candidacies")
    full_name = models.CharField(_("Họ và tên"), max_length=120)
    sort_key = models.CharField(max_length=400, editable=False)
    nomination = models.CharField(_("Nguồn"), max_length=20, choices=Nomination.choices,
                                  default=Nomination.COMMITTEE)
    withdrawn = models.BooleanField(_("Rút khỏi danh sách"), default=False)
    withdrawal_reason = models.CharField(_("Lý do rút"), max_length=255, blank=True)

    class Meta:
        ordering = ["election", "sort_key", "id"]
        verbose_name = _("Ứng cử viên")

    def __str__(self) -> str:
        return self.full_name


class Round(models.Model):
    """One ballot of an election: the first, or a further one among the tied or the not
    yet elected. Each round has its own ballots and its own minutes."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Chuẩn bị")
        VOTING = "voting", _("Đang bỏ phiếu")
        COUNTING = "counting", _("Đang kiểm phiếu")
        CLOSED = "closed", _("Đã có kết quả")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("Lần bầu"))
    seats = models.PositiveIntegerField(_("Số lượng bầu"))
    candidates = models.ManyToManyField(Candidate, related_name="rounds")
    status = models.CharField(_("Trạng thái"), max_length=20, choices=Status.choices,
                              default=Status.PREPARING)
    electronic = models.BooleanField(_("Bỏ phiếu điện tử"), default=False)
    electorate_convened = models.PositiveIntegerField(_("Số đại biểu được triệu tập"), default=0)
    excluded = models.PositiveIntegerField(_("Số được trừ khi tính tỷ lệ"), default=0)
    ballots_issued = models.PositiveIntegerField(_("Số phiếu phát ra"), default=0)
    result = models.JSONField(null=True, blank=True)
    results_published = models.BooleanField(_("Đã công bố kết quả"), default=False)

    class Meta:
        ordering = ["election", "number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"],
                                               name="round_unique_number")]
        verbose_name = _("Lần bầu")

    def __str__(self) -> str:
        return f"{self.election} – lần {self.number}"
