"""The office's pages: paste or upload an article, review the proposed record beside the
highlighted text, correct and save it; the batch import; the comparison and its export;
who may see what."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.core.models import AuditLog, Job
from daihoi.core.roles import Role
from daihoi.extraction import mapping, services
from daihoi.extraction.models import Article, CongressRecord

ARTICLES = Path(__file__).parent / "articles"
BENTRE = (ARTICLES / "bentre-2020-congress.txt").read_text(encoding="utf-8")


def _post_data(article: Article, **changes: Any) -> dict[str, str]:
    """The review form as the page fills it, with `changes` typed over it."""
    values = {**mapping.fields_of(article.proposed), **changes}
    data: dict[str, str] = {}
    for name, value in values.items():
        if name in ("targets", "guests"):
            data[name] = json.dumps(value or [], ensure_ascii=False)
        elif name == "secretary_reelected":
            data[name] = {True: "true", False: "false", None: "unknown"}[value]
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = "" if value is None else str(value)
    return data


@pytest.mark.django_db
def test_paste_review_correct_and_save(client_as) -> None:
    client = client_as(Role.OFFICE)
    response = client.post(reverse("extraction:article_new"), {"text": BENTRE})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "extraction:review", args=[article.pk]
    )
    page = client.get(response["Location"]).content.decode()
    # the figures highlighted where found, the form filled in
    assert '<mark class="k-committee_elected ' in page and ">28</mark>" in page
    assert 'value="Đảng bộ Khối Cơ quan - Doanh nghiệp tỉnh Bến Tre"' in page
    assert 'data-key="committee_elected"' in page and 'data-key="delegation"' in page
    data = _post_data(article, standing_committee_elected=9)
    data["correction_note"] = "BTV theo nghị quyết phiên thứ nhất"
    response = client.post(reverse("extraction:review", args=[article.pk]), data)
    record = CongressRecord.objects.get()
    assert response.status_code == 302
    assert record.article == article and record.committee_elected == 28 and record.ordinal == 13
    assert record.standing_committee_elected == 9
    assert record.corrections == {"standing_committee_elected": [None, 9]}
    assert record.correction_note == "BTV theo nghị quyết phiên thứ nhất"
    assert record.level == "upper_grassroots" and record.secretary_reelected is True
    article.refresh_from_db()
    assert article.status == Article.Status.SAVED
    assert AuditLog.objects.filter(verb="extraction.record_save").count() == 2
    detail = client.get(response["Location"]).content.decode()
    assert "standing_committee_elected" in detail and "BTV theo nghị quyết" in detail
    # saved once: a second post changes nothing
    client.post(reverse("extraction:review", args=[article.pk]), data)
    assert CongressRecord.objects.count() == 1


@pytest.mark.django_db
def test_upload_an_html_page(client_as) -> None:
    client = client_as(Role.OFFICE)
    html = (
        "<html><body><nav class='menu'>Trang chủ</nav><article><h1>Đại hội đại biểu Đảng bộ xã "
        "Tân Mỹ Hòa lần thứ IX, nhiệm kỳ 2025-2030</h1><p>Ngày 8/7/2025, Đảng bộ xã Tân Mỹ Hòa tổ chức "
        "Đại hội đại biểu lần thứ IX, nhiệm kỳ 2025-2030 với 120 đại biểu chính thức đại diện cho hơn "
        "900 đảng viên.</p></article></body></html>"
    )
    upload = SimpleUploadedFile("tin.html", html.encode("utf-8"), content_type="text/html")
    response = client.post(reverse("extraction:article_new"), {"file": upload})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.proposed["ordinal"] == 9 and article.proposed["members_represented"]["value"] == 900
    assert article.filename == "tin.html"


@pytest.mark.django_db
def test_nothing_to_read_is_a_clear_message(client_as) -> None:
    client = client_as(Role.OFFICE)
    response = client.post(reverse("extraction:article_new"), {"text": "   "})
    assert response.status_code == 400
    assert str(services.NOTHING_TO_READ) in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_an_unrelated_article_is_proposed_as_other(client_as) -> None:
    client = client_as(Role.OFFICE)
    client.post(reverse("extraction:article_new"), {"text": "Giải cầu lông\nSáng 3/4 diễn ra giải cầu lông."})
    article = Article.objects.get()
    page = client.get(reverse("extraction:review", args=[article.pk])).content.decode()
    assert 'id="kind-other"' in page
    client.post(reverse("extraction:dismiss", args=[article.pk]))
    article.refresh_from_db()
    assert article.status == Article.Status.DISMISSED


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.django_db
def test_batch_import_of_a_zip_fills_the_review_queue(client_as) -> None:
    client = client_as(Role.OFFICE)
    files = {f"bai/{p.name}": p.read_bytes() for p in sorted(ARTICLES.glob("*.txt"))}
    files["bai/rong.txt"] = b""
    files["bai/anh.png"] = b"\x89PNG"  # not an article: skipped
    upload = SimpleUploadedFile("luu-tru.zip", _zip(files), content_type="application/zip")
    response = client.post(reverse("extraction:batch_new"), {"articles": upload})
    job = Job.objects.get()
    assert response.status_code == 302
    assert job.status == Job.Status.DONE, job.message
    assert job.result["read"] == 3 and job.result["failed"] == 1
    assert job.result["errors"][0]["row"] == "bai/rong.txt"
    batch = job.result["batch"]
    assert Article.objects.filter(batch_id=batch).count() == 3
    page = client.get(reverse("extraction:index") + f"?status=&batch={batch}").content.decode()
    assert page.count("bai/") >= 3


@pytest.mark.django_db
def test_batch_import_of_the_files_of_a_folder(client_as) -> None:
    client = client_as(Role.OFFICE)
    uploads = [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(ARTICLES.glob("*.txt"))[:2]]
    client.post(reverse("extraction:batch_new"), {"articles": uploads})
    assert Job.objects.get().status == Job.Status.DONE
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_a_broken_zip_fails_the_job_with_its_reason(client_as) -> None:
    client = client_as(Role.OFFICE)
    client.post(reverse("extraction:batch_new"), {"articles": SimpleUploadedFile("x.zip", b"not a zip")})
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and "zip" in job.message


def _record(**fields: Any) -> CongressRecord:
    base: dict[str, Any] = {
        "organization_name": "Đảng bộ xã Mỹ Lộc Tây",
        "level": "grassroots",
        "term_start": 2020,
        "term_end": 2025,
        "delegates_official": 120,
        "members_represented": 1000,
        "committee_elected": 21,
        "secretary_name": "Hồ Văn Năm",
        "secretary_reelected": True,
        "targets": [
            {"text": "90% chi bộ", "value": 90, "unit": "%"},
            {"text": "kết nạp 100 đảng viên", "value": 100, "unit": "members"},
        ],
    }
    base.update(fields)
    return CongressRecord.objects.create(**base)


@pytest.mark.django_db
def test_comparison_filters_chart_and_export(client_as) -> None:
    _record()
    _record(
        organization_name="Đảng bộ tỉnh Cà Mau Mới",
        level="province",
        term_start=2015,
        term_end=2020,
        delegates_official=350,
        members_represented=70000,
        secretary_reelected=False,
        targets=[],
    )
    client = client_as(Role.LEADER)
    page = client.get(reverse("extraction:compare")).content.decode()
    assert "Đảng bộ xã Mỹ Lộc Tây" in page and "Đảng bộ tỉnh Cà Mau Mới" in page
    assert ">12,0<" in page  # 120 delegates for 1,000 members: 12 per 100
    assert 'id="chart"' in page and 'id="reelected">1 <small>/ 2' in page
    page = client.get(reverse("extraction:compare"), {"level": "province"}).content.decode()
    assert "Mỹ Lộc Tây" not in page and "Cà Mau Mới" in page
    page = client.get(reverse("extraction:compare"), {"term": "2020"}).content.decode()
    assert "Mỹ Lộc Tây" in page and "Cà Mau Mới" not in page
    response = client.get(reverse("extraction:compare"), {"term": "2020", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    row = next(r for r in cells if r[0] == "Đảng bộ xã Mỹ Lộc Tây")
    assert row[4:7] == [120, 1000, 12.0] and row[13:15] == [1, 1]
    assert not any(r[0] == "Đảng bộ tỉnh Cà Mau Mới" for r in cells)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "index", "compare"),
    [
        (Role.OFFICE, 200, 200),
        (Role.ADMIN, 200, 200),
        (Role.LEADER, 403, 200),
        (Role.SECRETARIAT, 403, 200),
        (Role.COUNTING, 403, 403),
        (Role.DELEGATE, 403, 403),
    ],
)
def test_who_may_see_what(client_as, role: Role, index: int, compare: int) -> None:
    record = _record()
    client = client_as(role)
    assert client.get(reverse("extraction:index")).status_code == index
    assert client.get(reverse("extraction:compare")).status_code == compare
    assert client.get(reverse("extraction:record_detail", args=[record.pk])).status_code == compare
    response = client.post(reverse("extraction:article_new"), {"text": BENTRE})
    assert response.status_code == (302 if index == 200 else 403)


@pytest.mark.django_db
def test_the_services_check_the_role(make_user) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.article_create(acting_user=make_user(Role.LEADER), text=BENTRE)
    with pytest.raises(PermissionDenied):
        services.record_save(acting_user=make_user(Role.SECRETARIAT), values={"organization_name": "X"})


@pytest.mark.django_db
def test_the_demo_loads(make_user) -> None:
    from django.apps import apps

    make_user(Role.OFFICE, username="vanphong")
    apps.get_app_config("extraction").load_demo(seed=1, log=lambda _m: None)
    assert Article.objects.count() == 4
    assert CongressRecord.objects.count() >= 2
    assert CongressRecord.objects.filter(corrections__has_key="members_qualifier").exists()


@pytest.mark.django_db
def test_names_are_matched_against_the_register(client_as) -> None:
    from tests.factories import MemberFactory

    MemberFactory(full_name="Trần Ngọc Tam")
    client = client_as(Role.OFFICE)
    client.post(reverse("extraction:article_new"), {"text": BENTRE})
    article = Article.objects.get()
    page = client.get(reverse("extraction:review", args=[article.pk])).content.decode()
    assert '<span class="badge ok">Trần Ngọc Tam ✓</span>' in page
    assert '<span class="badge ">Phan Văn Mãi —</span>' in page


@pytest.mark.django_db
def test_a_congress_typed_in(client_as) -> None:
    client = client_as(Role.OFFICE)
    assert client.get(reverse("extraction:record_new")).status_code == 200
    data = {"kind": "congress", "organization_name": "Chi bộ Trường Tiểu học Hòa Lạc",
            "level": "grassroots", "term_start": "2022", "term_end": "2025", "delegates_official": "23",
            "delegates_qualifier": "exact", "members_qualifier": "exact", "grassroots_qualifier": "exact",
            "admissions_qualifier": "exact", "secretary_reelected": "unknown", "targets": "[]", "guests": "",
            "correction_note": "Theo biên bản"}
    response = client.post(reverse("extraction:record_new"), data)
    record = CongressRecord.objects.get()
    assert response.status_code == 302 and record.article is None and record.delegates_official == 23
    assert record.corrections == {} and record.correction_note == "Theo biên bản"
    data["term_end"] = "2020"
    response = client.post(reverse("extraction:record_new"), data)
    assert response.status_code == 200 and CongressRecord.objects.count() == 1
    assert client_as(Role.LEADER).get(reverse("extraction:record_new")).status_code == 403


@pytest.mark.django_db
def test_the_pages_in_english(client_as) -> None:
    client = client_as(Role.OFFICE)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post(reverse("extraction:article_new"), {"text": BENTRE})
    article = Article.objects.get()
    assert "Congresses compared" in client.get(reverse("extraction:compare")).content.decode()
    page = client.get(reverse("extraction:review", args=[article.pk])).content.decode()
    assert "Proposed record" in page and "Save the congress record" in page
    assert "Review queue" in client.get(reverse("extraction:index")).content.decode()
