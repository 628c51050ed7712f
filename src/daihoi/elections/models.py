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
        # Quy định 96-QĐ/TW: one of three levels per person, counted by rules/confidence.py
        # (a committee's confidence vote on device, meetings/services.py), never elected.
        CONFIDENCE = "confidence", _("Ba mức tín nhiệm (lấy phiếu tín nhiệm)")

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
    seats_basis = models.CharField(_("Căn cứ biểu quyết số lượng"), max_length=500, blank=True)
    seats_vote_id = models.PositiveIntegerField(null=True, blank=True)
    term = models.CharField(_("Nhiệm kỳ"), max_length=40, blank=True)
    counting_members = models.TextField(_("Thành viên Ban Kiểm phiếu (mỗi dòng một người)"),
                                        blank=True)
    # The committee's first session (kỳ họp thứ nhất) votes as the committee this election
    # elected (its mandates), not as the congress: see elections/first_session.py.
    committee_election = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="first_session",
        verbose_name=_("Ban Chấp hành bầu ra tại cuộc bầu cử"),
    )
    created_at = models.DateTimeField(auto_now_add=True, null=True)

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
    nomination_status = models.CharField(
        _("Kết quả giới thiệu"), max_length=20, default="accepted",
        choices=[("accepted", _("Đưa vào danh sách")),
                 ("rejected", _("Không đủ số đồng ý để đưa vào danh sách"))],
    )
    # Floor and self nominations: the opinion ballot counted by a team of the presidium.
    opinion_agree = models.PositiveIntegerField(null=True, blank=True)
    opinion_attending = models.PositiveIntegerField(null=True, blank=True)
    withdrawal_approved_by = models.CharField(_("Đoàn Chủ tịch chấp thuận"), max_length=255,
                                              blank=True)

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
    double_entry = models.BooleanField(_("Nhập phiếu hai lần"), default=False)
    electorate_present = models.PositiveIntegerField(_("Số có mặt lúc bỏ phiếu"), null=True,
                                                     blank=True)
    reason = models.CharField(
        _("Lý do lần bầu"), max_length=20, default="first",
        choices=[("first", _("Lần đầu")), ("tie", _("Bầu lại vì bằng phiếu")),
                 ("unfilled", _("Bầu tiếp vì chưa đủ số lượng"))],
    )
    counted_at = models.DateTimeField(null=True, blank=True)
    # The ballot of this round: a round with no more names than seats prints the four-column
    # ballot (agree / disagree) even when the election began with a surplus (RULES.md, 190-QĐ/TW
    # Điều 15 and 30). Decided when the round is created; entry and counting read it.
    ballot_format = models.CharField(_("Mẫu phiếu"), max_length=10,
                                     choices=Election.BallotFormat.choices,
                                     default=Election.BallotFormat.STRIKE)
    # The number of names on the ballot, kept with the round so that entering a ballot needs
    # no count query (services keep it equal to candidates.count()).
    ballot_size = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["election", "number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"],
                                               name="round_unique_number")]
        verbose_name = _("Lần bầu")

    def __str__(self) -> str:
        return f"{self.election} – lần {self.number}"


class Decision(models.Model):
    """A decision of the presiding body where the rules leave it open (RULES.md *open*), or where
    the congress must decide (a surplus short of or over 30%): what, who decided, when, recorded by."""

    class Kind(models.TextChoices):
        SURPLUS = "surplus", _("Số dư danh sách")
        TIE_ROUND = "tie_round", _("Bầu lại giữa những người bằng phiếu")
        UNFILLED_ROUND = "unfilled_round", _("Bầu tiếp vì chưa đủ số lượng")
        STOP = "stop", _("Không bầu tiếp")
        # 190-QĐ/TW Điều 18, open: the official delegates are elected and more passed the
        # threshold than the seats; the presidium decides (the election stays open till then).
        PASSED_NOT_ELECTED = "passed_not_elected", _("Số trúng cử vượt số đại biểu chính thức")
        # RULES.md, open: before counting, the counting committee confirms which open invalid
        # reasons it applies and how a blank multi-name agree/disagree ballot counts.
        COUNTING_RULES = "counting_rules", _("Ban Kiểm phiếu xác nhận cách xét phiếu")
        WITHDRAWAL = "withdrawal", _("Rút khỏi danh sách")
        OTHER = "other", _("Khác")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="decisions")
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="decisions")
    kind = models.CharField(_("Loại quyết định"), max_length=30, choices=Kind.choices)
    text = models.TextField(_("Nội dung quyết định"))
    decided_by = models.CharField(_("Cơ quan quyết định"), max_length=255)
    decided_at = models.DateTimeField(_("Thời điểm quyết định"))
    recorded_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    # What was decided, for the machine: the counting rules confirmed (invalid reasons,
    # blank approve ballot); empty for a decision that is its text alone.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["election", "decided_at", "id"]
        verbose_name = _("Quyết định")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class CountingGroup(models.Model):
    """A counting group (tổ kiểm phiếu) with its own ballot box: it enters ballots one by one,
    or, counting by hand, enters the totals of its tally sheet. The electronic vote comes in as
    a group of its own (mode electronic) so every round is the sum over its groups."""

    class Mode(models.TextChoices):
        BALLOTS = "ballots", _("Nhập từng phiếu")
        SHEET = "sheet", _("Nhập phiếu tổng hợp (kiểm bằng tay)")
        ELECTRONIC = "electronic", _("Bỏ phiếu điện tử")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField(_("Tổ số"))
    name = models.CharField(_("Tên tổ"), max_length=120)
    mode = models.CharField(_("Cách kiểm"), max_length=20, choices=Mode.choices,
                            default=Mode.BALLOTS)
    members = models.CharField(_("Thành viên tổ"), max_length=500, blank=True)
    # Tally-sheet / electronic totals: {"ballots_collected", "invalid_by_reason", "votes": [...]}.
    totals = models.JSONField(null=True, blank=True)
    # The ballots entered, per entry (1, 2), kept here so the entry screen needs no COUNT query.
    entered_1 = models.PositiveIntegerField(default=0)
    entered_2 = models.PositiveIntegerField(default=0)
    done = models.BooleanField(_("Đã kiểm xong"), default=False)

    class Meta:
        ordering = ["round", "number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"],
                                               name="countinggroup_unique_number")]
        verbose_name = _("Tổ kiểm phiếu")

    def __str__(self) -> str:
        return self.name


