"""The import pages: upload, the job page with its result or errors, the error report."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from daihoi.core.models import AuditLog, Job, JobFile
from daihoi.core.roles import Role
from daihoi.organizations import imports as im
from daihoi.organizations.models import Member, Organization
from tests.factories import OrganizationFactory
from tests.organizations.test_imports import GOOD, HEADERS, orgs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def var_dir(settings: Any, tmp_path: Path) -> None:
    # Jobs run in the request's thread (the tests' immediate task backend), so the test sees
    # their outcome at once; nothing of them may land on this machine's disk.
    settings.VAR_DIR = tmp_path


def xlsx_upload(rows: list[list[Any]], name: str = "dang-vien.xlsx") -> SimpleUploadedFile:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_upload_of_a_good_file_ends_on_the_job_page_with_the_result(
        client_as: Callable[..., Any], tmp_path: Path) -> None:
    orgs()
    client = client_as(Role.OFFICE)
    r = client.post("/members/import/", {"file": xlsx_upload([HEADERS, *GOOD])})
    assert r.status_code == 302
    job = Job.objects.get()
    assert r["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "done" and job.result["created"] == 3 and job.done == job.total
    page = client.get(r["Location"]).content.decode()
    assert str(im.IMPORTED_MEMBERS).format(count=3) in page
    assert 'hx-trigger="every 1s"' not in page  # finished: no more polling
    assert Member.objects.count() == 3
    assert AuditLog.objects.filter(verb="member_import").count() == 3
    assert not JobFile.objects.filter(job=job).exists()  # the upload is not kept once imported
    assert list(tmp_path.iterdir()) == []  # nor was it ever on this machine's disk


def test_upload_of_a_bad_file_lists_every_error_and_offers_the_report(
        client_as: Callable[..., Any], tmp_path: Path) -> None:
    orgs()
    client = client_as(Role.OFFICE)
    bad = [HEADERS, GOOD[0], ["", *GOOD[1][1:]], [*GOOD[2][:8], "CB-KHONG-CO", *GOOD[2][9:]]]
    r = client.post("/members/import/", {"file": xlsx_upload(bad)}, follow=True)
    page = r.content.decode()
    assert "job-errors" in page
    assert str(im.REQUIRED) in page and str(im.UNKNOWN_ORGANIZATION) in page
    assert Member.objects.count() == 0
    job = Job.objects.get()
    assert job.status == "failed"
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "Họ và tên"), (4, "Tổ chức")]
    report_url = f"/members/import/errors/{job.pk}.xlsx"
    assert report_url in page
    report = client.get(report_url)
    assert report.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content)))
    errors, data = wb.worksheets
    listed = list(errors.iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[1]) for row in listed] == [(3, "Họ và tên"), (4, "Tổ chức")]
    rows = list(data.iter_rows(values_only=True))
    assert rows[2][0] == 3 and "Họ và tên" in rows[2][-1]  # the bad row, its error beside it
    bad_cell = data.cell(row=4, column=1 + HEADERS.index("Tổ chức") + 1)
    assert bad_cell.value == "CB-KHONG-CO"
    assert bad_cell.fill.fgColor.rgb.endswith("F8CBAD")  # highlighted
    assert not data.cell(row=2, column=2).fill.fgColor.rgb.endswith("F8CBAD")


def test_the_error_report_is_only_for_its_owner(client_as: Callable[..., Any],
                                                make_user: Callable[..., Any]) -> None:
    orgs()
    client = client_as(Role.OFFICE)
    client.post("/members/import/", {"file": xlsx_upload([HEADERS, ["", *GOOD[1][1:]]])})
    job = Job.objects.get()
    client.force_login(make_user(Role.OFFICE))
    assert client.get(f"/members/import/errors/{job.pk}.xlsx").status_code == 403
    assert client.get(f"/jobs/{job.pk}/").status_code == 403
    client.force_login(make_user(Role.ADMIN))
    assert client.get(f"/jobs/{job.pk}/").status_code == 200


def test_wrong_file_type_is_refused_on_the_form(client_as: Callable[..., Any]) -> None:
    client = client_as(Role.OFFICE)
    r = client.post("/members/import/", {"file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert r.status_code == 200
    assert str(im.BAD_FILE_TYPE) in r.content.decode()
    assert Job.objects.count() == 0


def test_csv_upload_of_organizations(client_as: Callable[..., Any]) -> None:
    OrganizationFactory(name="Đảng bộ Khối", code="DBK", kind="committee")
    text = ("ten to chuc;ma;loai hinh;truc thuoc\r\n"
            "Đảng bộ Sở Y tế;DBYT;Đảng bộ cơ sở;DBK\r\n"
            "Chi bộ Bệnh viện;CBBV;Chi bộ trực thuộc;DBYT\r\n")
    upload = SimpleUploadedFile("to-chuc.csv", text.encode("utf-8-sig"))
    r = client_as(Role.OFFICE).post("/organizations/import/", {"file": upload}, follow=True)
    assert str(im.IMPORTED_ORGANIZATIONS).format(count=2) in r.content.decode()
    cell = Organization.objects.get(code="CBBV")
    assert cell.parent is not None and cell.parent.code == "DBYT"
    assert AuditLog.objects.filter(verb="organization_import").count() == 2


def test_a_bad_organizations_file_writes_nothing(client_as: Callable[..., Any]) -> None:
    OrganizationFactory(name="Đảng bộ Khối", code="DBK", kind="committee")
    text = ("Tên tổ chức,Mã,Loại hình,Trực thuộc\n"
            "Đảng bộ Sở Y tế,DBYT,Đảng bộ cơ sở,DBK\n"
            "Chi bộ Bệnh viện,CBBV,Chi bộ trực thuộc,KHONG-CO\n")
    upload = SimpleUploadedFile("to-chuc.csv", text.encode("utf-8"))
    client_as(Role.OFFICE).post("/organizations/import/", {"file": upload})
    assert Organization.objects.count() == 1
    job = Job.objects.get()
    assert job.errors == [{"row": 3, "column": "Trực thuộc", "value": "KHONG-CO",
                           "reason": str(im.UNKNOWN_PARENT)}]


@pytest.mark.parametrize("role, allowed", [
    (Role.ADMIN, True), (Role.OFFICE, True), (Role.LEADER, False),
    (Role.SECRETARIAT, False), (Role.COUNTING, False), (Role.DELEGATE, False),
])
def test_who_may_import(role: Role, allowed: bool, client_as: Callable[..., Any]) -> None:
    orgs()
    client = client_as(role)
    for url in ("/members/import/", "/organizations/import/", "/members/import/template.xlsx",
                "/organizations/import/template.xlsx"):
        assert client.get(url).status_code == (200 if allowed else 403), url
    r = client.post("/members/import/", {"file": xlsx_upload([HEADERS, *GOOD])})
    assert r.status_code == (302 if allowed else 403)
    assert Member.objects.count() == (3 if allowed else 0)


def test_template_download(client_as: Callable[..., Any]) -> None:
    orgs()
    r = client_as(Role.OFFICE).get("/members/import/template.xlsx")
    assert r["Content-Disposition"].startswith('attachment; filename="mau-nhap-dang-vien.xlsx"')
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert [ws.title for ws in wb.worksheets] == ["Đảng viên", "Danh mục"]


def test_week_old_uploads_are_removed_on_the_next_upload(client_as: Callable[..., Any]) -> None:
    import datetime as dt

    from django.utils import timezone

    orgs()
    client = client_as(Role.OFFICE)
    for _ in range(2):  # two rejected files: their uploads stay for the error report
        client.post("/members/import/", {"file": xlsx_upload([HEADERS, ["", *GOOD[1][1:]]])})
    old, recent = JobFile.objects.order_by("pk")
    JobFile.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    client.post("/members/import/", {"file": xlsx_upload([HEADERS, ["", *GOOD[1][1:]]])})
    kept = set(JobFile.objects.values_list("pk", flat=True))
    assert old.pk not in kept and recent.pk in kept and len(kept) == 2
