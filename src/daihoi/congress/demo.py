"""Demo congress: the root committee's congress in session today (about 246 official
delegates, most checked in), its bodies and guests, and the previous congress (closed).

Runs after the organizations demo; deterministic from the seed, bulk inserts only."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from daihoi.congress.models import Body, BodyMember, CheckIn, Congress, CongressSession, Delegate, Guest
from daihoi.core.audit import audit_create_bulk, snapshot
from daihoi.core.demo import DEMO_PASSWORD
from daihoi.core.models import AuditLog, User
from daihoi.core.roles import Role
from daihoi.elections import demo as elections_demo
from daihoi.organizations.models import Member, Organization
from daihoi.rules.quorum import DEFAULT_QUORUM_TEXT

OFFICIAL = 246
EX_OFFICIO = 27
ALTERNATES = 10
CHECKED_IN = 230
THEME = (
    "Nâng cao chất lượng, hiệu quả lãnh đạo của các cấp ủy, tổ chức đảng, phát huy dân chủ, "
    "đoàn kết; tăng cường kỷ cương, trách nhiệm nêu gương; tập trung trí tuệ, chủ động sáng tạo "
    "thực hiện thắng lợi Nghị quyết Đại hội đã đề ra"
)
GUESTS = [
    (
        "Lê Thị Thu Hồng",
        "Phó Bí thư Thường trực Tỉnh ủy, Trưởng Đoàn Đại biểu Quốc hội tỉnh",
        Guest.Group.LEADERS,
    ),
    ("Nguyễn Văn Lợi", "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Tỉnh ủy", Guest.Group.LEADERS),
    ("Trần Minh Tâm", "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Tỉnh ủy", Guest.Group.LEADERS),
    ("Phạm Thị Hoa", "Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", Guest.Group.LEADERS),
    ("Đỗ Quang Huy", "Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh", Guest.Group.LEADERS),
    ("Vũ Thị Ngọc Lan", "Tỉnh ủy viên, Phó Chủ tịch HĐND tỉnh", Guest.Group.LEADERS),
    ("Hoàng Văn Thắng", "Phó Trưởng Ban Tổ chức Tỉnh ủy", Guest.Group.DEPARTMENTS),
    ("Bùi Thị Thanh", "Phó Chánh Văn phòng Tỉnh ủy", Guest.Group.DEPARTMENTS),
    ("Ngô Đức Toàn", "Giám đốc Sở Nội vụ", Guest.Group.DEPARTMENTS),
    ("Đặng Văn Bình", "Chủ tịch Liên đoàn Lao động tỉnh", Guest.Group.DEPARTMENTS),
    ("Thân Minh Quế", "Nguyên Bí thư Đảng ủy Khối", Guest.Group.FORMER_LEADERS),
    ("Nguyễn Thị Kim Oanh", "Nguyên Bí thư Đảng ủy Khối", Guest.Group.FORMER_LEADERS),
    ("Lương Văn Sơn", "Nguyên Phó Bí thư Thường trực Đảng ủy Khối", Guest.Group.FORMER_LEADERS),
    ("Trịnh Thị Mai", "Nguyên Phó Bí thư Đảng ủy Khối", Guest.Group.FORMER_LEADERS),
    ("Dương Văn Khoa", "Nguyên Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối", Guest.Group.FORMER_LEADERS),
]
REPLACEMENT_REASON = "Ốm đau, đang điều trị dài ngày tại bệnh viện (có giấy xác nhận)"


def _grassroots_of(root: Organization) -> dict[int, int]:
    """Each organization's grassroots ancestor (a direct child of the root)."""
    parents = dict(Organization.objects.values_list("id", "parent_id"))
    out: dict[int, int] = {}
    for org_id in parents:
        node = org_id
        while parents.get(node) not in (None, root.pk):
            node = parents[node]  # type: ignore[assignment,unused-ignore]
        if parents.get(node) == root.pk:
            out[org_id] = node
    return out


