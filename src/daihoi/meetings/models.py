"""Committees and their conferences, drafts and comments, confidence votes, inspection.

A `Committee` is one committee for one term (Ban Chấp hành khóa I, nhiệm kỳ 2020–2025): its
conferences are numbered within it ("lần thứ 11"), and the next term's committee starts at 1.
Changed only through `meetings.services`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Committee(models.Model):
    class Kind(models.TextChoices):
        EXECUTIVE = "executive", _("Ban Chấp hành")
        STANDING = "standing", _("Ban Thường vụ")
        CELL = "cell", _("Chi ủy")
        INSPECTION = "inspection", _("Ủy ban Kiểm tra")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="committees", verbose_name=_("Tổ chức đảng"))
    kind = models.CharField(_("Loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("Tên"), max_length=255)
    term = models.CharField(_("Nhiệm kỳ"), max_length=40)
    term_starts_on = models.DateField(_("Bắt đầu nhiệm kỳ"))
    term_ends_on = models.DateField(_("Kết thúc nhiệm kỳ"), null=True, blank=True)
    # The congress election that elected it (the executive committee), when there is one.
    election = models.ForeignKey("elections.Election", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="next_term", verbose_name=_("Nhiệm kỳ trước"))

    class Meta:
        ordering = ["organization", "kind", "-term_starts_on", "id"]
        verbose_name = _("Cấp ủy")

    def __str__(self) -> str:
        return f"{self.name} ({self.term})"


class CommitteeMember(models.Model):
    class Position(models.TextChoices):
        SECRETARY = "secretary", _("Bí thư")
        DEPUTY = "deputy", _("Phó Bí thư")
        STANDING = "standing", _("Ủy viên Ban Thường vụ")
        MEMBER = "member", _("Ủy viên")
        CHAIR = "chair", _("Chủ nhiệm")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey("organizations.Member", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="committee_seats")
    full_name = models.CharField(_("Họ và tên"), max_length=120)
    position = models.CharField(_("Chức danh"), max_length=20, choices=Position.choices,
                                default=Position.MEMBER)
    order = models.PositiveSmallIntegerField(default=0)
    joined_on = models.DateField(_("Từ ngày"))
    left_on = models.DateField(_("Đến ngày"), null=True, blank=True)

    class Meta:
        ordering = ["committee", "order", "id"]
        verbose_name = _("Ủy viên")

    def __str__(self) -> str:
        return self.full_name


class Conference(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Thường kỳ")
        EXTRAORDINARY = "extraordinary", _("Bất thường")

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Đang chuẩn bị")
        HELD = "held", _("Đã họp")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="conferences")
    number = models.PositiveSmallIntegerField(_("Lần thứ"))
    kind = models.CharField(_("Hình thức"), max_length=20, choices=Kind.choices,
                            default=Kind.REGULAR)
    status = models.CharField(_("Trạng thái"), max_length=20, choices=Status.choices,
                              default=Status.PREPARING)
    starts_at = models.DateTimeField(_("Thời gian"))
    place = models.CharField(_("Địa điểm"), max_length=255, blank=True)
    chair = models.CharField(_("Chủ trì"), max_length=255, blank=True)
    agenda = models.TextField(_("Chương trình (mỗi dòng một nội dung)"), blank=True)
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    conclusion = models.TextField(_("Kết luận Hội nghị"), blank=True)

    class Meta:
        ordering = ["committee", "number"]
        constraints = [models.UniqueConstraint(fields=["committee", "number"],
                                               name="meetings_conference_number")]
        verbose_name = _("Hội nghị")

    def __str__(self) -> str:
        return f"{_('Hội nghị')} {self.committee.name} {_('lần thứ')} {self.number}"

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Invitation(models.Model):
    class Answer(models.TextChoices):
        PENDING = "pending", _("Chưa trả lời")
        ATTENDING = "attending", _("Sẽ dự")
        EXCUSED = "excused", _("Xin vắng")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="invitations")
    seat = models.ForeignKey(CommitteeMember, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="invitations")
    guest_name = models.CharField(_("Khách mời"), max_length=255, blank=True)
    guest_title = models.CharField(_("Chức vụ"), max_length=255, blank=True)
    answer = models.CharField(_("Trả lời"), max_length=20, choices=Answer.choices,
                              default=Answer.PENDING)
    reason = models.CharField(_("Lý do"), max_length=255, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["conference", "seat__order", "id"]
        constraints = [models.UniqueConstraint(fields=["conference", "seat"],
                                               name="meetings_invitation_seat")]

    def __str__(self) -> str:
        return self.seat.full_name if self.seat else self.guest_name


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Có mặt")
        EXCUSED = "excused", _("Vắng có lý do")
        ABSENT = "absent", _("Vắng không lý do")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendance")
    seat = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("Điểm danh"), max_length=20, choices=Status.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conference", "seat"],
                                               name="meetings_attendance_seat")]

    def __str__(self) -> str:
        return f"{self.seat} – {self.get_status_display()}"


class Draft(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Đang lấy ý kiến")
        ADOPTED = "adopted", _("Đã thông qua")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="drafts")
    title = models.CharField(_("Tên dự thảo"), max_length=255)
    status = models.CharField(_("Trạng thái"), max_length=20, choices=Status.choices,
                              default=Status.OPEN)
    adopted_version = models.ForeignKey("DraftVersion", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["conference", "id"]
        verbose_name = _("Dự thảo")

    def __str__(self) -> str:
        return self.title


class DraftVersion(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("Phiên bản"))
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    note = models.CharField(_("Ghi chú"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"],
                                               name="meetings_version_number")]

    def __str__(self) -> str:
        return f"{self.draft} – v{self.number}"


class Section(models.Model):
    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=500)
    level = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "order"]

    def __str__(self) -> str:
        return self.heading


class Comment(models.Model):
    """A member's comment on a section of the version they read. Where it sits in later
    versions is its `placements`."""

    class Handling(models.TextChoices):
        PENDING = "pending", _("Chưa xử lý")
        TAKEN = "taken", _("Tiếp thu")
        EXPLAINED = "explained", _("Giải trình")
        SET_ASIDE = "set_aside", _("Không tiếp thu")

    class Channel(models.TextChoices):
        LAPTOP = "laptop", _("Máy tính")
        PHONE = "phone", _("Điện thoại")

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="comments")
    seat = models.ForeignKey(CommitteeMember, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="comments")
    author_name = models.CharField(_("Người góp ý"), max_length=255)
    text = models.TextField(_("Ý kiến"))
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.LAPTOP)
    created_at = models.DateTimeField(auto_now_add=True)
    handling = models.CharField(_("Xử lý"), max_length=20, choices=Handling.choices,
                                default=Handling.PENDING)
    reply = models.TextField(_("Trả lời / giải trình"), blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["draft", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:40]}"


class Placement(models.Model):
    """Where a comment sits in a later version: `section` None when its section was removed;
    `confirmed` False for an uncertain match the office has not confirmed."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="placements")
    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="placements")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="placements")
    score = models.FloatField(default=0)
    confirmed = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "version"],
                                               name="meetings_placement_once")]

    def __str__(self) -> str:
        return f"{self.comment_id} → {self.section_id} (v{self.version_id})"


