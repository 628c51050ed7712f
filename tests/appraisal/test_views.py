"""The classification's and the targets' pages per role: the office enters a cell's list and
closes; the leader reads; a delegate gets nothing. The results and the review read the records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from daihoi.appraisal import selectors, services
from daihoi.appraisal.models import MemberAppraisal
from daihoi.core.roles import Role
from daihoi.organizations.models import Member, Organization
from daihoi.targets.models import Target
from tests.confirming import token_of
from tests.factories import CongressFactory, MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell(make_user):  # type: ignore[no-untyped-def]
    root = OrganizationFactory(name="Đảng bộ Khối", kind=Organization.Kind.COMMITTEE)
    g = OrganizationFactory(name="Chi bộ Sở Tư pháp", kind=Organization.Kind.GRASSROOTS_CELL, parent=root)
    members = [MemberFactory(full_name=f"Lê Văn {c}", organization=g, status=Member.Status.FULL,
                             admission_date=dt.date(2010, 1, 1)) for c in "ABCDE"]
    services.campaign_open(acting_user=make_user(Role.OFFICE), year=2025,
                           appraisal_date=dt.date(2025, 12, 15))
    return g, members, root


def test_office_enters_a_cell_and_sees_the_results(client_as, cell) -> None:  # type: ignore[no-untyped-def]
    g, members, _root = cell
    client = client_as(Role.OFFICE)
    url = reverse("appraisal:entry", args=[2025, g.pk])
    assert client.get(url).status_code == 200
    data = {f"s{m.pk}": s for m, s in zip(members, ["92", "85", "85", "85", "60"], strict=True)}
    data |= {f"ec{m.pk}": "on" for m in members}
    r = client.post(url, data)
    assert r.status_code == 302
    assert MemberAppraisal.objects.filter(level="good").count() == 3
    page = client.get(reverse("appraisal:results")).content.decode()
    assert "80,0%" in page  # 4 of 5 good or better
    assert "tỷ lệ đảng viên xếp loại hoàn thành tốt nhiệm vụ trở lên đạt 80,0%" in page
    assert 'style="width:20.0%"' in page  # the chart's CSS widths keep the dot
    xlsx = client.get(reverse("appraisal:results_xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    campaign = client.get(reverse("appraisal:campaign", args=[2025])).content.decode()
    assert "Chi bộ Sở Tư pháp" in campaign


def test_the_leader_reads_but_does_not_write(client_as, cell) -> None:  # type: ignore[no-untyped-def]
    g, members, _root = cell
    client = client_as(Role.LEADER)
    url = reverse("appraisal:entry", args=[2025, g.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {f"s{members[0].pk}": "90"}).status_code == 403
    assert client.post(reverse("appraisal:close", args=[2025])).status_code == 403
    assert not MemberAppraisal.objects.exists()
    assert client.get(reverse("appraisal:results")).status_code == 200
    assert client.get(reverse("targets:review")).status_code == 200


def test_a_delegate_gets_nothing(client_as, cell) -> None:  # type: ignore[no-untyped-def]
    client = client_as(Role.DELEGATE)
    for name, args in [("appraisal:index", []), ("appraisal:results", []), ("appraisal:campaign", [2025]),
                       ("targets:review", []), ("targets:review_pdf", [])]:
        assert client.get(reverse(name, args=args)).status_code == 403, name


def test_the_review_measures_and_reports(client_as, cell) -> None:  # type: ignore[no-untyped-def]
    g, members, root = cell
    congress = CongressFactory(organization=root, ordinal=17, term_start=2025, term_end=2030,
                               starts_on=dt.date(2025, 1, 10), ends_on=dt.date(2025, 1, 11))
    Target.objects.create(congress=congress, number=1, text="Hằng năm trên 90% đảng viên HTTNV trở lên",
                          metric=Target.Metric.SHARE_GOOD, comparison=">", value=90, unit="%", period="year")
    # a target the records do not measure: the office enters its value
    Target.objects.create(congress=congress, number=2, text="Bồi dưỡng 10 lớp lý luận chính trị",
                          metric=Target.Metric.OTHER, comparison=">=", value=10,
                          unit="organizations", period="term")
    client = client_as(Role.OFFICE)
    client.post(reverse("appraisal:entry", args=[2025, g.pk]),
                {f"s{m.pk}": "85" for m in members} | {f"ec{m.pk}": "on" for m in members})
    q = f"?congress={congress.pk}&on=01/06/2026"
    page = client.get(reverse("targets:review") + q).content.decode()
    assert "đạt và vượt 1/2 chỉ tiêu" in page and "hằng năm đều đạt trên 90% (thấp nhất 100%)" in page
    assert "Sơ kết giữa nhiệm kỳ (12/07/2027)" in page  # 913 of the 1,826 days from 10/01/2025
    t2 = Target.objects.get(number=2)
    r = client.post(reverse("targets:value_enter", args=[t2.pk]),
                    {"value": "12", "as_of": "01/05/2026", "source": "Báo cáo Ban Tổ chức"})
    assert r.status_code == 302
    page = client.get(reverse("targets:review") + q).content.decode()
    assert "đạt và vượt 2/2 chỉ tiêu" in page and "vượt 20% so với mục tiêu" in page
    docx = client.get(reverse("targets:review_docx") + q)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = client.get(reverse("targets:review_pdf") + q)
    assert pdf.content.startswith(b"%PDF")
    leader = client_as(Role.LEADER)
    answer = leader.post(reverse("targets:value_enter", args=[t2.pk]),
                         {"value": "1", "as_of": "01/05/2026", "source": "x"})
    assert answer.status_code == 403


def test_import_through_the_page_runs_as_a_job(client_as, cell) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from daihoi.core.models import Job

    _g, members, _root = cell
    for i, m in enumerate(members):
        Member.objects.filter(pk=m.pk).update(party_card_number=f"7{i:07d}")
    csv = ("Số thẻ đảng viên;Điểm tự đánh giá;Cấp ủy quyết định\n"
           "70000000;91;\n70000001;75;Hoàn thành nhiệm vụ\n")
    client = client_as(Role.OFFICE)
    upload = SimpleUploadedFile("xep-loai.csv", csv.encode("utf-8"), content_type="text/csv")
    r = client.post(reverse("appraisal:import", args=[2025]), {"file": upload})
    assert r.status_code == 302
    job = Job.objects.get(kind="appraisal_import")
    assert job.status == Job.Status.DONE, job.message
    levels = dict(MemberAppraisal.objects.values_list("member_id", "level"))
    assert levels == {members[0].pk: "excellent", members[1].pk: "satisfactory"}
    bad = SimpleUploadedFile("x.csv", "Số thẻ đảng viên;Điểm tự đánh giá\n79999999;91\n".encode(),
                             content_type="text/csv")
    client.post(reverse("appraisal:import", args=[2025]), {"file": bad})
    failed = Job.objects.filter(kind="appraisal_import").order_by("-pk").first()
    assert failed is not None and failed.status == Job.Status.FAILED
    assert failed.errors and failed.errors[0]["row"] == 2


def test_close_from_the_page_names_the_breach(client_as, cell) -> None:  # type: ignore[no-untyped-def]
    g, members, _root = cell
    client = client_as(Role.OFFICE)
    client.post(reverse("appraisal:entry", args=[2025, g.pk]),
                {f"s{m.pk}": s for m, s in zip(members, ["95", "95", "85", "85", "85"], strict=True)}
                | {f"ec{m.pk}": "on" for m in members})
    page = client.get(reverse("appraisal:campaign", args=[2025])).content.decode()
    assert 'id="breaches"' in page and "Chi bộ Sở Tư pháp" in page
    asked = client.get(reverse("appraisal:close", args=[2025])).content.decode()
    assert "Vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ: 1 đơn vị." in asked
    r = client.post(reverse("appraisal:close", args=[2025]),
                    {"confirmed": token_of(asked)}, follow=True)
    text = r.content.decode()
    assert "vượt 2 so với tỷ lệ cho phép" in text  # 3 good allow 0 excellent: 2 over


def test_closing_is_asked_on_the_server(client_as, cell) -> None:  # type: ignore[no-untyped-def]
    """A bare POST closes nothing (issue 14); the question states the figures; a list saved
    while it was read asks again; the POST confirmed on the figures of the moment closes."""
    g, members, _root = cell
    client = client_as(Role.OFFICE)
    url = reverse("appraisal:close", args=[2025])
    entry = reverse("appraisal:entry", args=[2025, g.pk])
    client.post(entry, {f"s{m.pk}": "85" for m in members[:4]} | {f"ec{m.pk}": "on" for m in members})
    asked = client.post(url).content.decode()
    assert "Đã xếp loại: 4 đảng viên" in asked and 'id="confirm-button"' in asked
    assert selectors.campaign_for_year(2025).is_open
    client.post(entry, {f"s{m.pk}": "85" for m in members} | {f"ec{m.pk}": "on" for m in members})
    again = client.post(url, {"confirmed": token_of(asked)}).content.decode()
    assert 'id="confirm-stale"' in again and "Đã xếp loại: 5 đảng viên" in again
    assert selectors.campaign_for_year(2025).is_open
    client.post(url, {"confirmed": token_of(again)})
    assert not selectors.campaign_for_year(2025).is_open


def test_a_cells_secretary_enters_their_own_list_only(  # type: ignore[no-untyped-def]
        client_as, cell, make_user) -> None:
    from django.test import Client

    g, members, root = cell
    other = OrganizationFactory(name="Chi bộ Sở Xây dựng", kind=Organization.Kind.GRASSROOTS_CELL,
                                parent=root)
    secretary = make_user()  # no role: only the grant
    office = client_as(Role.OFFICE)
    r = office.post(reverse("appraisal:grant", args=[2025, g.pk]), {"username": secretary.username})
    assert r.status_code == 302
    client = Client()  # the secretary's own browser (client_as is the office's)
    client.force_login(secretary)
    assert client.get(reverse("appraisal:index")).status_code == 200
    url = reverse("appraisal:entry", args=[2025, g.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {f"s{members[0].pk}": "88"}).status_code == 302
    assert MemberAppraisal.objects.get(member=members[0]).level == "good"
    assert client.get(reverse("appraisal:entry", args=[2025, other.pk])).status_code == 403
    assert client.get(reverse("appraisal:results")).status_code == 403
    assert client.post(reverse("appraisal:close", args=[2025])).status_code == 403
    from daihoi.appraisal.models import EntryGrant

    grant = EntryGrant.objects.get()
    office.post(reverse("appraisal:revoke", args=[2025, g.pk, grant.pk]))
    assert client.get(url).status_code == 403