def _pick_delegates(
    rng: random.Random, pool: list[Member], grassroots_of: dict[int, int], official: int, alternates: int
) -> tuple[list[Member], list[Member], list[Member]]:
    """Ex officio from the senior members, the elected spread over the grassroots
    organizations in proportion to their size, then the alternates."""
    senior = [m for m in pool if m.position in ("Giám đốc", "Phó Giám đốc", "Trưởng phòng")]
    ex_officio = rng.sample(senior if len(senior) >= EX_OFFICIO else pool, min(EX_OFFICIO, len(pool)))
    taken = {m.pk for m in ex_officio}
    by_unit: dict[int, list[Member]] = {}
    for m in pool:
        if m.pk not in taken and m.organization_id in grassroots_of:
            by_unit.setdefault(grassroots_of[m.organization_id], []).append(m)
    want = official - len(ex_officio)
    total = sum(len(v) for v in by_unit.values()) or 1
    elected: list[Member] = []
    for members in by_unit.values():
        # At least one delegate for every grassroots organization, then by size.
        k = max(1, round(want * len(members) / total))
        elected.extend(rng.sample(members, min(k, len(members))))
    rng.shuffle(elected)
    elected = elected[:want]
    taken |= {m.pk for m in elected}
    rest = [m for m in pool if m.pk not in taken]
    return ex_officio, elected, rng.sample(rest, min(alternates, len(rest)))


def _create_congress(
    rng: random.Random,
    root: Organization,
    *,
    ordinal: int,
    term_start: int,
    starts_on: dt.date,
    status: str,
    pool: list[Member],
    grassroots_of: dict[int, int],
) -> tuple[Congress, list[CongressSession], list[Delegate]]:
    congress = Congress.objects.create(
        organization=root,
        ordinal=ordinal,
        term_start=term_start,
        term_end=term_start + 5,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=1),
        theme=THEME,
        venue="Hội trường Trung tâm Hội nghị tỉnh",
        status=status,
        kind=Congress.Kind.DELEGATES,
        rules={
            "quorum_share": DEFAULT_QUORUM_TEXT,
            # Confirmed by show of hands at the preparatory session (RULES.md: an open rule).
            "quorum_confirmed_at": dt.datetime.combine(starts_on, dt.time(7, 45)).isoformat(),
            "quorum_confirmed_by": "Đoàn Thư ký",
            "quorum_note": "Đại hội biểu quyết tại phiên trù bị",
        },
    )
    sessions = [
        CongressSession(
            congress=congress,
            name="Phiên trù bị",
            date=starts_on,
            starts_at=dt.time(7, 30),
            order=1,
            is_preparatory=True,
        ),
        CongressSession(
            congress=congress,
            name="Phiên chính thức",
            date=starts_on,
            starts_at=dt.time(8, 30),
            order=2,
            is_current=True,
        ),
    ]
    CongressSession.objects.bulk_create(sessions)
    ex_officio, elected, alternates = _pick_delegates(rng, pool, grassroots_of, OFFICIAL, ALTERNATES)
    delegates: list[Delegate] = []
    number = 0
    for group, origin, kind in (
        (ex_officio, Delegate.Origin.EX_OFFICIO, Delegate.Kind.OFFICIAL),
        (elected, Delegate.Origin.ELECTED, Delegate.Kind.OFFICIAL),
        (alternates, Delegate.Origin.ELECTED, Delegate.Kind.ALTERNATE),
    ):
        for m in group:
            number += 1
            delegates.append(
                Delegate(
                    congress=congress,
                    member=m,
                    kind=kind,
                    origin=origin,
                    represents_id=root.pk
                    if origin == Delegate.Origin.EX_OFFICIO
                    else grassroots_of.get(m.organization_id, m.organization_id),
                    number=number,
                    credentials=Delegate.Credentials.ACCEPTED,
                    checkin_code=f"{congress.pk}-{rng.getrandbits(64):016x}",
                )
            )
    Delegate.objects.bulk_create(delegates)
    return congress, sessions, delegates