class PaperBallot(models.Model):
    """One paper ballot as a counting group read it. `position` is its place in the group's
    stack (1, 2, ...), so a double entry pairs the two readings of the same paper. Lines are
    ballot-order numbers (1-based), as printed. Nothing here identifies a voter: paper ballots
    carry no serial number, and the stack order is the box's, not the voters'."""

    group = models.ForeignKey(CountingGroup, on_delete=models.CASCADE, related_name="ballots")
    entry = models.PositiveSmallIntegerField(default=1)  # 1, 2 (double entry), 3 (third look)
    position = models.PositiveIntegerField()
    # strike: the lines struck; approve: the lines marked "không đồng ý".
    marks = models.JSONField(default=list)
    # approve: lines marked in neither box or in both (they count for nobody).
    void_lines = models.JSONField(default=list)
    unstamped = models.BooleanField(default=False)
    identifying_mark = models.BooleanField(default=False)
    write_in = models.BooleanField(default=False)
    entered_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # The idempotency key the entry screen makes in the browser for each ballot it queues: a
    # retry of the same ballot (after a timeout or a server crash) finds the stored one
    # instead of storing it twice (issue 15). Null for ballots entered otherwise.
    key = models.UUIDField(null=True, blank=True, editable=False)
    # Voided by a clerk (a sheet entered that was no ballot, a paper read twice): kept in its
    # place so the stack keeps its numbering and a double entry still pairs by position, and
    # counted by nobody. A correction rewrites the reading in place (both audited).
    voided = models.BooleanField(_("Đã hủy"), default=False)
    corrected_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["group", "entry", "position"]
        constraints = [models.UniqueConstraint(fields=["group", "entry", "position"],
                                               name="paperballot_unique_position"),
                       models.UniqueConstraint(fields=["key"], name="paperballot_unique_key")]
        verbose_name = _("Phiếu bầu (giấy)")

    def __str__(self) -> str:
        return f"{self.group} #{self.position}/{self.entry}"

    def same_reading(self, other: PaperBallot) -> bool:
        return (self.voided == other.voided
                and sorted(self.marks) == sorted(other.marks)
                and sorted(self.void_lines) == sorted(other.void_lines)
                and self.unstamped == other.unstamped
                and self.identifying_mark == other.identifying_mark
                and self.write_in == other.write_in)


class Mandate(models.Model):
    """Who was elected to what: written when a round's result is final."""

    class Position(models.TextChoices):
        COMMITTEE_MEMBER = "committee_member", _("Ủy viên Ban Chấp hành")
        STANDING_MEMBER = "standing_member", _("Ủy viên Ban Thường vụ")
        SECRETARY = "secretary", _("Bí thư")
        DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
        INSPECTION_MEMBER = "inspection_member", _("Ủy viên Ủy ban Kiểm tra")
        INSPECTION_CHAIR = "inspection_chair", _("Chủ nhiệm Ủy ban Kiểm tra")
        DELEGATE_OFFICIAL = "delegate_official", _("Đại biểu chính thức dự Đại hội cấp trên")
        DELEGATE_ALTERNATE = "delegate_alternate", _("Đại biểu dự khuyết dự Đại hội cấp trên")
        OTHER = "other", _("Khác")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="mandates")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="mandates")
    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="mandate")
    member = models.ForeignKey("organizations.Member", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="mandates")
    full_name = models.CharField(_("Họ và tên"), max_length=120)
    position = models.CharField(_("Chức danh"), max_length=30, choices=Position.choices)
    order = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)
    votes = models.PositiveIntegerField(_("Số phiếu"), default=0)
    term = models.CharField(_("Nhiệm kỳ"), max_length=40, blank=True)

    class Meta:
        ordering = ["election", "order", "id"]
        verbose_name = _("Người trúng cử")

    def __str__(self) -> str:
        return f"{self.full_name} – {self.get_position_display()}"


class CommitteeAttendance(models.Model):
    """Who of a newly elected committee is present at its first session (kỳ họp thứ nhất):
    one row per mandate once the secretariat records it; no row is "not yet recorded",
    counted absent. The first session's elections take their presence from here."""

    mandate = models.OneToOneField(Mandate, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("Có mặt"), default=False)
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("Có mặt tại kỳ họp thứ nhất")

    def __str__(self) -> str:
        return f"{self.mandate.full_name}: {'có mặt' if self.present else 'vắng'}"
