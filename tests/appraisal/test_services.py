"""The classification's services and selectors: a cell's list entered in its steps, who is not
rated (from the member record), the caps shown, the quota refusing the close with the unit and
how many over, the frozen figures, the discipline hook, the import all or nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from daihoi.appraisal import hooks, imports, selectors, services
from daihoi.appraisal.models import Campaign, LevelTally, MemberAppraisal
from daihoi.appraisal.services import EntryRow, OrganizationRow
from daihoi.core.models import AuditLog
from daihoi.core.roles import Role
from daihoi.organizations.models import Member, Organization
from daihoi.rules.appraisal import Level
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def xlsx_of(rows: list[list[object]]) -> bytes:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)  # type: ignore[union-attr]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def world(make_user):  # type: ignore[no-untyped-def]
    K = Organization.Kind
    root = OrganizationFactory(name="Đảng bộ Khối", kind=K.COMMITTEE)
    finance = OrganizationFactory(name="Đảng bộ Sở Tài chính", kind=K.GRASSROOTS_COMMITTEE, parent=root)
    cell = OrganizationFactory(name="Chi bộ Văn phòng", kind=K.CELL, parent=finance)
    justice = OrganizationFactory(name="Chi bộ Sở Tư pháp", kind=K.GRASSROOTS_CELL, parent=root)
    members = [MemberFactory(full_name=f"Nguyễn Văn {c}", organization=cell, status=Member.Status.FULL,
                             admission_date=dt.date(2010, 1, 1), party_card_number=f"9{i:07d}")
               for i, c in enumerate("ABCDEFGHIJ")]
    new = MemberFactory(full_name="Trần Thị Mới", organization=cell, status=Member.Status.PROBATIONARY,
                        admission_date=dt.date(2024, 9, 1), party_card_number=None)
    office = make_user(Role.OFFICE)
    campaign = services.campaign_open(acting_user=office, year=2024, appraisal_date=dt.date(2024, 12, 15))
    return SimpleNamespace(root=root, finance=finance, cell=cell, justice=justice, members=members, new=new,
                           office=office, campaign=campaign)


def _rows(w, scores, **extra):  # type: ignore[no-untyped-def]
    return [EntryRow(member_id=m.pk, score=str(s), **extra.get(m.pk, {}))
            for m, s in zip([*w.members, w.new], scores, strict=False)]


def test_a_cell_entered_by_score(world) -> None:  # type: ignore[no-untyped-def]
    w = world
    n = services.member_appraisals_save(acting_user=w.office, campaign=w.campaign, organization=w.cell,
                                        rows=_rows(w, [95, 85, 85, 85, 85, 85, 85, 85, 60, 40, 99]))
    assert n == 11
    by = {a.member_id: a for a in MemberAppraisal.objects.all()}
    assert by[w.members[0].pk].level == Level.EXCELLENT and by[w.members[0].pk].step == "self"
    assert by[w.members[8].pk].level == Level.SATISFACTORY
    assert by[w.members[9].pk].level == Level.NOT_COMPLETED
    # admitted 1/9/2024, appraised 15/12/2024: under six months, not rated, with the reason
    assert by[w.new.pk].level == "" and by[w.new.pk].not_rated == "new_member"
    assert "01/09/2024" in by[w.new.pk].not_rated_note
    assert by[w.members[0].pk].grassroots_id == w.finance.pk
    assert AuditLog.objects.filter(action=AuditLog.Action.CREATE).count() >= 11
    counts = selectors.member_counts_live(w.campaign)[None]
    assert (counts.excellent, counts.good, counts.satisfactory, counts.not_completed, counts.not_rated) == \
        (1, 7, 1, 1, 1)
    assert counts.percent("good_or_better") == Decimal("80.0")


def test_steps_and_caps(world) -> None:  # type: ignore[no-untyped-def]
    w = world
    a, b, c = w.members[:3]
    rows = [EntryRow(member_id=a.pk, score="95", proposed="good", decided="excellent", disciplined=True),
            EntryRow(member_id=b.pk, score="85", sick_leave_months="3"),
            EntryRow(member_id=c.pk, score="85", disciplined=True, self_corrected=True)]
    services.member_appraisals_save(acting_user=w.office, campaign=w.campaign, organization=w.cell, rows=rows)
    got = {x.member_id: x for x in MemberAppraisal.objects.all()}
    assert got[a.pk].step == "decided" and got[a.pk].level == Level.NOT_COMPLETED
    assert got[a.pk].caps == "disciplined"
    assert got[b.pk].level == Level.SATISFACTORY and got[b.pk].caps == "sick_leave"
    assert got[c.pk].level == Level.GOOD and got[c.pk].caps == ""


def test_exempt_from_the_member_record_and_suspended_entered(world) -> None:  # type: ignore[no-untyped-def]
    w = world
    a, b = w.members[:2]
    Member.objects.filter(pk=a.pk).update(exempt_from_activity=True)
    services.member_appraisals_save(acting_user=w.office, campaign=w.campaign, organization=w.cell, rows=[
        EntryRow(member_id=a.pk, score="90"), EntryRow(member_id=b.pk, score="90", suspended=True)])
    got = {x.member_id: x for x in MemberAppraisal.objects.all()}
    assert got[a.pk].not_rated == "exempt" and got[b.pk].not_rated == "suspended"


def test_discipline_records_feed_the_cap(world) -> None:  # type: ignore[no-untyped-def]
    w = world
    target = w.members[0].pk

    def source(ids: list[int], year: int) -> list[int]:
        return [target] if year == 2024 and target in ids else []

    hooks.register_discipline_source(source)
    try:
        services.member_appraisals_save(acting_user=w.office, campaign=w.campaign, organization=w.cell,
                                        rows=[EntryRow(member_id=target, score="92")])
    finally:
        hooks.unregister_discipline_source(source)
    row = MemberAppraisal.objects.get(member_id=target)
    assert row.level == Level.NOT_COMPLETED and row.caps == "disciplined" and row.disciplined is False


def test_a_bad_row_writes_nothing_and_names_the_row(world) -> None:  # type: ignore[no-untyped-def]
    w = world
    rows = _rows(w, [95, 101, "abc"])
    with pytest.raises(ValidationError) as err:
        services.member_appraisals_save(acting_user=w.office, campaign=w.campaign, organization=w.cell,
                                        rows=rows)
    assert any("Dòng 2" in m and "Nguyễn Văn B" in m for m in err.value.messages)
    assert any("Dòng 3" in m for m in err.value.messages)
    assert not MemberAppraisal.objects.exists()


def test_only_the_office(world, make_user) -> None:  # type: ignore[no-untyped-def]
    w = world
    with pytest.raises(PermissionDenied):
        services.member_appraisals_save(acting_user=make_user(Role.LEADER), campaign=w.campaign,
                                        organization=w.cell, rows=_rows(w, [90]))
    with pytest.raises(ValidationError):
        services.campaign_open(acting_user=w.office, year=2024, appraisal_date=dt.date(2024, 12, 1))


def test_close_refused_while_the_quota_is_broken(world) -> None:  # type: ignore[no-untyped-def]
    w = world
    # 3 excellent, 7 good: 20% of 7 allows 1, two over (the new member: not rated)
    services.member_appraisals_save(acting_user=w.office, campaign=w.campaign, organization=w.cell,
                                    rows=_rows(w, [95, 95, 95, 80, 80, 80, 80, 80, 80, 80, 99]))
    breaches = selectors.quota_breaches(w.campaign)
    assert [(b.unit, b.excellent, b.good, b.allowed, b.over) for b in breaches] == [
        ("Đảng bộ Sở Tài chính", 3, 7, 1, 2)]
    with pytest.raises(ValidationError) as err:
        services.campaign_close(acting_user=w.office, campaign=w.campaign)
    text = " ".join(err.value.messages)
    assert "Đảng bộ Sở Tài chính" in text and "vượt 2" in text and "tối đa 1" in text
    # the committee lowers two to good by its decision: the close goes through
    services.member_appraisals_save(acting_user=w.office, campaign=w.campaign, organization=w.cell, rows=[
        EntryRow(member_id=w.members[1].pk, score="95", decided="good"),
        EntryRow(member_id=w.members[2].pk, score="95", decided="good")])
    steps = []
    services.campaign_close(acting_user=w.office, campaign=w.campaign,
                            progress=lambda done, total=None, message=None: steps.append(done))
    c = Campaign.objects.get(pk=w.campaign.pk)
    assert c.status == Campaign.Status.CLOSED and steps[-1] == 4
    total = LevelTally.objects.get(campaign=c, subject="members", organization=None)
    assert (total.excellent, total.good) == (1, 9)
    assert selectors.bloc_member_counts(2024).good_or_better == 10  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        services.member_appraisals_save(acting_user=w.office, campaign=c, organization=w.cell,
                                        rows=_rows(w, [90]))


def test_the_quota_unit_and_share_are_the_campaigns(world) -> None:  # type: ignore[no-untyped-def]
    w = world
    c = services.campaign_open(acting_user=w.office, year=2023, appraisal_date=dt.date(2023, 12, 15),
                               rule_changes={"excellent_quota_share": Fraction(1, 2),
                                             "excellent_quota_unit": "role_group"})
    rows = [EntryRow(member_id=m.pk, score=s, role_group=g) for m, s, g in zip(
        w.members[:4], ["95", "95", "80", "80"], ["A", "B", "A", "B"], strict=True)]
    services.member_appraisals_save(acting_user=w.office, campaign=c, organization=w.cell, rows=rows)
    # per role group: 1 excellent beside 1 good; half of 1 is 0.5, so none allowed: both break
    assert [(b.unit, b.excellent, b.good, b.allowed, b.over) for b in selectors.quota_breaches(c)] == [
        ("A", 1, 1, 0, 1), ("B", 1, 1, 0, 1)]
    # the default campaign counts per grassroots organization: 2 excellent, 2 good allow 0
    assert [b.unit for b in selectors.quota_breaches(w.campaign)] == []


def test_pending_and_unentered_block_the_close(world) -> None:  # type: ignore[no-untyped-def]
    w = world
    services.member_appraisals_save(acting_user=w.office, campaign=w.campaign, organization=w.cell,
                                    rows=[EntryRow(member_id=w.members[0].pk, score="")])
    with pytest.raises(ValidationError) as err:
        services.campaign_close(acting_user=w.office, campaign=w.campaign)
    assert "1 đảng viên chưa được xếp loại" in err.value.messages[0]
    services.member_appraisals_save(acting_user=w.office, campaign=w.campaign, organization=w.cell,
                                    rows=[EntryRow(member_id=w.members[0].pk, score="80")])
    with pytest.raises(ValidationError) as err:
        services.campaign_close(acting_user=w.office, campaign=w.campaign)
    # the other nine and the new member (not rated, but on the list) were never saved
    assert "10 đảng viên chưa có trong danh sách" in err.value.messages[0]


def test_organizations_rated_by_the_level_above(world) -> None:  # type: ignore[no-untyped-def]
    w = world
    services.organization_appraisals_save(acting_user=w.office, campaign=w.campaign, parent=w.root, rows=[
        OrganizationRow(organization_id=w.finance.pk, score="93", disciplined=True),
        OrganizationRow(organization_id=w.justice.pk, score="75")])
    counts = selectors.organization_counts_live(w.campaign)[None]
    assert (counts.excellent, counts.good) == (0, 2)  # disciplined: not excellent
    with pytest.raises(ValidationError):
        services.organization_appraisals_save(acting_user=w.office, campaign=w.campaign, parent=w.root,
                                              rows=[OrganizationRow(organization_id=w.cell.pk, score="80")])


def test_import_all_or_nothing(world) -> None:  # type: ignore[no-untyped-def]
    w = world
    good = xlsx_of([["Số thẻ đảng viên", "Họ và tên", "Điểm tự đánh giá", "Cấp ủy quyết định",
                     "Bị kỷ luật trong năm"],
                    ["90000000", "Nguyễn Văn A", 92, "", ""],
                    ["90000001", "Nguyễn Văn B", 80, "Hoàn thành nhiệm vụ", "x"]])
    bad = xlsx_of([["Số thẻ đảng viên", "Điểm tự đánh giá", "Cấp ủy quyết định"],
                   ["90000000", 92, ""], ["99999999", 80, ""], ["90000002", 80, "giỏi"]])
    with pytest.raises(imports.ImportRejected) as err:
        imports.import_file(acting_user=w.office, campaign=w.campaign, path=bad, filename="x.xlsx")
    rows = sorted((e.row, e.column) for e in err.value.errors)
    assert rows == [(3, "Số thẻ đảng viên"), (4, "Cấp ủy quyết định")]
    assert not MemberAppraisal.objects.exists()
    result = imports.import_file(acting_user=w.office, campaign=w.campaign, path=good, filename="x.xlsx")
    assert result.created == 2
    b = MemberAppraisal.objects.get(member=w.members[1])
    assert b.level == Level.NOT_COMPLETED and b.decided == "satisfactory"
