"""Admission and probation (RULES.md "Membership"): 18 or more on the admission date
(Charter Điều 1); probation counts 12 months from the admission ceremony, a date of its own
beside the decision (Charter Điều 5); seniority counts from the decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from daihoi.core.models import AuditLog
from daihoi.core.roles import Role
from daihoi.organizations import selectors
from daihoi.organizations import services as s
from daihoi.organizations.models import Member
from daihoi.rules import membership
from daihoi.rules.membership import add_months

pytestmark = pytest.mark.django_db
P = Member.Status.PROBATIONARY


@pytest.fixture
def office(make_user):
    return make_user(Role.OFFICE)


def _admit(office, org, **kw):
    args = {"acting_user": office, "full_name": "Lê Thị Hồng", "gender": "female",
            "date_of_birth": dt.date(1995, 4, 2), "admission_date": dt.date(2024, 5, 10),
            "organization": org}
    args.update(kw)
    return s.member_admit(**args)


# --- minimum age ------------------------------------------------------------------------


def test_admission_on_the_18th_birthday_is_accepted(office, tree):
    m = _admit(office, tree.office, date_of_birth=dt.date(2006, 5, 10))
    assert m.pk and m.date_of_birth == dt.date(2006, 5, 10)


def test_admission_the_day_before_the_18th_birthday_is_refused_with_the_dates(office, tree):
    with pytest.raises(ValidationError) as exc:
        _admit(office, tree.office, date_of_birth=dt.date(2006, 5, 11))
    assert exc.value.messages == [str(s.MEMBER_UNDER_AGE).format(
        min_age=18, admission=dt.date(2024, 5, 10), age=17, birth=dt.date(2006, 5, 11),
        eligible=dt.date(2024, 5, 11))]
    message = exc.value.messages[0]
    assert "10/05/2024" in message and "17 tuổi" in message and "11/05/2024" in message
    assert not Member.objects.exists()


def test_born_on_29_february_is_18_on_28_february_of_a_common_year(office, tree):
    with pytest.raises(ValidationError):
        _admit(office, tree.office, date_of_birth=dt.date(2004, 2, 29), admission_date=dt.date(2022, 2, 27))
    assert _admit(office, tree.office, date_of_birth=dt.date(2004, 2, 29),
                  admission_date=dt.date(2022, 2, 28)).pk


def test_admission_without_a_birth_date_is_refused(office, tree):
    with pytest.raises(ValidationError) as exc:
        _admit(office, tree.office, date_of_birth=None)
    assert exc.value.messages == [str(s.MEMBER_BIRTH_REQUIRED).format(min_age=18)]


def test_an_edit_cannot_make_the_member_under_age_at_admission(office, tree, make_member):
    m = make_member(organization=tree.office, admission_date=dt.date(2010, 5, 19))
    with pytest.raises(ValidationError) as exc:
        s.member_update(acting_user=office, member=m, date_of_birth=dt.date(1993, 1, 1))
    assert "17 tuổi" in exc.value.messages[0]
    m.refresh_from_db()
    assert m.date_of_birth == dt.date(1985, 1, 1)
    s.member_update(acting_user=office, member=m, date_of_birth=dt.date(1992, 5, 19))
    m.refresh_from_db()
    assert m.date_of_birth == dt.date(1992, 5, 19)


# --- the ceremony -----------------------------------------------------------------------


def test_the_ceremony_is_recorded_beside_the_decision(office, tree):
    m = _admit(office, tree.office, ceremony_date=dt.date(2024, 6, 3))
    m.refresh_from_db()
    assert (m.admission_date, m.ceremony_date) == (dt.date(2024, 5, 10), dt.date(2024, 6, 3))
    assert m.probation_start == dt.date(2024, 6, 3)


def test_a_ceremony_before_the_decision_or_in_the_future_is_refused(office, tree):
    with pytest.raises(ValidationError) as exc:
        _admit(office, tree.office, ceremony_date=dt.date(2024, 5, 9))
    assert exc.value.messages == [str(s.MEMBER_CEREMONY_BEFORE_DECISION).format(
        admission=dt.date(2024, 5, 10))]
    with pytest.raises(ValidationError) as exc:
        _admit(office, tree.office, ceremony_date=timezone.localdate() + dt.timedelta(days=1))
    assert exc.value.messages == [str(s.MEMBER_CEREMONY_IN_FUTURE)]
    assert not Member.objects.exists()


def test_a_late_ceremony_is_accepted_with_a_warning(office, tree):
    # Friday 10/5/2024 + 30 working days = Friday 21/6/2024.
    assert selectors.ceremony_warning(dt.date(2024, 5, 10), dt.date(2024, 6, 21)) is None
    warning = selectors.ceremony_warning(dt.date(2024, 5, 10), dt.date(2024, 6, 24))
    assert warning is not None and "21/06/2024" in warning and "30 ngày làm việc" in warning
    assert _admit(office, tree.office, ceremony_date=dt.date(2024, 6, 24)).pk


def test_recording_the_ceremony_later(office, tree, make_member, make_user):
    m = make_member(organization=tree.office, status=P, admission_date=dt.date(2024, 5, 10))
    with pytest.raises(PermissionDenied):
        s.member_record_ceremony(acting_user=make_user(Role.LEADER), member=m,
                                 ceremony_date=dt.date(2024, 5, 20))
    s.member_record_ceremony(acting_user=office, member=m, ceremony_date=dt.date(2024, 5, 20))
    m.refresh_from_db()
    assert m.ceremony_date == dt.date(2024, 5, 20)
    ct = ContentType.objects.get_for_model(Member)
    row = AuditLog.objects.get(content_type=ct, object_id=str(m.pk), verb="member_record_ceremony")
    assert row.actor == office and row.after["ceremony_date"] == "2024-05-20"
    assert row.before["ceremony_date"] is None
    full = make_member("Chính Thức", organization=tree.office)
    with pytest.raises(ValidationError) as exc:
        s.member_record_ceremony(acting_user=office, member=full, ceremony_date=dt.date(2010, 6, 1))
    assert exc.value.messages == [str(s.MEMBER_CEREMONY_NOT_PROBATIONARY)]


# --- recognition counts from the ceremony -------------------------------------------------


def test_recognition_counts_twelve_months_from_the_ceremony(office, tree, make_member):
    m = make_member(organization=tree.office, status=P, admission_date=dt.date(2024, 5, 10),
                    ceremony_date=dt.date(2024, 6, 3))
    with pytest.raises(ValidationError) as exc:  # a year after the decision is not enough
        s.member_recognize_full(acting_user=office, member=m, on=dt.date(2025, 6, 2))
    assert exc.value.messages == [str(s.MEMBER_PROBATION_NOT_OVER).format(
        months=12, start=dt.date(2024, 6, 3), due=dt.date(2025, 6, 3))]
    s.member_recognize_full(acting_user=office, member=m, on=dt.date(2025, 9, 1))
    m.refresh_from_db()
    assert (m.status, m.full_member_date) == (Member.Status.FULL, dt.date(2025, 6, 3))


def test_without_a_ceremony_recognition_falls_back_to_the_decision(office, tree, make_member):
    m = make_member(organization=tree.office, status=P, admission_date=dt.date(2024, 5, 10))
    s.member_recognize_full(acting_user=office, member=m, on=dt.date(2025, 5, 10))
    m.refresh_from_db()
    assert m.full_member_date == dt.date(2025, 5, 10)


def test_the_months_come_from_the_rule_not_the_message(office, tree, make_member, monkeypatch):
    monkeypatch.setattr(membership, "PROBATION_MONTHS", 6)
    m = make_member(organization=tree.office, status=P, admission_date=dt.date(2024, 5, 10),
                    ceremony_date=dt.date(2024, 6, 3))
    with pytest.raises(ValidationError) as exc:
        s.member_recognize_full(acting_user=office, member=m, on=dt.date(2024, 12, 2))
    assert "Chưa đủ 6 tháng" in exc.value.messages[0] and "03/12/2024" in exc.value.messages[0]
    s.member_recognize_full(acting_user=office, member=m, on=dt.date(2024, 12, 3))


# --- the due list -----------------------------------------------------------------------


def test_the_due_list_counts_from_the_ceremony(tree, make_member):
    today = dt.date(2025, 6, 15)
    # Decided over a year ago, ceremony a month later: not overdue, due on 2 July.
    make_member("Lễ Muộn", organization=tree.office, status=P, admission_date=dt.date(2024, 5, 20),
                ceremony_date=dt.date(2024, 7, 2))
    # Decided in May, ceremony in June: due this month.
    make_member("Lễ Tháng Sáu", organization=tree.office, status=P,
                admission_date=dt.date(2024, 5, 28), ceremony_date=dt.date(2024, 6, 20))
    # Decided in April, ceremony in May: overdue counted from the ceremony.
    make_member("Quá Hạn", organization=tree.office, status=P, admission_date=dt.date(2024, 4, 20),
                ceremony_date=dt.date(2024, 5, 25))
    # No ceremony recorded: from the decision.
    make_member("Chưa Ghi Lễ", organization=tree.office, status=P, admission_date=dt.date(2024, 6, 1))
    this_month, overdue = selectors.members_due(today=today)
    assert [r.member.full_name for r in this_month] == ["Lễ Tháng Sáu"]
    assert this_month[0].due == dt.date(2025, 6, 20)
    assert [(r.member.full_name, r.days_overdue) for r in overdue] == [("Quá Hạn", 21), ("Chưa Ghi Lễ", 14)]
    d = selectors.dashboard(today=today)
    assert (d.due_this_month, d.overdue) == (len(this_month), len(overdue)) == (1, 2)


# --- pages ------------------------------------------------------------------------------


def test_admit_form_takes_both_dates_and_refuses_a_minor(client_as, tree):
    client = client_as(Role.OFFICE)
    url = reverse("organizations:member_admit")
    page = client.get(url).content.decode()
    assert 'name="admission_date"' in page and 'name="ceremony_date"' in page
    today = timezone.localdate()
    form = {"full_name": "Hồ Thị Mới", "gender": "female", "ethnicity": "Kinh",
            "organization": tree.office.pk, "admission_date": today.isoformat(),
            "date_of_birth": (add_months(today, -18 * 12) + dt.timedelta(days=1)).isoformat()}
    r = client.post(url, form)
    assert r.status_code == 400 and "Chưa đủ 18 tuổi" in r.content.decode()
    form["date_of_birth"] = add_months(today, -18 * 12).isoformat()
    form["ceremony_date"] = today.isoformat()
    r = client.post(url, form)
    assert r.status_code == 302
    m = Member.objects.get(full_name="Hồ Thị Mới")
    assert m.ceremony_date == today


def test_member_page_shows_both_dates_and_seniority(client_as, tree, make_member):
    m = make_member(organization=tree.office, admission_date=dt.date(2010, 5, 19),
                    ceremony_date=dt.date(2010, 6, 2))
    client = client_as(Role.SECRETARIAT)
    html = client.get(reverse("organizations:member_detail", args=[m.pk])).content.decode()
    assert "19/05/2010" in html.split('id="admission-date"')[1][:40]
    assert "02/06/2010" in html.split('id="ceremony-date"')[1][:40]
    years = membership.party_seniority(dt.date(2010, 5, 19), timezone.localdate())
    assert f"{years.years} năm {years.months} tháng" in html.split('id="seniority"')[1][:80]


def test_member_page_says_when_no_ceremony_is_recorded(client_as, tree, make_member):
    m = make_member(organization=tree.office, status=P,
                    admission_date=timezone.localdate() - dt.timedelta(days=30))
    client = client_as(Role.OFFICE)
    html = client.get(reverse("organizations:member_detail", args=[m.pk])).content.decode()
    assert "chưa ghi ngày lễ kết nạp" in html.split('id="ceremony-date"')[1][:200]
    assert 'id="no-ceremony"' in html
    ceremony = reverse("organizations:member_action", args=[m.pk, "ceremony"])
    assert ceremony in html
    r = client.post(ceremony, {"ceremony_date": (timezone.localdate() - dt.timedelta(days=20)).isoformat()})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.ceremony_date == timezone.localdate() - dt.timedelta(days=20)
    html = client.get(reverse("organizations:member_detail", args=[m.pk])).content.decode()
    assert 'id="no-ceremony"' not in html
    assert "Ghi ngày lễ kết nạp" in html.split('id="member-history"')[1]  # the audit row, labelled


def test_due_page_shows_the_ceremony(client_as, tree, make_member):
    today = timezone.localdate()
    make_member("Có Lễ", organization=tree.office, status=P, admission_date=today - dt.timedelta(days=420),
                ceremony_date=today - dt.timedelta(days=400))
    make_member("Không Lễ", organization=tree.office, status=P, admission_date=today - dt.timedelta(days=400))
    html = client_as(Role.OFFICE).get(reverse("organizations:members_due")).content.decode()
    overdue = html.split('id="due-overdue"')[1].split("</table>")[0]
    assert f"{today - dt.timedelta(days=400):%d/%m/%Y}" in overdue.split("Có Lễ")[1].split("</tr>")[0]
    assert "chưa ghi ngày lễ kết nạp" in overdue.split("Không Lễ")[1].split("</tr>")[0]


def test_member_page_and_refusal_in_english(client_as, tree, make_member):
    m = make_member(organization=tree.office, status=P,
                    admission_date=timezone.localdate() - dt.timedelta(days=30))
    client = client_as(Role.OFFICE)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("organizations:member_detail", args=[m.pk])).content.decode()
    assert "Party seniority" in html and "Date of the admission ceremony" in html
    assert "ceremony date not recorded" in html and "Tuổi đảng" not in html
    today = timezone.localdate()
    r = client.post(reverse("organizations:member_admit"), {
        "full_name": "Hồ Thị Mới", "gender": "female", "ethnicity": "Kinh",
        "organization": tree.office.pk, "admission_date": today.isoformat(),
        "date_of_birth": (today - dt.timedelta(days=365 * 10)).isoformat()})
    assert "Under 18: on the admission date" in r.content.decode()
