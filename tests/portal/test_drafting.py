"""The article drafted from a closed congress: every number in its text is a figure of the
congress's records, and each record figure is the one stated."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from daihoi.congress.models import CheckIn, Congress, Guest
from daihoi.congress.proceedings.models import Resolution
from daihoi.elections.models import Candidate, Election, Mandate, Round
from daihoi.organizations.models import Organization
from daihoi.portal import drafting, services
from daihoi.portal.models import Article
from daihoi.targets.models import Target
from tests.factories import CongressFactory, DelegateFactory, MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _elect(congress: Congress, kind: str, position: str, names: list[str], *, published: bool = True) -> None:
    election = Election.objects.create(
        organization=congress.organization,
        congress=congress,
        title=kind,
        kind=kind,
        seats=len(names),
        status=Election.Status.CLOSED,
    )
    rnd = Round.objects.create(
        election=election, number=1, seats=len(names), status=Round.Status.CLOSED, results_published=published
    )
    for i, name in enumerate(names):
        cand = Candidate.objects.create(election=election, full_name=name)
        Mandate.objects.create(
            election=election,
            round=rnd,
            candidate=cand,
            full_name=name,
            position=position,
            order=i,
            votes=200 - i,
        )


@pytest.fixture
def closed_congress() -> Congress:
    root = OrganizationFactory(
        name="Đảng bộ Khối Cơ quan và Doanh nghiệp tỉnh", kind=Organization.Kind.COMMITTEE, parent=None
    )
    cells = [
        OrganizationFactory(name=f"Chi bộ {n}", parent=root, kind=Organization.Kind.GRASSROOTS_CELL)
        for n in ("Sở Tư pháp", "Sở Ngoại vụ", "Thanh tra tỉnh")
    ]
    for i in range(7):
        MemberFactory(organization=cells[i % 3])
    congress = CongressFactory(
        organization=root,
        ordinal=13,
        term_start=2020,
        term_end=2025,
        starts_on=dt.date(2020, 8, 18),
        ends_on=dt.date(2020, 8, 19),
        venue="Hội trường Tỉnh ủy",
    )
    session = congress.sessions.get(is_current=True)
    delegates = [
        DelegateFactory(congress=congress, member=MemberFactory(organization=cells[i % 3])) for i in range(6)
    ]
    for d in delegates[:5]:
        CheckIn.objects.create(delegate=d, session=session)
    Guest.objects.create(congress=congress, full_name="Phan Văn Mãi", title="Bí thư Tỉnh ủy")
    Resolution.objects.create(congress=congress, title="Nghị quyết Đại hội")
    Target.objects.create(
        congress=congress,
        number=1,
        value=95,
        text="Hằng năm có 95% đảng viên hoàn thành tốt nhiệm vụ trở lên",
    )
    Target.objects.create(
        congress=congress,
        number=2,
        value=1200,
        unit=Target.Unit.PEOPLE,
        period=Target.Period.TERM,
        text="Kết nạp 1.200 đảng viên mới trong nhiệm kỳ",
    )
    _elect(
        congress,
        Election.Kind.COMMITTEE,
        Mandate.Position.COMMITTEE_MEMBER,
        ["Võ Văn Kiệt", "Nguyễn Thị Hồng Hạnh", "Trần Ngọc Tam", "Lê Văn Hòa"],
    )
    _elect(congress, Election.Kind.SECRETARY, Mandate.Position.SECRETARY, ["Võ Văn Kiệt"])
    _elect(
        congress,
        Election.Kind.DELEGATION,
        Mandate.Position.DELEGATE_OFFICIAL,
        ["Võ Văn Kiệt", "Trần Ngọc Tam", "Lê Văn Hòa"],
    )
    _elect(
        congress, Election.Kind.DELEGATION_ALTERNATES, Mandate.Position.DELEGATE_ALTERNATE, ["Phạm Văn Lâm"]
    )
    # Not published by the presidium: never in the public article.
    _elect(
        congress,
        Election.Kind.INSPECTION_COMMITTEE,
        Mandate.Position.INSPECTION_MEMBER,
        ["Đặng Thị Bí Mật", "Hồ Văn Chưa"],
        published=False,
    )
    congress.status = Congress.Status.CLOSED
    congress.save()
    return congress


def test_every_figure_in_the_draft_comes_from_the_records(closed_congress, office, category) -> None:
    article = services.article_draft_from_congress(
        acting_user=office, congress=closed_congress, category=category
    )
    rec = drafting.congress_records(closed_congress)
    # The records as read: 5 of 6 seats came, 7 + 6 = 13 members in 3 grassroots cells.
    assert (rec.attended, rec.members, rec.grassroots) == (5, 13, 3)
    assert rec.secretary == "Võ Văn Kiệt" and len(rec.committee) == 4
    assert (len(rec.delegation), len(rec.delegation_alternates)) == (3, 1)
    assert rec.inspection == []  # unpublished
    text = " ".join([article.title, article.summary, article.search_text, article.body])
    allowed = {
        str(n)
        for n in (
            rec.attended,
            rec.members,
            drafting.thousands(rec.members),
            rec.grassroots,
            len(rec.targets),
            len(rec.committee),
            len(rec.delegation),
            len(rec.delegation_alternates),
            rec.term_start,
            rec.term_end,
            rec.starts_on.day,
            rec.ends_on.day,
            rec.starts_on.month,
            rec.ends_on.year,
        )
    }
    for target in rec.targets:
        allowed |= set(NUMBER.findall(target))
    found = NUMBER.findall(re.sub(r"<[^>]+>", " ", text))
    assert found and set(found) <= allowed, set(found) - allowed
    body = article.body
    assert (
        "với sự tham dự của 5 đại biểu chính thức đại diện cho 13 đảng viên thuộc 3 tổ chức cơ sở đảng"
        in body
    )
    assert "Trong 2 ngày, 18 và 19/8/2020" in body and "lần thứ XIII" in article.title
    assert "gồm 4 đồng chí" in body and "đồng chí Võ Văn Kiệt được bầu giữ chức Bí thư" in body
    assert "gồm 3 đại biểu chính thức và 1 dự khuyết" in body
    assert "Hằng năm có 95% đảng viên hoàn thành tốt nhiệm vụ trở lên" in body and "Phan Văn Mãi" in body
    assert "Bí Mật" not in text and "Hồ Văn Chưa" not in text
    assert article.status == Article.Status.DRAFT and article.revisions.get().user == office
    # Asked again: the same draft, not a second one.
    again = services.article_draft_from_congress(
        acting_user=office, congress=closed_congress, category=category
    )
    assert again.pk == article.pk and Article.objects.count() == 1


def test_only_a_closed_congress_is_drafted(office, category) -> None:
    congress = CongressFactory()
    with pytest.raises(ValidationError):
        services.article_draft_from_congress(acting_user=office, congress=congress, category=category)


def test_the_draft_page_makes_the_draft(closed_congress, client, office, category) -> None:
    from django.urls import reverse

    client.force_login(office)
    r = client.post(reverse("portal:draft"), {"congress": closed_congress.pk, "category": category.pk})
    article = Article.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("portal:article_edit", args=[article.pk])


def test_without_check_ins_the_draft_gives_the_convened_delegates_not_zero(closed_congress) -> None:
    CheckIn.objects.filter(session__congress=closed_congress).delete()
    rec = drafting.congress_records(closed_congress)
    assert rec.attended == 0 and rec.convened == 6
    text = drafting.draft(rec)
    assert "6 đại biểu chính thức được triệu tập, đại diện cho 13 đảng viên" in text["body"]
    assert "tham dự của 0" not in text["body"] and not text["summary"].startswith("0")
