"""Who sees what: a committee member sees the drafts and comments of their own committee
only, comments on them but handles nothing; the office does everything; the leaders read;
inspection and discipline records only for the inspection committee and the office."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from daihoi.core.roles import Role
from daihoi.meetings import selectors, services
from daihoi.meetings.models import Comment, Discipline
from tests.factories import MemberFactory
from tests.meetings import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def two() -> dict:
    actor = h.office()
    mine = h.committee(actor, seats=3, prefix="a")
    theirs = h.committee(actor, seats=2, prefix="b")
    drafts = []
    for c in (mine, theirs):
        conf = h.conference(actor, c)
        drafts.append(services.draft_create(acting_user=actor, conference=conf, title=f"Dự thảo {c.pk}",
                                            filename="d.docx", data=h.docx(h.DRAFT)))
    return {"actor": actor, "mine": mine, "theirs": theirs, "drafts": drafts}


def test_a_member_sees_only_their_committee(client, two) -> None:
    client.force_login(h.seat_user(two["mine"], 1))
    own, other = two["drafts"]
    assert client.get(reverse("meetings:draft", args=[own.pk])).status_code == 200
    assert client.get(reverse("meetings:draft", args=[other.pk])).status_code == 404
    assert client.get(reverse("meetings:report_pdf", args=[other.pk])).status_code == 404
    assert client.get(reverse("meetings:conference", args=[other.conference_id])).status_code == 404
    page = client.get(reverse("meetings:index")).content.decode()
    assert two["mine"].name in page and two["theirs"].name not in page
    section = selectors.latest_version(other).sections.first()
    r = client.post(reverse("meetings:comment_add", args=[section.pk]), {"text": "Không được."})
    assert r.status_code == 404 and not Comment.objects.exists()


def test_a_member_comments_from_a_phone_and_cannot_handle(client, two) -> None:
    client.force_login(h.seat_user(two["mine"], 1))
    own = two["drafts"][0]
    section = selectors.latest_version(own).sections.first()
    r = client.post(reverse("meetings:comment_add", args=[section.pk]), {"text": "Bổ sung số liệu."},
                    HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148")
    assert r.status_code == 302
    comment = Comment.objects.get()
    assert comment.channel == Comment.Channel.PHONE and comment.author_name == \
        two["mine"].members.order_by("order")[1].full_name
    r = client.post(reverse("meetings:comment_handle", args=[comment.pk]), {"handling": "taken"})
    assert r.status_code == 403
    assert client.post(reverse("meetings:version_add", args=[own.pk]), {}).status_code == 403


def test_office_handles_and_leader_reads(client, two, make_user) -> None:
    own = two["drafts"][0]
    comment = services.comment_add(acting_user=h.seat_user(two["mine"], 1),
                                   section=selectors.latest_version(own).sections.first(), text="Ý kiến.")
    client.force_login(two["actor"])
    r = client.post(reverse("meetings:comment_handle", args=[comment.pk]),
                    {"handling": "explained", "reply": "Đã giải trình."})
    assert r.status_code == 302
    comment.refresh_from_db()
    assert comment.handling == "explained" and comment.reply == "Đã giải trình."
    client.force_login(make_user(Role.LEADER))
    assert client.get(reverse("meetings:draft", args=[own.pk])).status_code == 200
    assert client.get(reverse("meetings:draft", args=[two["drafts"][1].pk])).status_code == 200
    assert client.post(reverse("meetings:comment_handle", args=[comment.pk]),
                       {"handling": "taken"}).status_code == 403
    r = client.get(reverse("meetings:report_docx", args=[own.pk]))
    assert r.status_code == 200 and r.content[:2] == b"PK"


@pytest.mark.parametrize(("role", "status"), [(Role.INSPECTION, 200), (Role.OFFICE, 200),
                                              (Role.LEADER, 403), (Role.COMMITTEE, 403),
                                              (Role.SECRETARIAT, 403), (Role.DELEGATE, 403)])
def test_inspection_records_only_for_inspection_and_office(client, make_user, role, status) -> None:
    client.force_login(make_user(role))
    assert client.get(reverse("meetings:inspection")).status_code == status
    member = MemberFactory()
    r = client.post(reverse("meetings:discipline_add"), {
        "member": member.pk, "form": "warning", "decided_on": "2026-05-15",
        "decided_by": "Ủy ban Kiểm tra", "reason": "Vi phạm"})
    assert Discipline.objects.exists() == (status == 200)
    assert r.status_code == (302 if status == 200 else 403)


def test_disciplines_in_year_for_the_appraisal(make_user) -> None:
    inspector = make_user(Role.INSPECTION)
    a, b, c = MemberFactory(), MemberFactory(), MemberFactory()
    for member, day in [(a, dt.date(2026, 3, 1)), (a, dt.date(2026, 9, 1)), (b, dt.date(2025, 12, 31))]:
        services.discipline_record(acting_user=inspector, member=member, form="reprimand",
                                   decided_on=day, decided_by="UBKT", reason="x")
    found = selectors.disciplines_in_year([a.pk, b.pk, c.pk], 2026)
    assert set(found) == {a.pk} and len(found[a.pk]) == 2
    assert set(selectors.disciplines_in_year([b.pk], 2025)) == {b.pk}
    counts = selectors.year_counts(2026)
    assert counts["disciplines"] == 2 and counts["discipline_reprimand"] == 2


def test_conference_page_and_attendance_form(client, two) -> None:
    conf = two["drafts"][0].conference
    client.force_login(two["actor"])
    assert client.get(reverse("meetings:conference", args=[conf.pk])).status_code == 200
    seats = list(two["mine"].members.order_by("order"))
    r = client.post(reverse("meetings:attendance", args=[conf.pk]),
                    {f"seat_{seats[0].pk}": "present", f"seat_{seats[1].pk}": "excused"})
    assert r.status_code == 302
    s = selectors.attendance_summary(conf)
    assert (s.present, s.excused, s.unrecorded) == (1, 1, 1)
    client.force_login(h.seat_user(two["mine"], 1))
    assert client.get(reverse("meetings:attendance", args=[conf.pk])).status_code == 403


def test_office_links_an_election_to_the_conference(client, two) -> None:
    from daihoi.elections import electorate as registry
    from daihoi.elections.models import Election

    conf = two["drafts"][0].conference
    election = Election.objects.create(organization=conf.committee.organization, title="Bầu bổ sung",
                                       kind="other", seats=1,
                                       electorate=Election.Electorate.COMMITTEE_CONFERENCE)
    seat = two["mine"].members.order_by("order").first()
    client.force_login(h.seat_user(two["mine"], 1))
    url = reverse("meetings:election_link", args=[conf.pk])
    assert client.post(url, {"election": election.pk}).status_code == 403
    client.force_login(two["actor"])
    assert "Bầu bổ sung" in client.get(reverse("meetings:conference", args=[conf.pk])).content.decode()
    assert client.post(url, {"election": election.pk, "counting": [seat.pk]}).status_code == 302
    assert registry.electorate_of(election) is not None
    assert selectors.linkable_elections() == []


def test_a_member_who_left_no_longer_sees_the_committee(client, two) -> None:
    seat = two["mine"].members.order_by("order")[1]
    services.seat_leave(acting_user=two["actor"], seat=seat, left_on=dt.date(2026, 1, 1))
    client.force_login(h.seat_user(two["mine"], 1))
    assert client.get(reverse("meetings:draft", args=[two["drafts"][0].pk])).status_code == 404


def test_office_creates_a_committee_from_an_election_and_adds_a_seat(client, two, make_user) -> None:
    from daihoi.meetings.models import Committee

    org = two["mine"].organization
    client.force_login(two["actor"])
    r = client.post(reverse("meetings:committee_create"), {
        "organization": org.pk, "kind": "cell", "name": "Chi ủy Chi bộ 1", "term": "2025–2027",
        "term_starts_on": "2025-06-01", "previous": two["mine"].pk})
    assert r.status_code == 302
    cell = Committee.objects.get(name="Chi ủy Chi bộ 1")
    assert cell.previous == two["mine"] and cell.members.count() == 0
    r = client.post(reverse("meetings:seat_add", args=[cell.pk]), {
        "full_name": "Lê Thị Hoa", "position": "secretary", "joined_on": "2025-06-01"})
    assert r.status_code == 302 and cell.members.get().position == "secretary"
    client.force_login(make_user(Role.LEADER))
    assert client.post(reverse("meetings:committee_create"), {}).status_code == 403


def test_inspection_export_for_the_inspection_committee_only(client, make_user) -> None:
    import io

    import openpyxl

    inspector = make_user(Role.INSPECTION)
    services.discipline_record(acting_user=inspector, member=MemberFactory(full_name="Lê Văn Kỷ"),
                               form="warning", decided_on=dt.date(2026, 3, 1), decided_by="UBKT",
                               reason="x")
    client.force_login(inspector)
    r = client.get(reverse("meetings:inspection_xlsx"), {"year": 2026})
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert [c.value for c in book.worksheets[2][2]][:2] == ["Lê Văn Kỷ", "Cảnh cáo"]
    client.force_login(make_user(Role.LEADER))
    assert client.get(reverse("meetings:inspection_xlsx")).status_code == 403


def test_the_year_is_counted_as_inspection_reports_count(client, make_user) -> None:
    """"Kiểm tra 2 tổ chức đảng và 1 đảng viên; giám sát 1 tổ chức đảng": by kind and target;
    a member disciplined twice is one member disciplined, two decisions."""
    from daihoi.organizations.models import Organization

    inspector = make_user(Role.INSPECTION)
    root = Organization.objects.create(name="Đảng bộ Khối", kind=Organization.Kind.COMMITTEE)
    plan = services.inspection_plan_create(acting_user=inspector, organization=root, year=2026,
                                           title="Chương trình 2026")
    member, other = MemberFactory(), MemberFactory()
    for kind, org, who in [("inspection", root, None), ("inspection", root, None),
                           ("inspection", None, member), ("supervision", root, None)]:
        services.inspection_add(acting_user=inspector, plan=plan, kind=kind, content="Điều lệ",
                                starts_on=dt.date(2026, 3, 1), target_organization=org,
                                target_member=who)
    for who, form in [(member, "reprimand"), (member, "warning"), (other, "warning")]:
        services.discipline_record(acting_user=inspector, member=who, form=form,
                                   decided_on=dt.date(2026, 6, 1), decided_by="UBKT", reason="x")
    counts = selectors.year_counts(2026)
    assert (counts["inspection_organizations"], counts["inspection_members"],
            counts["supervision_organizations"], counts["supervision_members"]) == (2, 1, 1, 0)
    assert (counts["disciplined_members"], counts["disciplines"], counts["discipline_warning"]) == (2, 3, 2)
    client.force_login(inspector)
    page = client.get(reverse("meetings:inspection") + "?year=2026").content.decode()
    assert ("Kiểm tra 2 tổ chức đảng và 1 đảng viên; giám sát 1 tổ chức đảng và 0 đảng viên" in page
            and "thi hành kỷ luật 2 đảng viên (3 quyết định" in page)