def _delegate_users(delegates: list[Delegate], skip_member_ids: set[int]) -> list[User]:
    """One login per delegate ("db001"), role delegate, linked through Member.user.

    One PBKDF2 hash for all: they share the demo password, and hashing 256 passwords one
    by one would take most of a minute."""
    password = make_password(DEMO_PASSWORD)
    existing = set(User.objects.values_list("username", flat=True))
    users = []
    for d in delegates:
        username = f"db{d.number:03d}"
        if d.member_id in skip_member_ids or username in existing or d.member.user_id:
            continue
        users.append(User(username=username, password=password, full_name=d.member.full_name))
    User.objects.bulk_create(users)
    users = list(User.objects.filter(username__in=[u.username for u in users]))
    group, _ = Group.objects.get_or_create(name=str(Role.DELEGATE))
    through = User.groups.through
    through.objects.bulk_create([through(user_id=u.pk, group_id=group.pk) for u in users])
    by_name = {u.username: u for u in users}
    members = []
    for d in delegates:
        user = by_name.get(f"db{d.number:03d}")
        if user is not None:
            d.member.user = user
            members.append(d.member)
    Member.objects.bulk_update(members, ["user"])
    ct = ContentType.objects.get_for_model(User)
    # The password hash stays out of the audit log, as in core.services.
    AuditLog.objects.bulk_create(
        [
            AuditLog(
                action=AuditLog.Action.CREATE,
                verb="demo",
                content_type=ct,
                object_id=str(u.pk),
                object_repr=str(u),
                after=snapshot(u, exclude=("password", "last_login")),
            )
            for u in users
        ]
    )
    return users


def build(*, seed: int, log: Callable[[str], None]) -> None:
    """The congresses, then the elections of the one in session (the elections demo takes
    its delegates from here: the elections app does not import the congress). Two steps,
    because each election service is a transaction of its own."""
    _build_congresses(seed=seed, log=log)
    build_elections(seed=seed, log=log)


def build_elections(*, seed: int, log: Callable[[str], None]) -> None:
    """The elections demo for the congress in session, candidates drawn from its official
    delegates who are not on its counting committee (190-QĐ/TW Điều 8)."""
    congress = Congress.objects.filter(status=Congress.Status.IN_SESSION).first()
    if congress is None:
        return
    counting = set(BodyMember.objects.filter(body__congress=congress, body__kind=Body.Kind.COUNTING)
                   .values_list("member_id", flat=True))
    pool = [d.member for d in Delegate.objects.filter(congress=congress, kind=Delegate.Kind.OFFICIAL)
            .select_related("member").order_by("id") if d.member_id not in counting]
    elections_demo.build_for(seed=seed, log=log, organization=congress.organization, congress=congress,
                             pool=pool, term=congress.term.replace(" ", ""))


