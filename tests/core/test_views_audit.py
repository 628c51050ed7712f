"""The audit log pages: who may read them, filters, per-record before/after, export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from daihoi.core import services
from daihoi.core.audit import audit_update, snapshot
from daihoi.core.models import AuditLog
from daihoi.core.roles import Role


def _record_url(obj) -> str:
    meta = obj._meta
    return reverse("core:audit_record", args=[f"{meta.app_label}.{meta.model_name}", obj.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.COUNTING, Role.DELEGATE, Role.LEADER])
def test_only_admin_and_office_read_the_log(client_as, make_user, role):
    target = make_user(Role.DELEGATE)
    client = client_as(role)
    for url in [reverse("core:audit_list"), reverse("core:audit_user", args=[target.pk]),
                _record_url(target), reverse("core:audit_list") + "?format=xlsx"]:
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ADMIN, Role.OFFICE])
def test_admin_and_office_read_the_log(client_as, make_user, role):
    target = make_user(Role.DELEGATE)
    client = client_as(role)
    for url in [reverse("core:audit_list"), reverse("core:audit_user", args=[target.pk]),
                _record_url(target)]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_record_history_shows_changed_fields_with_labels(client_as, make_member, make_user):
    admin = make_user(Role.ADMIN)
    member = make_member("Nguyễn Văn Hải")
    before = snapshot(member)
    member.position = "Bí thư chi bộ"
    member.status = "transferred_out"
    member.save()
    audit_update(actor=admin, obj=member, before=before, verb="transfer_out")
    response = client_as(Role.OFFICE).get(_record_url(member))
    body = response.content.decode()
    changes = response.context["entries"][0]["changes"]
    assert [c.label for c in changes] == ["Chức vụ", "Trạng thái"]  # only the changed fields
    assert changes[1].before == "Chính thức" and changes[1].after == "Đã chuyển đi"
    assert "Bí thư chi bộ" in body
    assert "Ngày sinh" not in body  # unchanged fields are not listed
    assert "Nguyễn Văn Hải" in body


@pytest.mark.django_db
def test_record_history_of_a_deleted_record(client_as, make_member, make_user):
    from daihoi.core.audit import audit_delete

    member = make_member("Vũ Thị Hoa")
    pk = member.pk
    audit_delete(actor=make_user(Role.ADMIN), obj=member)
    member.delete()
    body = client_as(Role.OFFICE).get(
        reverse("core:audit_record", args=["organizations.member", pk])).content.decode()
    assert "Vũ Thị Hoa" in body
    assert "Bản ghi không còn" in body


@pytest.mark.django_db
def test_unknown_record_is_404(client_as):
    client = client_as(Role.ADMIN)
    assert client.get(reverse("core:audit_record", args=["nope.model", 1])).status_code == 404
    assert client.get(reverse("core:audit_record", args=["core.user", 999999])).status_code == 404


@pytest.mark.django_db
def test_filters_narrow_the_log(client_as, make_user, make_member):
    admin = make_user(Role.ADMIN, username="quantri")
    other_admin = make_user(Role.ADMIN, username="quantri2")
    services.user_create(acting_user=admin, username="alpha", password=None)
    services.user_create(acting_user=other_admin, username="beta", password=None)
    member = make_member("Ngô Thị Lan")
    before = snapshot(member)
    member.position = "Đảng viên"
    member.save()
    row = audit_update(actor=admin, obj=member, before=before)
    old = timezone.now() - dt.timedelta(days=40)
    AuditLog.objects.filter(pk=row.pk).update(at=old)
    client = client_as(Role.OFFICE)
    url = reverse("core:audit_list")

    def reprs(**params):
        return [e["row"].object_repr for e in client.get(url, params).context["entries"]]

    assert reprs(actor=admin.pk) == ["alpha", "Ngô Thị Lan"]  # newest first
    assert reprs(q="bet") == ["beta"]
    member_ct = AuditLog.objects.get(pk=row.pk).content_type_id
    assert reprs(type=member_ct) == ["Ngô Thị Lan"]
    day = timezone.localdate(old)
    assert reprs(date_from=day.isoformat(), date_to=day.isoformat()) == ["Ngô Thị Lan"]
    assert "Ngô Thị Lan" not in reprs(date_from=(day + dt.timedelta(days=1)).isoformat())
    assert reprs(actor=admin.pk, action="create") == ["alpha"]


@pytest.mark.django_db
def test_pages_without_counting(client_as, make_user, settings):
    from daihoi.core import views_audit

    admin = make_user(Role.ADMIN)
    for i in range(views_audit.PER_PAGE + 5):
        services.user_create(acting_user=admin, username=f"u{i:03d}", password=None)
    client = client_as(Role.OFFICE)
    first = client.get(reverse("core:audit_list"), {"actor": admin.pk})
    assert first.context["has_next"]
    assert len(first.context["entries"]) == views_audit.PER_PAGE
    second = client.get(reverse("core:audit_list"), {"actor": admin.pk, "page": 2})
    assert not second.context["has_next"]
    assert len(second.context["entries"]) == 5
    assert "actor=" in second.content.decode().split("Mới hơn")[0].rsplit("href=", 1)[1]


@pytest.mark.django_db
def test_per_user_page_lists_that_users_changes(client_as, make_user):
    admin = make_user(Role.ADMIN)
    services.user_create(acting_user=admin, username="gamma", password=None)
    services.user_create(acting_user=None, username="delta", password=None)
    response = client_as(Role.OFFICE).get(reverse("core:audit_user", args=[admin.pk]))
    names = [e["row"].object_repr for e in response.context["entries"]]
    assert names == ["gamma"]


@pytest.mark.django_db
def test_export_xlsx_holds_the_filtered_rows(client_as, make_user):
    admin = make_user(Role.ADMIN)
    services.user_create(acting_user=admin, username="epsilon", password=None)
    services.user_create(acting_user=admin, username="zeta", password=None)
    response = client_as(Role.OFFICE).get(reverse("core:audit_list"),
                                          {"q": "epsilon", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Thời điểm"
    assert [r[4] for r in rows[1:]] == ["epsilon"]
    assert "Tên đăng nhập" in rows[1][6]


@pytest.mark.django_db
def test_audit_link_tag_only_for_readers_of_the_log(make_user):
    target = make_user(Role.DELEGATE)
    template = Template("{% load audit %}{% audit_link obj %}")
    factory = RequestFactory()
    for role, shown in [(Role.OFFICE, True), (Role.ADMIN, True), (Role.LEADER, False)]:
        request = factory.get("/")
        request.user = make_user(role)
        html = template.render(Context({"request": request, "obj": target}))
        assert ("Lịch sử thay đổi" in html) is shown
        if shown:
            assert _record_url(target) in html


@pytest.mark.django_db
def test_nav_link_for_admin_and_office_only(client_as):
    assert "Nhật ký" in client_as(Role.OFFICE).get(reverse("home")).content.decode()
    assert reverse("core:audit_list") not in client_as(Role.LEADER).get(
        reverse("home")).content.decode()


@pytest.mark.django_db
def test_big_export_runs_as_a_job_with_a_download(client_as, make_user, settings, tmp_path,
                                                  monkeypatch):
    from daihoi.core import views_audit
    from daihoi.core.models import Job

    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(views_audit, "SYNC_EXPORT_LIMIT", 3)
    admin = make_user(Role.ADMIN)
    for i in range(6):
        services.user_create(acting_user=admin, username=f"xuat{i}", password=None)
    client = client_as(Role.OFFICE)
    response = client.get(reverse("core:audit_list"), {"actor": admin.pk, "format": "xlsx"})
    assert response.status_code == 302
    job = Job.objects.get(kind="audit_export")
    assert job.status == Job.Status.DONE, job.errors
    assert job.result["message"] == "Đã xuất 6 dòng nhật ký."
    url = job.result["links"][0][1]
    download = client.get(url)
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sorted(r[4] for r in list(sheet.iter_rows(values_only=True))[1:]) == [
        f"xuat{i}" for i in range(6)]
    leader = client_as(Role.LEADER)
    assert leader.get(url).status_code == 403
    assert not any(tmp_path.iterdir())  # the file is in the database, for any server to hand out
    other = Job.objects.create(kind="audit_export", title="t", created_by=admin)
    client.force_login(admin)
    assert client.get(reverse("jobs:file", args=[other.pk])).status_code == 404


@pytest.mark.django_db
def test_text_filter_ignores_diacritics(client_as, make_member, make_user):
    from daihoi.core.audit import audit_create

    admin = make_user(Role.ADMIN)
    audit_create(actor=admin, obj=make_member("Nguyễn Văn Đức"))
    audit_create(actor=admin, obj=make_member("Trần Thị Dung"))
    client = client_as(Role.OFFICE)
    for text in ["nguyen van duc", "NGUYỄN VĂN ĐỨC", "van duc"]:
        entries = client.get(reverse("core:audit_list"), {"q": text}).context["entries"]
        assert [e["row"].object_repr for e in entries] == ["Nguyễn Văn Đức"], text


@pytest.mark.django_db
def test_list_page_queries_do_not_grow_with_rows(client_as, make_user,
                                                 django_assert_max_num_queries):
    admin = make_user(Role.ADMIN)
    for i in range(40):
        services.user_create(acting_user=admin, username=f"q{i}", password=None)
    client = client_as(Role.OFFICE)
    client.get(reverse("core:audit_list"))  # warm the content type cache
    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:audit_list"))
    assert len(response.context["entries"]) == 42


@pytest.mark.django_db
def test_record_without_history_shows_an_empty_page(client_as, make_member):
    member = make_member("Lý Văn Tâm")  # written straight, so no audit row
    response = client_as(Role.OFFICE).get(_record_url(member))
    assert response.status_code == 200
    assert "Không có thay đổi nào." in response.content.decode()
    assert client_as(Role.OFFICE).get(reverse(
        "core:audit_record", args=["organizations.member", "abc"])).status_code == 404


def test_export_xlsx_has_no_formula_when_a_name_looks_like_one(client_as, make_user):
    from tests.spreadsheets import INJECTION, cells_containing, formulas

    admin = make_user(Role.ADMIN)
    services.user_create(acting_user=admin, username=INJECTION, password=None,
                         full_name="-" + INJECTION)
    response = client_as(Role.OFFICE).get(reverse("core:audit_list"), {"format": "xlsx"})
    assert response.status_code == 200
    assert formulas(response.content) == []
    assert "'-" + INJECTION in cells_containing(response.content, "HYPERLINK")  # the record's name