class ConfidenceVote(models.Model):
    """A confidence vote (Quy định 96-QĐ/TW) at a conference, counted on paper (the counting
    group enters the counts) or on device: then `round` is the elections app's round with
    the three-level ballot (Election.BallotFormat.CONFIDENCE), voted in secret through
    e-voting by the committee's electorate (a `ConferenceElection` links it), and its
    counts are copied here when it closes. Either way rules/confidence.py counts them."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Chuẩn bị")
        COUNTED = "counted", _("Đã kiểm phiếu")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE,
                                   related_name="confidence_votes")
    title = models.CharField(_("Nội dung"), max_length=255)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREPARING)
    convened = models.PositiveIntegerField(_("Số được triệu tập"), default=0)
    present = models.PositiveIntegerField(_("Số có mặt"), default=0)
    returned = models.PositiveIntegerField(_("Số phiếu thu về"), default=0)
    rules = models.JSONField(default=dict, blank=True)
    round = models.OneToOneField("elections.Round", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="confidence_vote")

    class Meta:
        ordering = ["conference", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def on_device(self) -> bool:
        return self.round_id is not None


class ConfidenceSubject(models.Model):
    vote = models.ForeignKey(ConfidenceVote, on_delete=models.CASCADE, related_name="subjects")
    seat = models.ForeignKey(CommitteeMember, null=True, blank=True, on_delete=models.SET_NULL)
    full_name = models.CharField(_("Họ và tên"), max_length=120)
    post = models.CharField(_("Chức vụ"), max_length=255)
    order = models.PositiveSmallIntegerField(default=0)
    high = models.PositiveIntegerField(_("Tín nhiệm cao"), default=0)
    medium = models.PositiveIntegerField(_("Tín nhiệm"), default=0)
    low = models.PositiveIntegerField(_("Tín nhiệm thấp"), default=0)
    # On device: this person's line on the e-ballot.
    candidate = models.OneToOneField("elections.Candidate", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["vote", "order", "id"]

    def __str__(self) -> str:
        return self.full_name


class ConferenceVote(models.Model):
    """A vote of the committee on a question (biểu quyết), counted against the members
    convened (rules/votes.py: more than half of the body in favour). By show of hands (the
    office enters the counts) or on the members' devices: an open vote, as at the congress,
    so each member's answer is kept (`ConferenceVoteAnswer`) and counted when it closes."""

    class Mode(models.TextChoices):
        HANDS = "hands", _("Giơ tay")
        DEVICE = "device", _("Trên thiết bị")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang biểu quyết")
        CLOSED = "closed", _("Đã có kết quả")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="votes")
    question = models.CharField(_("Nội dung biểu quyết"), max_length=500)
    mode = models.CharField(_("Hình thức"), max_length=10, choices=Mode.choices,
                            default=Mode.HANDS)
    status = models.CharField(_("Trạng thái"), max_length=10, choices=Status.choices,
                              default=Status.CLOSED)
    base = models.PositiveIntegerField(_("Số được triệu tập"), default=0)
    present = models.PositiveIntegerField(_("Số có mặt"), default=0)
    agree = models.PositiveIntegerField(_("Tán thành"), default=0)
    disagree = models.PositiveIntegerField(_("Không tán thành"), default=0)
    other = models.PositiveIntegerField(_("Ý kiến khác"), default=0)
    adopted = models.BooleanField(_("Thông qua"), default=False)

    class Meta:
        ordering = ["conference", "id"]

    def __str__(self) -> str:
        return self.question


