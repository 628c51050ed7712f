"""Demo data: the executive committee the demo congress elected (its mandates), with ten
conferences of its term held and the 11th in session today (not yet marked held):
invitations sent and partly answered, attendance recorded, two drafts with comments (one in
its second version, comments carried), the standing committee's work since the 10th, the
mid-term confidence vote held on device, encrypted (the counting group made the key, the
members present voted through e-voting, two key holders decrypted, the counts recorded) and
a vote on a question open on device; an inspection plan of the year with two disciplines.

The demo congress is in session today, yet the issue asks for a committee at mid-term: the
committee's dates are placed as if its term had begun 30 months ago (said in the log).
Logins: the committee members' delegate logins (db…) get the committee role; "kiemtra"
is the inspection committee's.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping

from django.contrib.auth.models import Group
from django.utils import timezone

from daihoi.core.demo import DEMO_PASSWORD
from daihoi.core.models import User
from daihoi.core.roles import Role
from daihoi.core.services import user_create
from daihoi.elections.evoting import services as evote
from daihoi.elections.evoting import trustees_sim
from daihoi.elections.evoting.crypto.group import seeded_rng
from daihoi.elections.evoting.models import EVoteRound, Trustee
from daihoi.elections.models import Election, Mandate
from daihoi.meetings import sections, services
from daihoi.meetings.models import (
    Attendance,
    Committee,
    CommitteeMember,
    Conference,
    ConfidenceVote,
    Invitation,
)
from daihoi.organizations.models import Member, Organization

MIDTERM = [
    sections.Section("I. Kết quả thực hiện Nghị quyết nửa đầu nhiệm kỳ",
                     "Bám sát sự lãnh đạo, chỉ đạo của Tỉnh ủy, các cấp ủy, tổ chức đảng đã nêu cao "
                     "tinh thần đoàn kết, trách nhiệm, hoàn thành tốt nhiệm vụ chính trị; cơ bản đạt "
                     "và vượt 5/7 chỉ tiêu Đại hội đề ra."),
    sections.Section("1. Công tác chính trị tư tưởng",
                     "Việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh gắn với "
                     "thực hiện Nghị quyết Trung ương 4 được triển khai nghiêm túc, tạo chuyển biến "
                     "tích cực."),
    sections.Section("2. Công tác tổ chức, xây dựng Đảng",
                     "Công tác củng cố, xây dựng tổ chức đảng, quản lý đảng viên được chú trọng; năng "
                     "lực lãnh đạo, sức chiến đấu của tổ chức đảng được nâng lên. Kết nạp 227 quần "
                     "chúng ưu tú vào Đảng."),
    sections.Section("3. Công tác kiểm tra, giám sát",
                     "Công tác kiểm tra, giám sát và thi hành kỷ luật đảng được thực hiện nghiêm túc, "
                     "đúng nguyên tắc, quy trình, quy định."),
    sections.Section("II. Phương hướng, nhiệm vụ đến hết nhiệm kỳ",
                     "Tiếp tục quán triệt, cụ thể hóa thực hiện có hiệu quả 3 khâu đột phá, 6 chương "
                     "trình trọng tâm; bổ sung, điều chỉnh một số chỉ tiêu."),
]
# The second version: section 2 renamed, the directions moved up before the results.
MIDTERM_V2 = [
    MIDTERM[0], MIDTERM[4], MIDTERM[1],
    sections.Section("2. Xây dựng tổ chức đảng và đội ngũ đảng viên", MIDTERM[2].text +
                     " Thành lập mới 02 tổ chức đảng trong doanh nghiệp ngoài khu vực nhà nước."),
    MIDTERM[3],
]
INSPECTION_DRAFT = [
    sections.Section("I. Kết quả 6 tháng đầu năm",
                     "Ủy ban Kiểm tra đã kiểm tra 6 tổ chức đảng và 4 đảng viên; giám sát chuyên đề 5 "
                     "tổ chức đảng."),
    sections.Section("II. Trọng tâm 6 tháng cuối năm",
                     "Thực hiện và hoàn thành các cuộc kiểm tra, giám sát năm theo chương trình."),
]
COMMENTS = [
    (1, "Đề nghị bổ sung số liệu cụ thể về kết quả học tập chuyên đề năm."),
    (2, "Nên nêu rõ số tổ chức đảng được thành lập mới trong doanh nghiệp ngoài nhà nước."),
    (2, "Tỷ lệ kết nạp đảng viên là công nhân cần được so sánh với cùng kỳ."),
    (4, "Phương hướng cần gắn với chủ đề công tác năm của Tỉnh ủy."),
    (0, "Cần đánh giá rõ những hạn chế, nguyên nhân."),
]
DECISIONS = [
    "Cho ý kiến về nhân sự bổ sung Ban Chấp hành",
    "Ký kết chương trình phối hợp với Ban Thường vụ Liên đoàn Lao động tỉnh",
    "Chỉ đạo sơ kết giữa nhiệm kỳ ở các tổ chức cơ sở đảng",
    "Thành lập Đoàn kiểm tra việc chấp hành Điều lệ Đảng",
]


def _actor() -> User | None:
    return User.objects.filter(is_superuser=True).order_by("id").first()


def _grant(users: list[int], role: Role) -> None:
    group, _created = Group.objects.get_or_create(name=str(role))
    through = User.groups.through
    have = set(through.objects.filter(group_id=group.pk).values_list("user_id", flat=True))
    through.objects.bulk_create([through(user_id=u, group_id=group.pk) for u in users
                                 if u not in have])


def _seats_from_election() -> tuple[Election | None, list[tuple[Member | None, str, str]]]:
    election = (Election.objects.filter(kind=Election.Kind.COMMITTEE).exclude(mandates=None)
                .order_by("-id").first())
    if election is None:
        return None, []
    mandates = list(Mandate.objects.filter(election=election).select_related("member")
                    .order_by("order", "id"))
    return election, [(m.member, m.full_name, "member") for m in mandates]


POSITIONS = ["secretary", "deputy", "deputy"] + ["standing"] * 6


def _confidence_on_device(actor: User, conference: Conference, seats: list[CommitteeMember],
                          marks: Mapping[int, str], rng: random.Random, seed: int) -> ConfidenceVote:
    """The mid-term confidence vote on device, encrypted (docs/evote-protocol.md): prepared
    by the office; the conference's counting group, three members present, makes the
    round's key on their phones (k = 2 of 3) and opens it; every member present with a
    login votes on a phone that encrypts the ballot (the last post mostly "low", so the page
    shows Điều 11 khoản 3); closed, two of the three key holders decrypt the totals (a
    holder who sends no share does not stop the count), and the office records the counts into the
    vote, as it records a plain one. Phones simulated as in the congress's encrypted round
    (trustees_sim)."""
    posts = [s for s in seats if s.position != CommitteeMember.Position.MEMBER]
    vote = services.confidence_vote_create(
        acting_user=actor, conference=conference, title="Lấy phiếu tín nhiệm giữa nhiệm kỳ",
        subjects=posts)
    voters = [(seat, seat.member.user) for seat in seats
              if seat.member_id and seat.member and seat.member.user
              and marks.get(seat.pk) == Attendance.Status.PRESENT]
    counting = [seat for seat, _user in voters[-3:]]
    vote = services.confidence_device_prepare(acting_user=actor, vote=vote, counting=counting)
    assert vote.round is not None
    trustees = [user for _seat, user in voters[-3:]]
    # Demo data, so the key, the ballots and the decryption are drawn from the seed (the
    # same board on every `--reset`), never from os.urandom as a real phone's are.
    phones = seeded_rng(f"daihoi-demo-meetings-confidence-{seed}")
    shares = trustees_sim.run_ceremony(vote.round, trustees, rng=phones)
    round_ = evote.evote_open(acting_user=trustees[0], round_=vote.round,
                              scheme=EVoteRound.Scheme.ENCRYPTED)
    for _seat, user in voters:
        letters = "".join(("l" if rng.random() < 0.8 else "m") if i == len(posts) - 1
                          else rng.choices("hmln", weights=[70, 22, 5, 3])[0]
                          for i in range(len(posts)))
        trustees_sim.cast(round_, user, trustees_sim.confidence_selections(letters), phones)
    evote.evote_close_encrypted(acting_user=trustees[0], round_=round_)
    trustees_sim.decrypt(round_, trustees[:2], shares, phones)
    return services.confidence_device_record(acting_user=actor, vote=vote)


def build(*, seed: int, log: Callable[[str], None]) -> None:
    if Committee.objects.exists():
        log("Đã có cấp ủy: bỏ qua dữ liệu demo hội nghị")
        return
    actor = _actor()
    root = Organization.objects.filter(parent__isnull=True).order_by("id").first()
    if actor is None or root is None:
        log("Chưa có tài khoản quản trị hoặc tổ chức: bỏ qua dữ liệu demo hội nghị")
        return
    rng = random.Random(seed + 70)  # noqa: S311 - demo data, reproducible by design
    election, seats = _seats_from_election()
    source = "do Đại hội bầu"
    if not seats:
        members = list(Member.objects.filter(status__in=Member.ACTIVE_STATUSES).order_by("id")[:28])
        seats = [(m, m.full_name, "member") for m in members]
        source = "lấy từ danh sách đảng viên (chưa có cuộc bầu Ban Chấp hành)"
    if len(seats) < 12:
        log("Quá ít ủy viên cho dữ liệu demo hội nghị")
        return
    # The first nine: secretary, two deputies, six more of the standing committee.
    seats = [(m, n, POSITIONS[i] if i < len(POSITIONS) else p) for i, (m, n, p) in enumerate(seats)]
    today = timezone.localdate()
    start = today - dt.timedelta(days=913)  # 30 months: mid-term
    term = election.term if election is not None and election.term else f"{start.year}–{start.year + 5}"
    executive = services.committee_create(
        acting_user=actor, organization=root, kind=Committee.Kind.EXECUTIVE,
        name=f"Ban Chấp hành {root.name}", term=term, term_starts_on=start, election=election,
        seats=seats)
    standing = services.committee_create(
        acting_user=actor, organization=root, kind=Committee.Kind.STANDING,
        name=f"Ban Thường vụ {root.short_name or root.name}", term=term, term_starts_on=start,
        seats=seats[:9])
    exec_seats = list(executive.members.all())
    chair = exec_seats[0].full_name
    tz = timezone.get_current_timezone()

    # Ten conferences held, about every three months.
    for n in range(10):
        day = start + dt.timedelta(days=1 + n * 90)
        conference = services.conference_create(
            acting_user=actor, committee=executive, chair=chair,
            starts_at=dt.datetime.combine(day, dt.time(14, 0), tzinfo=tz),
            kind=Conference.Kind.EXTRAORDINARY if n == 4 else Conference.Kind.REGULAR,
            place="Hội trường Đảng ủy Khối",
            agenda="Báo cáo kết quả lãnh đạo thực hiện nhiệm vụ quý\nCông việc Ban Thường vụ đã giải quyết")
        marks = {s.pk: rng.choices([Attendance.Status.PRESENT, Attendance.Status.EXCUSED,
                                    Attendance.Status.ABSENT], weights=[90, 8, 2])[0]
                 for s in exec_seats}
        services.attendance_record(acting_user=actor, conference=conference, marks=marks)
        if n == 9:
            present = sum(1 for m in marks.values() if m == Attendance.Status.PRESENT)
            services.vote_record(acting_user=actor, conference=conference,
                                 question="Thông qua Chương trình kiểm tra, giám sát năm",
                                 agree=present - 1, disagree=0, other=1)
        services.conference_update(
            acting_user=actor, conference=conference, status=Conference.Status.HELD,
            conclusion=f"Hội nghị lần thứ {n + 1} thống nhất các nội dung trình; giao các cơ "
                       "quan tham mưu tiếp thu ý kiến, hoàn thiện, ban hành.")
    tenth_day = start + dt.timedelta(days=1 + 9 * 90)
    for i, subject in enumerate(DECISIONS):
        services.decision_add(acting_user=actor, committee=standing,
                              decided_on=tenth_day + dt.timedelta(days=10 + i * 12),
                              subject=subject, reference=f"{120 + i}-QĐ/ĐUK")

    # The 11th, in session today (not yet marked held): comments still come in.
    eleventh = services.conference_create(
        acting_user=actor, committee=executive, chair=chair,
        starts_at=dt.datetime.combine(today, dt.time(8, 0), tzinfo=tz),
        place="Hội trường Đảng ủy Khối",
        agenda="\n".join([
            "Dự thảo Báo cáo sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội",
            "Báo cáo kết quả lãnh đạo thực hiện nhiệm vụ 6 tháng đầu năm",
            "Dự thảo kết quả công tác kiểm tra, giám sát 6 tháng đầu năm",
            "Báo cáo tài chính Đảng năm trước",
            "Các công việc Ban Thường vụ đã giải quyết từ sau Hội nghị lần thứ 10",
            "Lấy phiếu tín nhiệm giữa nhiệm kỳ"]))
    services.invitations_send(acting_user=actor, conference=eleventh, guests=[
        ("Chuyên viên Ban Tổ chức Tỉnh ủy", "cơ quan tham mưu theo dõi Đảng bộ Khối"),
        ("Ủy viên Ủy ban Kiểm tra Đảng ủy Khối", "")])
    for inv in Invitation.objects.filter(conference=eleventh).exclude(seat=None)[:20]:
        excused = rng.random() < 0.15
        services.invitation_answer(
            acting_user=actor, invitation=inv,
            answer=Invitation.Answer.EXCUSED if excused else Invitation.Answer.ATTENDING,
            reason="Đi công tác" if excused else "")

    # The committee's members comment with their own (delegate) logins.
    _grant([s.member.user_id for s in exec_seats if s.member_id and s.member and s.member.user_id],
           Role.COMMITTEE)
    midterm = services.draft_create(
        acting_user=actor, conference=eleventh,
        title="Dự thảo Báo cáo sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội",
        filename="so-ket-giua-nhiem-ky-v1.docx", data=sections.write_docx(MIDTERM))
    first = midterm.versions.get(number=1)
    section_rows = list(first.sections.all())
    comments = []
    for i, (index, text) in enumerate(COMMENTS):
        commenter = exec_seats[3 + i]
        user = commenter.member.user if commenter.member_id and commenter.member else None
        comments.append(services.comment_add(acting_user=user if user else actor,
                                             section=section_rows[index], text=text,
                                             channel="phone" if i % 2 else "laptop"))
    services.comment_handle(acting_user=actor, comment=comments[1], handling="taken",
                            reply="Đã bổ sung số liệu vào mục 2.")
    services.comment_handle(acting_user=actor, comment=comments[2], handling="explained",
                            reply="Số liệu so sánh sẽ nêu trong phụ lục kèm theo báo cáo.")
    services.version_add(acting_user=actor, draft=midterm, filename="so-ket-giua-nhiem-ky-v2.docx",
                         data=sections.write_docx(MIDTERM_V2), note="Tiếp thu ý kiến lần 1")
    inspection_draft = services.draft_create(
        acting_user=actor, conference=eleventh,
        title="Dự thảo kết quả công tác kiểm tra, giám sát 6 tháng đầu năm",
        filename="kiem-tra-giam-sat.docx", data=sections.write_docx(INSPECTION_DRAFT))
    services.comment_add(acting_user=actor,
                         section=inspection_draft.versions.get().sections.order_by("order")[0],
                         text="Đề nghị nêu rõ số đảng viên bị thi hành kỷ luật.")

    # Attendance at the 11th: those who sent an excuse are excused, two more absent.
    answers = dict(Invitation.objects.filter(conference=eleventh).exclude(seat=None)
                   .values_list("seat_id", "answer"))
    marks = {s.pk: Attendance.Status.EXCUSED if answers.get(s.pk) == Invitation.Answer.EXCUSED
             else Attendance.Status.PRESENT for s in exec_seats}
    for seat in exec_seats[-2:]:
        marks[seat.pk] = Attendance.Status.ABSENT
    services.attendance_record(acting_user=actor, conference=eleventh, marks=marks)
    confidence = _confidence_on_device(actor, eleventh, exec_seats, marks, rng, seed)
    # A vote on a question on the members' devices, open: a demo member can answer it.
    question = services.vote_open_device(
        acting_user=actor, conference=eleventh,
        question="Thông qua Dự thảo Báo cáo sơ kết giữa nhiệm kỳ (đã tiếp thu ý kiến)")
    for seat in [s for s in exec_seats if marks[s.pk] == Attendance.Status.PRESENT][3:12]:
        if seat.member_id and seat.member and seat.member.user_id:
            services.vote_answer(acting_user=seat.member.user, vote=question, choice="agree")

    # Inspection and discipline of the year.
    plan = services.inspection_plan_create(acting_user=actor, organization=root, year=today.year,
                                           title=f"Chương trình kiểm tra, giám sát năm {today.year}")
    cells = list(Organization.objects.filter(parent=root).order_by("id")[:3])
    members = list(Member.objects.filter(status__in=Member.ACTIVE_STATUSES).order_by("-id")[:2])
    for i, org in enumerate(cells):
        row = services.inspection_add(
            acting_user=actor, plan=plan, kind="inspection" if i % 2 == 0 else "supervision",
            content="Việc chấp hành Điều lệ Đảng, nguyên tắc tập trung dân chủ",
            target_organization=org, inspectors="Ủy ban Kiểm tra Đảng ủy Khối",
            starts_on=dt.date(today.year, 3 + i, 1))
        if i == 0:
            services.inspection_conclude(acting_user=actor, inspection=row,
                                         result="Chấp hành tốt; cần khắc phục hạn chế về lưu trữ hồ sơ.")
    for member, form in zip(members, ["reprimand", "warning"], strict=False):
        services.discipline_record(acting_user=actor, member=member, form=form,
                                   decided_on=dt.date(today.year, 5, 15),
                                   decided_by="Ủy ban Kiểm tra Đảng ủy Khối",
                                   reason="Vi phạm quy định về những điều đảng viên không được làm")

    # The inspection committee's login.
    if not User.objects.filter(username="kiemtra").exists():
        user_create(acting_user=None, username="kiemtra", password=DEMO_PASSWORD,
                    full_name="Ủy ban Kiểm tra Đảng ủy Khối", roles=[Role.INSPECTION])
    assert confidence.round_id is not None
    holders = Trustee.objects.filter(round_id=confidence.round_id).order_by("index") \
        .values_list("user__username", flat=True)
    logins = sorted(s.member.user.username for s in exec_seats
                    if s.member_id and s.member and s.member.user_id and s.member.user)
    log(f"Ban Chấp hành {len(exec_seats)} ủy viên ({source}; ngày tháng đặt như đã qua 30 tháng "
        f"của nhiệm kỳ): 10 hội nghị đã họp, hội nghị lần thứ 11 họp hôm nay với 2 dự thảo, "
        f"{len(COMMENTS) + 1} ý kiến, lấy phiếu tín nhiệm trên thiết bị (mã hóa, Tổ kiểm phiếu "
        f"giữ khóa: {', '.join(holders)}; bảng tin /vote/r/{confidence.round_id}/board/), "
        f"một biểu quyết đang mở; "
        f"đăng nhập ủy viên: {', '.join(logins[:3])}…; Ủy ban Kiểm tra: kiemtra")
