"""Lifecycle and organization services: rules, error messages, audit rows, permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from daihoi.core.models import AuditLog
from daihoi.core.roles import Role
from daihoi.organizations import services as s
from daihoi.organizations.models import AdmissionPlan, Member, MemberTransfer, Organization
from daihoi.rules.membership import add_months

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(make_user):
    return make_user(Role.OFFICE)


def _audits(obj, verb):
    ct = ContentType.objects.get_for_model(obj)
    return AuditLog.objects.filter(content_type=ct, object_id=str(obj.pk), verb=verb)


def _admit(office, org, **kw):
    args = {"acting_user": office, "full_name": "Lê  Thị Hồng ", "gender": "female",
                "date_of_birth": dt.date(1995, 4, 2), "admission_date": timezone.localdate(),
                "organization": org}
    args.update(kw)
    return s.member_admit(**args)


def test_admit_creates_a_probationary_member_and_an_audit_row(office, tree):
    m = _admit(office, tree.office)
    assert m.status == Member.Status.PROBATIONARY
    assert m.full_name == "Lê Thị Hồng" and m.search_name == "le thi hong"
    row = _audits(m, "member_admit").get()
    assert row.actor == office and row.after["status"] == "probationary"


def test_admit_refuses_a_future_date(office, tree):
    with pytest.raises(ValidationError) as exc:
        _admit(office, tree.office, admission_date=timezone.localdate() + dt.timedelta(days=1))
    assert exc.value.messages == [str(s.MEMBER_ADMISSION_IN_FUTURE)]
    assert not Member.objects.exists()


def test_admit_refuses_a_dissolved_organization(office, tree):
    tree.inspect.dissolved_on = dt.date(2020, 1, 1)
    tree.inspect.save()
    with pytest.raises(ValidationError):
        _admit(office, tree.inspect)


@pytest.mark.parametrize("role", [Role.LEADER, Role.SECRETARIAT, Role.COUNTING, Role.DELEGATE])
def test_only_office_or_admin_may_admit(make_user, tree, role):
    with pytest.raises(PermissionDenied):
        _admit(make_user(role), tree.office)
    assert not Member.objects.exists()


def test_admin_may_admit(make_user, tree):
    assert _admit(make_user(Role.ADMIN), tree.office).pk


def test_recognize_needs_twelve_months(office, tree, make_member):
    today = timezone.localdate()
    m = make_member(organization=tree.office, status=Member.Status.PROBATIONARY,
                    admission_date=add_months(today, -12) + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        s.member_recognize_full(acting_user=office, member=m)
    assert "Chưa đủ 12 tháng" in exc.value.messages[0]
    m.refresh_from_db()
    assert m.status == Member.Status.PROBATIONARY


def test_late_recognition_dates_full_membership_from_the_end_of_probation(office, tree, make_member):
    """Admitted 29/2/2024, recognized much later: full from 28/2/2025 (RULES.md Membership)."""
    m = make_member(organization=tree.office, status=Member.Status.PROBATIONARY,
                    admission_date=dt.date(2024, 2, 29))
    s.member_recognize_full(acting_user=office, member=m, party_card_number="12345678",
                            on=dt.date(2025, 9, 1))
    m.refresh_from_db()
    assert m.status == Member.Status.FULL
    assert m.full_member_date == dt.date(2025, 2, 28)
    assert m.party_card_number == "12345678"
    row = _audits(m, "member_recognize_full").get()
    assert row.before["status"] == "probationary" and row.after["status"] == "full"


def test_recognize_refuses_a_full_member_and_a_taken_card(office, tree, make_member):
    full = make_member(organization=tree.office, party_card_number="555")
    with pytest.raises(ValidationError) as exc:
        s.member_recognize_full(acting_user=office, member=full)
    assert exc.value.messages == [str(s.MEMBER_NOT_PROBATIONARY)]
    p = make_member("Trần Văn B", organization=tree.office, status=Member.Status.PROBATIONARY,
                    admission_date=dt.date(2020, 1, 1))
    with pytest.raises(ValidationError) as exc:
        s.member_recognize_full(acting_user=office, member=p, party_card_number="555")
    assert exc.value.messages == [s.MEMBER_CARD_TAKEN.format(card="555")]


def test_transfer_moves_and_records(office, tree, make_member):
    m = make_member(organization=tree.office)
    t = s.member_transfer(acting_user=office, member=m, to_organization=tree.justice, note="x")
    m.refresh_from_db()
    assert m.organization == tree.justice
    assert (t.from_organization, t.to_organization) == (tree.office, tree.justice)
    assert _audits(m, "member_transfer").get().before["organization"] == tree.office.pk
    with pytest.raises(ValidationError) as exc:
        s.member_transfer(acting_user=office, member=m, to_organization=tree.justice)
    assert exc.value.messages == [str(s.MEMBER_TRANSFER_SAME_ORG)]


def test_transfer_refuses_inactive_member_or_organization(office, tree, make_member):
    gone = make_member(organization=tree.office, status=Member.Status.DECEASED)
    with pytest.raises(ValidationError) as exc:
        s.member_transfer(acting_user=office, member=gone, to_organization=tree.justice)
    assert exc.value.messages == [str(s.MEMBER_NOT_ACTIVE)]
    tree.inspect.dissolved_on = dt.date(2020, 1, 1)
    tree.inspect.save()
    m = make_member("Lê Văn C", organization=tree.office)
    with pytest.raises(ValidationError):
        s.member_transfer(acting_user=office, member=m, to_organization=tree.inspect)


def test_leaving_the_register(office, tree, make_member):
    a, b, c = (make_member(n, organization=tree.office) for n in ("A A", "B B", "C C"))
    s.member_transfer_out(acting_user=office, member=a, destination="Đảng bộ tỉnh bạn")
    s.member_mark_deceased(acting_user=office, member=b, on=dt.date(2024, 1, 2))
    s.member_remove(acting_user=office, member=c)
    for m, status in ((a, "transferred_out"), (b, "deceased"), (c, "removed")):
        m.refresh_from_db()
        assert m.status == status and m.left_on
    assert MemberTransfer.objects.get(member=a).destination == "Đảng bộ tỉnh bạn"
    with pytest.raises(ValidationError):
        s.member_remove(acting_user=office, member=c)
    with pytest.raises(ValidationError) as exc:
        s.member_transfer_out(acting_user=office, member=make_member("D D", organization=tree.office),
                              destination=" ")
    assert exc.value.messages == [str(s.MEMBER_DESTINATION_REQUIRED)]


def test_update_edits_particulars_only(office, tree, make_member):
    m = make_member(organization=tree.office)
    s.member_update(acting_user=office, member=m, full_name="Nguyễn Văn Ánh", position="Trưởng phòng")
    m.refresh_from_db()
    assert m.search_name == "nguyen van anh" and m.position == "Trưởng phòng"
    assert _audits(m, "member_update").get().after["position"] == "Trưởng phòng"
    with pytest.raises(ValueError, match="status"):
        s.member_update(acting_user=office, member=m, status="removed")


def test_organization_create_rename(office, tree):
    org = s.organization_create(acting_user=office, name=" Chi bộ  Mới ", kind="cell",
                                parent=tree.finance)
    assert org.name == "Chi bộ Mới"
    s.organization_rename(acting_user=office, organization=org, name="Chi bộ Kế toán")
    assert _audits(org, "organization_rename").get().before["name"] == "Chi bộ Mới"
    with pytest.raises(ValidationError):
        s.organization_rename(acting_user=office, organization=org, name="  ")


def test_move_never_under_itself_or_a_descendant(office, tree):
    for target in (tree.finance, tree.office):
        with pytest.raises(ValidationError) as exc:
            s.organization_move(acting_user=office, organization=tree.finance, new_parent=target)
        assert exc.value.messages == [str(s.ORG_MOVE_UNDER_ITSELF)]
    with pytest.raises(ValidationError) as exc:
        s.organization_move(acting_user=office, organization=tree.root, new_parent=tree.justice)
    assert exc.value.messages == [str(s.ORG_ROOT_CANNOT_MOVE)]
    s.organization_move(acting_user=office, organization=tree.office, new_parent=tree.root)
    tree.office.refresh_from_db()
    assert tree.office.parent == tree.root
    assert _audits(tree.office, "organization_move").get().before["parent"] == tree.finance.pk


def test_dissolve_refuses_active_members_and_children(office, tree, make_member):
    m = make_member(organization=tree.office)
    with pytest.raises(ValidationError) as exc:
        s.organization_dissolve(acting_user=office, organization=tree.office)
    assert exc.value.messages == [s.ORG_DISSOLVE_HAS_MEMBERS.format(count=1)]
    with pytest.raises(ValidationError) as exc:
        s.organization_dissolve(acting_user=office, organization=tree.finance)
    assert exc.value.messages == [s.ORG_DISSOLVE_HAS_CHILDREN.format(count=2)]
    s.member_transfer(acting_user=office, member=m, to_organization=tree.justice)
    s.organization_dissolve(acting_user=office, organization=tree.office, on=dt.date(2025, 1, 1))
    s.organization_dissolve(acting_user=office, organization=tree.inspect)
    s.organization_dissolve(acting_user=office, organization=tree.finance)
    assert Organization.objects.filter(dissolved_on__isnull=False).count() == 3
    with pytest.raises(ValidationError):
        s.organization_dissolve(acting_user=office, organization=tree.finance)


def test_admission_plan_set_creates_then_updates(office):
    s.admission_plan_set(acting_user=office, year=2025, planned=200)
    plan = s.admission_plan_set(acting_user=office, year=2025, planned=210)
    assert AdmissionPlan.objects.get().planned == 210
    assert _audits(plan, "admission_plan_set").count() == 2