class ConferenceVoteAnswer(models.Model):
    """One member's answer in an open vote on device (not secret: the link is kept, as the
    congress keeps its delegates' device answers)."""

    class Choice(models.TextChoices):
        AGREE = "agree", _("Tán thành")
        DISAGREE = "disagree", _("Không tán thành")
        OTHER = "other", _("Ý kiến khác")

    vote = models.ForeignKey(ConferenceVote, on_delete=models.CASCADE, related_name="answers")
    seat = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=10, choices=Choice.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "seat"],
                                               name="meetings_vote_answer_once")]

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.seat_id}: {self.choice}"


class ConferenceElection(models.Model):
    """An election (or a device vote) held by a conference: the elections app asks this
    conference's committee, through `meetings.electorate`, who may vote."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="elections")
    election = models.OneToOneField("elections.Election", on_delete=models.CASCADE,
                                    related_name="meeting_link")
    counting = models.ManyToManyField(CommitteeMember, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"{self.conference_id}: {self.election_id}"


class StandingDecision(models.Model):
    """Work the standing committee settled between two conferences (công việc Ban Thường vụ
    đã giải quyết), listed for the next conference's report."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="decisions")
    decided_on = models.DateField(_("Ngày"))
    subject = models.CharField(_("Nội dung"), max_length=500)
    reference = models.CharField(_("Số văn bản"), max_length=100, blank=True)

    class Meta:
        ordering = ["committee", "decided_on", "id"]

    def __str__(self) -> str:
        return self.subject


class InspectionPlan(models.Model):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="+")
    year = models.PositiveSmallIntegerField(_("Năm"))
    title = models.CharField(_("Tên kế hoạch"), max_length=255)

    class Meta:
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return self.title


class Inspection(models.Model):
    """One inspection or supervision of the year's plan (Quy định 296-QĐ/TW)."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("Kiểm tra")
        SUPERVISION = "supervision", _("Giám sát")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Theo kế hoạch")
        DONE = "done", _("Đã kết luận")

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="inspections")
    kind = models.CharField(_("Hình thức"), max_length=20, choices=Kind.choices,
                            default=Kind.INSPECTION)
    target_organization = models.ForeignKey("organizations.Organization", null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+",
                                            verbose_name=_("Tổ chức được kiểm tra"))
    target_member = models.ForeignKey("organizations.Member", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("Đảng viên được kiểm tra"))
    content = models.TextField(_("Nội dung"))
    inspectors = models.CharField(_("Đoàn kiểm tra"), max_length=500, blank=True)
    starts_on = models.DateField(_("Từ ngày"))
    ends_on = models.DateField(_("Đến ngày"), null=True, blank=True)
    status = models.CharField(_("Trạng thái"), max_length=20, choices=Status.choices,
                              default=Status.PLANNED)
    result = models.TextField(_("Kết luận"), blank=True)

    class Meta:
        ordering = ["plan", "starts_on", "id"]

    def __str__(self) -> str:
        return self.content[:80]


class Discipline(models.Model):
    class Form(models.TextChoices):
        REPRIMAND = "reprimand", _("Khiển trách")
        WARNING = "warning", _("Cảnh cáo")
        DISMISSAL = "dismissal", _("Cách chức")
        EXPULSION = "expulsion", _("Khai trừ")

    member = models.ForeignKey("organizations.Member", on_delete=models.PROTECT,
                               related_name="disciplines", verbose_name=_("Đảng viên"))
    form = models.CharField(_("Hình thức kỷ luật"), max_length=20, choices=Form.choices)
    decided_on = models.DateField(_("Ngày quyết định"))
    decided_by = models.CharField(_("Cấp quyết định"), max_length=255)
    reason = models.TextField(_("Nội dung vi phạm"))
    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="disciplines")
    self_corrected = models.BooleanField(_("Tự phát hiện, tự sửa chữa"), default=False)

    class Meta:
        ordering = ["-decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_form_display()} – {self.decided_on}"