@transaction.atomic
def _build_congresses(*, seed: int, log: Callable[[str], None]) -> None:
    if Congress.objects.exists():
        log("Đã có đại hội: bỏ qua dữ liệu demo đại hội")
        return
    root = Organization.objects.filter(parent__isnull=True, dissolved_on__isnull=True).order_by("id").first()
    if root is None:
        log("Chưa có tổ chức đảng: bỏ qua dữ liệu demo đại hội")
        return
    rng = random.Random(seed + 18)  # noqa: S311 - demo data, reproducible by design
    today = timezone.localdate()
    grassroots_of = _grassroots_of(root)
    pool = list(Member.objects.filter(status__in=Member.ACTIVE_STATUSES).order_by("id"))
    term = today.year - today.year % 5

    past, _, past_delegates = _create_congress(
        rng,
        root,
        ordinal=17,
        term_start=term - 5,
        starts_on=dt.date(term - 5, 8, 20),
        status=Congress.Status.CLOSED,
        pool=pool,
        grassroots_of=grassroots_of,
    )
    CongressSession.objects.filter(congress=past).update(is_current=False)

    congress, sessions, delegates = _create_congress(
        rng,
        root,
        ordinal=18,
        term_start=term,
        starts_on=today,
        status=Congress.Status.IN_SESSION,
        pool=pool,
        grassroots_of=grassroots_of,
    )
    official = [d for d in delegates if d.kind == Delegate.Kind.OFFICIAL]
    alternates = [d for d in delegates if d.kind == Delegate.Kind.ALTERNATE]

    # One official who cannot attend, replaced by the first alternate.
    absent = next(d for d in reversed(official) if d.origin == Delegate.Origin.ELECTED)
    absent.absent_whole_congress = True
    absent.save(update_fields=["absent_whole_congress"])
    alternates[0].replaces = absent
    alternates[0].replacement_reason = REPLACEMENT_REASON
    alternates[0].save(update_fields=["replaces", "replacement_reason"])
    # Two credentials still under review.
    for d in alternates[-2:]:
        d.credentials = Delegate.Credentials.PENDING
        d.save(update_fields=["credentials"])

    # Check-ins: the preparatory session, then the official one (current).
    now = timezone.now()
    seated = [d for d in official if not d.absent_whole_congress] + [alternates[0]]
    checkins: list[CheckIn] = []
    for session, count, start in (
        (sessions[0], CHECKED_IN + 4, now - dt.timedelta(hours=2)),
        (sessions[1], CHECKED_IN, now - dt.timedelta(minutes=50)),
    ):
        came = rng.sample(seated, min(count, len(seated)))
        for i, d in enumerate(came):
            checkins.append(
                CheckIn(
                    delegate=d,
                    session=session,
                    checked_in_at=start + dt.timedelta(seconds=6 * i),
                    checked_out_at=start + dt.timedelta(minutes=55) if session is sessions[0] else None,
                )
            )
    CheckIn.objects.bulk_create(checkins, batch_size=1000)

    # The bodies, approved by show of hands at the preparatory session.
    candidates_free = [
        d for d in official if d.origin == Delegate.Origin.ELECTED and not d.absent_whole_congress
    ]
    ex = [d for d in official if d.origin == Delegate.Origin.EX_OFFICIO]
    chosen = rng.sample(candidates_free, 15)
    plan: dict[str, list[Delegate]] = {
        Body.Kind.PRESIDIUM: ex[:13],
        Body.Kind.SECRETARIAT: chosen[:3],
        Body.Kind.CREDENTIALS: ex[13:15] + chosen[3:6],
        Body.Kind.COUNTING: chosen[6:13],
    }
    bodies, rows = [], []
    for kind in plan:
        body = Body(
            congress=congress,
            kind=kind,
            approved=True,
            approved_at=now - dt.timedelta(hours=1, minutes=40),
            approval_note="100% đại biểu có mặt biểu quyết tán thành",
        )
        bodies.append(body)
    Body.objects.bulk_create(bodies)
    for body in bodies:
        for i, d in enumerate(plan[body.kind]):
            rows.append(
                BodyMember(
                    body=body,
                    member=d.member,
                    order=i + 1,
                    role=BodyMember.Role.CHAIR if i == 0 else BodyMember.Role.MEMBER,
                )
            )
    BodyMember.objects.bulk_create(rows)
    # The demo login "kiemphieu" is the first member of the counting committee.
    counting_member = plan[Body.Kind.COUNTING][0].member
    kiemphieu = User.objects.filter(username="kiemphieu").first()
    skip: set[int] = set()
    if kiemphieu is not None and counting_member.user_id is None:
        counting_member.user = kiemphieu
        counting_member.save(update_fields=["user"])
        skip.add(counting_member.pk)

    guests = [
        Guest(congress=congress, full_name=n, title=t, group=g, order=i + 1)
        for i, (n, t, g) in enumerate(GUESTS)
    ]
    Guest.objects.bulk_create(guests)
    through = Guest.sessions.through
    through.objects.bulk_create(
        [through(guest_id=g.pk, congresssession_id=s.pk) for g in guests for s in sessions]
    )

    users = _delegate_users(delegates, skip)
    audit_create_bulk(
        actor=None,
        verb="demo",
        objs=[past, congress, *sessions, *past_delegates, *delegates, *checkins, *bodies, *rows, *guests],
    )
    present = sum(1 for c in checkins if c.session_id == sessions[1].pk)
    log(
        f"Đại hội lần thứ {congress.ordinal_roman}: {len(official)} đại biểu chính thức, "
        f"{len(alternates)} dự khuyết, "
        f"{present} đã điểm danh, {len(guests)} khách mời, {len(users)} tài khoản đại biểu (db001…)"
    )
