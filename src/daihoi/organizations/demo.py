"""Demo register: a provincial bloc committee like the articles' (77 grassroots
organizations, about 4,500 members), deterministic from the seed, built with bulk_create.

`generate_members(...)` is also used by the 100,000-member benchmark."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from daihoi.core.audit import audit_create_bulk
from daihoi.organizations.models import AdmissionPlan, Member, MemberTransfer, Organization
from daihoi.rules import membership as lifecycle

ROOT_NAME = "Đảng bộ Khối Cơ quan và Doanh nghiệp tỉnh"

# Grassroots committees (đảng bộ cơ sở) with their own party cells.
COMMITTEES = [
    "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Giáo dục và Đào tạo", "Sở Y tế",
    "Sở Nông nghiệp và Phát triển nông thôn", "Sở Giao thông vận tải", "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường", "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Công Thương", "Sở Nội vụ", "Văn phòng UBND tỉnh",
    "Cục Thuế tỉnh", "Kho bạc Nhà nước tỉnh", "Bảo hiểm xã hội tỉnh", "Cục Hải quan tỉnh",
    "Ngân hàng Nhà nước chi nhánh tỉnh", "Công ty Điện lực", "Bưu điện tỉnh", "Viễn thông tỉnh",
    "Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh tỉnh",
    "Ngân hàng TMCP Công Thương chi nhánh tỉnh", "Công ty Cổ phần Cấp thoát nước",
    "Đài Phát thanh và Truyền hình tỉnh", "Công ty TNHH MTV Cao su", "Công ty Xăng dầu tỉnh",
    "Trường Chính trị tỉnh",
]
# Grassroots cells (chi bộ cơ sở), members directly in them.
CELLS = [
    "Ban Quản lý các khu công nghiệp", "Sở Tư pháp", "Sở Khoa học và Công nghệ",
    "Sở Thông tin và Truyền thông", "Sở Ngoại vụ", "Thanh tra tỉnh", "Ban Dân tộc tỉnh",
    "Liên minh Hợp tác xã tỉnh", "Cục Thống kê tỉnh", "Cục Quản lý thị trường tỉnh",
    "Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh", "Quỹ Đầu tư phát triển tỉnh",
    "Quỹ Bảo vệ môi trường tỉnh", "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch",
    "Trung tâm Phục vụ hành chính công tỉnh", "Văn phòng Đăng ký đất đai",
    "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp",
    "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông",
    "Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp",
    "Ngân hàng TMCP Ngoại thương chi nhánh tỉnh",
    "Ngân hàng TMCP Đầu tư và Phát triển chi nhánh tỉnh",
    "Ngân hàng Chính sách xã hội chi nhánh tỉnh", "Ngân hàng Phát triển chi nhánh tỉnh",
    "Công ty Bảo Việt tỉnh", "Viettel tỉnh", "Công ty Cổ phần Môi trường đô thị",
    "Công ty TNHH MTV Lâm nghiệp", "Công ty Cổ phần Dược - Vật tư y tế",
    "Công ty Cổ phần Xây lắp và Vật liệu xây dựng", "Công ty Cổ phần Vận tải và Dịch vụ",
    "Công ty Cổ phần Xi măng", "Công ty TNHH MTV Khai thác công trình thủy lợi",
    "Công ty TNHH MTV Xổ số kiến thiết", "Công ty Cổ phần Cảng",
    "Công ty Cổ phần Sách và Thiết bị trường học",
    "Công ty Cổ phần In", "Công ty Cổ phần Khoáng sản", "Công ty Cổ phần Du lịch",
    "Công ty Cổ phần Đăng kiểm xe cơ giới", "Công ty Cổ phần Giống cây trồng",
    "Công ty Cổ phần Thủy sản", "Công ty TNHH MTV Quản lý và Sửa chữa đường bộ",
    "Chi cục Tiêu chuẩn Đo lường Chất lượng", "Trung tâm Công nghệ thông tin và Truyền thông",
    "Trung tâm Kiểm soát bệnh tật tỉnh", "Bệnh viện Y dược cổ truyền tỉnh",
    "Trường Cao đẳng Kỹ thuật - Công nghệ", "Trường Cao đẳng Y tế", "Nhà xuất bản tỉnh",
]
CELL_UNITS_AGENCY = [
    "Văn phòng", "phòng Kế hoạch - Tài chính", "phòng Tổ chức cán bộ", "Thanh tra",
    "phòng Quản lý ngân sách", "phòng Tổng hợp", "phòng Pháp chế", "phòng Nghiệp vụ",
    "Trung tâm Dịch vụ", "phòng Hành chính - Quản trị", "Chi cục trực thuộc", "Khối đoàn thể",
]
CELL_UNITS_ENTERPRISE = [
    "Văn phòng Công ty", "phòng Kỹ thuật", "phòng Kinh doanh", "phòng Tài chính - Kế toán",
    "Xí nghiệp số 1", "Xí nghiệp số 2", "Phân xưởng Sản xuất", "Chi nhánh thành phố",
    "Chi nhánh huyện", "Đội Vận hành", "phòng Điều độ", "Ban Quản lý dự án",
]

FAMILY = [("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 35), ("Huỳnh", 30),
          ("Phan", 45), ("Vũ", 35), ("Võ", 35), ("Đặng", 25), ("Bùi", 20), ("Đỗ", 20), ("Hồ", 15),
          ("Ngô", 15), ("Dương", 12), ("Lý", 6), ("Đinh", 8), ("Đoàn", 6), ("Trịnh", 5), ("Mai", 4),
          ("Lương", 4), ("Tạ", 3), ("Cao", 3), ("Lâm", 3), ("Hà", 4), ("Thái", 2), ("Quách", 1),
          ("Châu", 2), ("Triệu", 2), ("Nông", 2)]
MIDDLE = {
    "male": [("Văn", 35), ("Hữu", 10), ("Minh", 12), ("Đức", 8), ("Quang", 8), ("Thanh", 7),
             ("Ngọc", 4), ("Công", 5), ("Xuân", 4), ("Quốc", 6), ("Trọng", 4), ("Tiến", 3),
             ("Hoàng", 3), ("Duy", 3), ("Anh", 2), ("Bá", 2), ("Đình", 4)],
    "female": [("Thị", 45), ("Thu", 8), ("Ngọc", 8), ("Thanh", 6), ("Minh", 4), ("Kim", 5),
               ("Hồng", 5), ("Thùy", 4), ("Phương", 3), ("Mỹ", 3), ("Bích", 3), ("Thị Thu", 3),
               ("Thị Ngọc", 2), ("Diệu", 2), ("Hoài", 2)],
}
GIVEN = {
    "male": ["An", "Anh", "Bảo", "Bình", "Cường", "Chiến", "Công", "Dũng", "Dương", "Đạt", "Định",
             "Đức", "Giang", "Hải", "Hào", "Hiếu", "Hiệp", "Hòa", "Hoàng", "Huy", "Hùng", "Hưng",
             "Khánh", "Khoa", "Kiên", "Lâm", "Linh", "Long", "Lộc", "Lợi", "Luân", "Mạnh", "Minh",
             "Nam", "Nghĩa", "Nhân", "Phát", "Phong", "Phú", "Phúc", "Quân", "Quang", "Quý", "Sơn",
             "Tài", "Tâm", "Tân", "Thắng", "Thành", "Thịnh", "Thông", "Toàn", "Trung", "Trường",
             "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Ân", "Ánh"],
    "female": ["An", "Anh", "Bích", "Châu", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng",
               "Hiền", "Hoa", "Hồng", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My",
               "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo",
               "Thơ", "Thu", "Thủy", "Trang", "Trâm", "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Ánh",
               "Ly", "Hậu", "Diệp", "Ngà"],
}
ETHNICITY = [("Kinh", 880), ("Tày", 30), ("Nùng", 20), ("Khmer", 20), ("Mường", 18), ("Hoa", 15),
             ("Thái", 10), ("Chăm", 4), ("Ê Đê", 3)]
EDUCATION = [("Đại học", 520), ("Thạc sĩ", 170), ("Cao đẳng", 80), ("Trung cấp", 90), ("Tiến sĩ", 15),
             ("Kỹ sư", 90), ("Cử nhân Luật", 20), ("Bác sĩ", 15)]
THEORY = [("Sơ cấp", 430), ("Trung cấp", 360), ("Cao cấp", 120), ("Cử nhân", 30), ("", 60)]
POSITIONS = [("Chuyên viên", 300), ("Nhân viên", 150), ("Kế toán", 40), ("Kỹ sư", 90), ("Công nhân", 90),
             ("Phó Trưởng phòng", 80), ("Trưởng phòng", 60), ("Phó Giám đốc", 25), ("Giám đốc", 12),
             ("Chuyên viên chính", 70), ("Giáo viên", 20), ("Bác sĩ", 15), ("Kiểm soát viên", 15)]


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def person_name(rng: random.Random, gender: str) -> str:
    family = _weighted(rng, FAMILY)
    middle = _weighted(rng, MIDDLE[gender])
    return f"{family} {middle} {rng.choice(GIVEN[gender])}"


@dataclass
class DemoTree:
    root: Organization
    grassroots: list[Organization]
    leaves: list[Organization]  # where members sit: party cells and grassroots cells
    weights: list[float]  # relative size of each leaf


_HOST_WORDS: list[tuple[tuple[str, ...], str]] = [
    (("Công ty Cổ phần", "Ngân hàng TMCP"), Organization.HostKind.PRIVATE_ENTERPRISE),
    (("Công ty", "Ngân hàng", "Bưu điện", "Viễn thông", "Viettel", "Xổ số"),
     Organization.HostKind.STATE_ENTERPRISE),
    (("Trường", "Bệnh viện", "Trung tâm", "Đài", "Nhà xuất bản", "Quỹ", "Bảo hiểm xã hội",
      "Văn phòng Đăng ký"), Organization.HostKind.PUBLIC_SERVICE),
    (("Sở", "Cục", "Văn phòng", "Kho bạc", "Ban", "Thanh tra", "Chi cục"),
     Organization.HostKind.STATE_AGENCY),
]

# How many of the grassroots cells in joint-stock companies were founded during the last term
# (the resolution's target "thành lập mới ... tổ chức đảng trong doanh nghiệp ngoài khu vực nhà
# nước" is measured on them).
NEW_PRIVATE = 7


def host_kind_of(name: str) -> str:
    """The demo's guess from the unit's name (an unknown name: another kind)."""
    unit = name.removeprefix("Đảng bộ ").removeprefix("Chi bộ ")
    for words, kind in _HOST_WORDS:
        if unit.startswith(words):
            return str(kind)
    return str(Organization.HostKind.OTHER)


def build_organizations(rng: random.Random) -> DemoTree:
    root = Organization.objects.create(name=ROOT_NAME, short_name="ĐBK", code="DBK",
                                       kind=Organization.Kind.COMMITTEE,
                                       address="Số 1 đường Hoàng Văn Thụ, tỉnh Bắc Giang",
                                       established_on=dt.date(1990, 3, 3))
    grassroots = [
        Organization(name=f"Đảng bộ {n}", kind=Organization.Kind.GRASSROOTS_COMMITTEE, parent=root,
                     code=f"DB{i + 1:02d}", established_on=dt.date(rng.randint(1976, 2010), 1, 1))
        for i, n in enumerate(COMMITTEES)
    ] + [
        Organization(name=f"Chi bộ {n}", kind=Organization.Kind.GRASSROOTS_CELL, parent=root,
                     code=f"CB{i + 1:02d}", established_on=dt.date(rng.randint(1980, 2015), 1, 1))
        for i, n in enumerate(CELLS)
    ]
    for org in grassroots:
        org.host_kind = host_kind_of(org.name)
    term = timezone.localdate().year - timezone.localdate().year % 5 - 5  # the last term's first year
    private = [o for o in grassroots if o.kind == Organization.Kind.GRASSROOTS_CELL
               and o.host_kind == Organization.HostKind.PRIVATE_ENTERPRISE]
    # A generator of its own, so the rest of the demo (members, delegates) draws as before.
    founding = random.Random(NEW_PRIVATE)  # noqa: S311 - demo data, reproducible by design
    for org in founding.sample(private, min(NEW_PRIVATE, len(private))):
        org.established_on = _date_between(founding, dt.date(term, 9, 1), dt.date(term + 4, 12, 31))
    Organization.objects.bulk_create(grassroots)
    cells: list[Organization] = []
    leaves: list[Organization] = []
    weights: list[float] = []
    for org in grassroots:
        if org.kind == Organization.Kind.GRASSROOTS_CELL:
            leaves.append(org)
            weights.append(rng.uniform(12, 45))
            continue
        units = CELL_UNITS_ENTERPRISE if "Công ty" in org.name or "Ngân hàng" in org.name \
            or "Viễn thông" in org.name or "Bưu điện" in org.name else CELL_UNITS_AGENCY
        for j, unit in enumerate(rng.sample(units, rng.randint(3, 7))):
            cells.append(Organization(name=f"Chi bộ {unit}", kind=Organization.Kind.CELL, parent=org,
                                      code=f"{org.code}-{j + 1:02d}", host_kind=org.host_kind))
            weights.append(rng.uniform(10, 35))
    Organization.objects.bulk_create(cells)
    leaves.extend(cells)
    return DemoTree(root, grassroots, leaves, weights)


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


class CardNumbers:
    """Unique party card numbers: a two-digit issue prefix and a running number."""

    def __init__(self, start: int = 100_000) -> None:
        self.next = start

    def __call__(self, rng: random.Random) -> str:
        self.next += rng.randint(1, 9)
        return f"{rng.randint(10, 99)}{self.next:07d}"


def _years_before(day: dt.date, years: int) -> dt.date:
    return lifecycle.add_months(day, -12 * years)


def _member(
    rng: random.Random, *, org: Organization, admitted: dt.date, today: dt.date, cards: CardNumbers,
    status: str | None = None, born: dt.date | None = None,
) -> Member:
    gender = "male" if rng.random() < 0.56 else "female"
    if born is None:
        # Admitted between 20 and 38; nobody younger than 23 today.
        born = _years_before(admitted, rng.randint(20, 38)) - dt.timedelta(days=rng.randint(0, 364))
        born = min(born, _years_before(today, 23) - dt.timedelta(days=rng.randint(0, 300)))
    # The cell holds the ceremony a few days to 30 working days after the decision (Charter
    # Điều 5); one not held by today is left unrecorded, as the office would.
    held = lifecycle.add_working_days(admitted, rng.randint(3, lifecycle.CEREMONY_WORKING_DAYS))
    ceremony = held if held <= today else None
    full_due = lifecycle.full_member_date(lifecycle.probation_start(admitted, ceremony))
    if status is None:
        status = Member.Status.PROBATIONARY if full_due > today else Member.Status.FULL
    full = status != Member.Status.PROBATIONARY
    m = Member(
        full_name=person_name(rng, gender), gender=gender, date_of_birth=born,
        ethnicity=_weighted(rng, ETHNICITY), education=_weighted(rng, EDUCATION),
        political_theory="Sơ cấp" if not full else _weighted(rng, THEORY),
        position=_weighted(rng, POSITIONS), admission_date=admitted, ceremony_date=ceremony,
        full_member_date=full_due if full else None,
        party_card_number=cards(rng) if full else None, status=status, organization=org,
    )
    if m.ethnicity == "Khmer" and rng.random() < 0.6:
        m.religion = "Phật giáo"
    m.fill_derived_names()
    return m


def generate_members(
    rng: random.Random, *, n: int, leaves: list[Organization], weights: list[float], today: dt.date,
    cards: CardNumbers | None = None, admitted_before: dt.date | None = None,
) -> Iterator[Member]:
    """`n` unsaved members of long standing spread over `leaves` (names filled in)."""
    cards = cards or CardNumbers()
    chosen = rng.choices(leaves, weights=weights, k=n)
    oldest = dt.date(today.year - 40, 1, 1)
    newest = (admitted_before or today - dt.timedelta(days=400)) - dt.timedelta(days=1)
    for org in chosen:
        # Ages 23-60 today, admitted from 20 until about a year and a half ago.
        born = _years_before(today, rng.randint(23, 59)) - dt.timedelta(days=rng.randint(0, 364))
        if _years_before(newest, 20) < born:  # too young for an admission before `newest`
            born = _years_before(newest, rng.randint(20, 32)) - dt.timedelta(days=rng.randint(0, 364))
        admitted = _date_between(rng, max(oldest, _years_before(born, -20)), newest)
        roll = rng.random()
        status = (Member.Status.TRANSFERRED_OUT if roll < 0.02 else Member.Status.DECEASED
                  if roll < 0.028 else Member.Status.REMOVED if roll < 0.031 else Member.Status.FULL)
        m = _member(rng, org=org, admitted=admitted, today=today, cards=cards, status=status,
                    born=born)
        if status not in Member.ACTIVE_STATUSES:
            m.left_on = _date_between(rng, max(admitted, today - dt.timedelta(days=3650)), today)
        yield m


@transaction.atomic
def build(*, seed: int, log: Callable[[str], None], members: int = 4500) -> None:
    if Organization.objects.exists():
        log("Đã có tổ chức đảng: bỏ qua dữ liệu demo của đảng viên")
        return
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible by design
    today = timezone.localdate()
    tree = build_organizations(rng)
    cards = CardNumbers()

    # Admissions of the last five years and this one, near each year's plan.
    plans: list[AdmissionPlan] = []
    recent: list[Member] = []
    for year in range(today.year - 5, today.year + 1):
        planned = rng.randint(16, 24) * 10
        plans.append(AdmissionPlan(year=year, planned=planned))
        start = dt.date(year, 1, 1)
        end = min(dt.date(year, 12, 31), today)
        share = ((end - start).days + 1) / 365
        count = round(planned * rng.uniform(0.86, 1.12) * min(1.0, share))
        for org in rng.choices(tree.leaves, weights=tree.weights, k=count):
            recent.append(_member(rng, org=org, admitted=_date_between(rng, start, end), today=today,
                                  cards=cards))
    # A few whose 12 months ended without a recognition yet: the overdue list.
    late = [m for m in recent if m.status == Member.Status.FULL
            and today - dt.timedelta(days=500) < m.admission_date < today - dt.timedelta(days=370)]
    for m in rng.sample(late, min(7, len(late))):
        m.status, m.full_member_date, m.party_card_number = Member.Status.PROBATIONARY, None, None
        m.political_theory = "Sơ cấp"
    AdmissionPlan.objects.bulk_create(plans)

    older = list(generate_members(rng, n=max(0, members - len(recent)), leaves=tree.leaves,
                                  weights=tree.weights, today=today, cards=cards,
                                  admitted_before=dt.date(today.year - 5, 1, 1)))
    everyone = recent + older
    Member.objects.bulk_create(everyone, batch_size=2000)
    transfers = [
        MemberTransfer(member=m, from_organization=m.organization, on=m.left_on or today,
                       destination=rng.choice(["Đảng bộ Quân sự tỉnh", "Đảng bộ thành phố",
                                               "Đảng bộ Khối Cơ quan Trung ương", "Đảng bộ huyện",
                                               "Đảng bộ tỉnh bạn"]))
        for m in everyone if m.status == Member.Status.TRANSFERRED_OUT
    ]
    MemberTransfer.objects.bulk_create(transfers)
    orgs = list(Organization.objects.all())
    audit_create_bulk(actor=None, objs=[*orgs, *plans, *everyone, *transfers], verb="demo")
    probationary = sum(m.status == Member.Status.PROBATIONARY for m in everyone)
    log(f"{len(tree.grassroots)} tổ chức cơ sở đảng, {len(tree.leaves)} chi bộ, {len(everyone)} đảng viên "
        f"({probationary} dự bị)")
