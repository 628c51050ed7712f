"""Who may see and do what, through the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.congress.proceedings import services
from daihoi.congress.proceedings.models import Document, Vote
from daihoi.core.roles import Role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def doc_version(hall: Any, make_user: Any, settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    doc = services.document_create(acting_user=make_user(Role.SECRETARIAT), congress=hall.congress,
                                   title="Dự thảo Nghị quyết", kind=Document.Kind.DRAFT_RESOLUTION,
                                   upload=SimpleUploadedFile("du-thao-nq.pdf", PDF))
    return doc.versions.get()


def _download_url(hall: Any, version: Any) -> str:
    return reverse("proceedings:document_download", args=[hall.congress.pk, version.pk])


def test_delegate_of_this_congress_downloads(hall: Any, client: Any, doc_version: Any) -> None:
    client.force_login(hall.make_delegate_user(hall.delegates[0]))
    response = client.get(_download_url(hall, doc_version))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "du-thao-nq.pdf" in response["Content-Disposition"]


def test_delegate_of_another_congress_gets_403(hall: Any, client: Any, doc_version: Any,
                                               other_congress: Any) -> None:
    client.force_login(hall.make_delegate_user(other_congress[1][0]))
    assert client.get(_download_url(hall, doc_version)).status_code == 403
    assert client.get(reverse("proceedings:documents", args=[hall.congress.pk])).status_code == 403


def test_user_with_delegate_role_but_no_seat_gets_403(hall: Any, client_as: Any, doc_version: Any) -> None:
    assert client_as(Role.DELEGATE).get(_download_url(hall, doc_version)).status_code == 403


def test_anonymous_redirected_to_login(hall: Any, client: Any, doc_version: Any) -> None:
    response = client.get(_download_url(hall, doc_version))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADER, Role.SECRETARIAT, Role.ADMIN])
def test_staff_roles_download(hall: Any, client_as: Any, doc_version: Any, role: Role) -> None:
    assert client_as(role).get(_download_url(hall, doc_version)).status_code == 200


def test_documents_page_lists_versions(hall: Any, client: Any, doc_version: Any) -> None:
    client.force_login(hall.make_delegate_user(hall.delegates[0]))
    html = client.get(reverse("proceedings:documents", args=[hall.congress.pk])).content.decode()
    assert "Dự thảo Nghị quyết" in html and "v1" in html
    assert "Thêm tài liệu" not in html  # a delegate does not upload


def test_upload_through_page(hall: Any, client_as: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_as(Role.SECRETARIAT)
    url = reverse("proceedings:document_upload", args=[hall.congress.pk])
    client.post(url, {"title": "Báo cáo chính trị", "kind": "political_report",
                      "file": SimpleUploadedFile("bcct.pdf", PDF)})
    doc = Document.objects.get()
    client.post(url, {"document": doc.pk, "file": SimpleUploadedFile("bcct2.pdf", PDF)})
    assert list(doc.versions.values_list("number", flat=True)) == [2, 1]
    response = client.post(url, {"title": "X", "file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04")},
                           follow=True)
    assert "chỉ nhận PDF hoặc DOCX" in response.content.decode()


@pytest.fixture
def hands_vote(hall: Any, make_user: Any) -> Vote:
    return services.vote_create(acting_user=make_user(Role.SECRETARIAT), congress=hall.congress,
                                subject=Vote.Subject.AGENDA, title="Thông qua chương trình")


@pytest.mark.parametrize("role", [Role.OFFICE, Role.COUNTING, Role.DELEGATE, Role.LEADER])
def test_only_secretariat_posts_hands_counts(hall: Any, client_as: Any, hands_vote: Vote, role: Role) -> None:
    url = reverse("proceedings:vote_hands", args=[hall.congress.pk, hands_vote.pk])
    assert client_as(role).post(url, {"agree": 8, "disagree": 0, "other": 0}).status_code == 403
    hands_vote.refresh_from_db()
    assert hands_vote.status == Vote.Status.DRAFT


def test_seated_delegate_cannot_post_hands_counts(hall: Any, client: Any, hands_vote: Vote) -> None:
    client.force_login(hall.make_delegate_user(hall.delegates[0]))
    url = reverse("proceedings:vote_hands", args=[hall.congress.pk, hands_vote.pk])
    assert client.post(url, {"agree": 8}).status_code == 403


def test_secretariat_posts_counts_and_sees_result(hall: Any, client_as: Any, hands_vote: Vote) -> None:
    client = client_as(Role.SECRETARIAT)
    url = reverse("proceedings:vote_hands", args=[hall.congress.pk, hands_vote.pk])
    html = client.post(url, {"agree": "9", "disagree": "0", "other": "0"}, follow=True).content.decode()
    assert "vượt quá số đại biểu có mặt (8)" in html
    html = client.post(url, {"agree": "abc"}, follow=True).content.decode()
    assert "không phải là số nguyên" in html
    html = client.post(url, {"agree": "7", "disagree": "1", "other": "0"}, follow=True).content.decode()
    assert "ĐƯỢC THÔNG QUA" in html
    hands_vote.refresh_from_db()
    assert (hands_vote.agree, hands_vote.present, hands_vote.base, hands_vote.adopted) == (7, 8, 10, True)


def test_device_vote_page(hall: Any, client: Any, make_user: Any) -> None:
    sec = make_user(Role.SECRETARIAT)
    vote = services.vote_create(acting_user=sec, congress=hall.congress, subject=Vote.Subject.OTHER,
                                title="Số lượng BCH", mode=Vote.Mode.DEVICE)
    services.vote_open(acting_user=sec, vote=vote)
    client.force_login(hall.make_delegate_user(hall.delegates[0]))
    url = reverse("proceedings:vote", args=[hall.congress.pk, vote.pk])
    assert "Tán thành" in client.get(url).content.decode()
    client.post(reverse("proceedings:vote_cast", args=[hall.congress.pk, vote.pk]), {"choice": "agree"})
    html = client.post(reverse("proceedings:vote_cast", args=[hall.congress.pk, vote.pk]),
                       {"choice": "disagree"}, follow=True).content.decode()
    assert "đã biểu quyết nội dung này" in html
    assert vote.device_votes.get().choice == "agree"


@pytest.mark.parametrize(("name", "args"), [
    ("agenda", []), ("documents", []), ("votes", []), ("resolution", []), ("discussion", []),
    ("screen", []), ("screen_fragment", []),
])
def test_pages_render_for_staff_and_refuse_strangers(hall: Any, client_as: Any, client: Any,
                                                     other_congress: Any, name: str, args: list) -> None:
    url = reverse(f"proceedings:{name}", args=[hall.congress.pk, *args])
    assert client_as(Role.SECRETARIAT).get(url).status_code == 200
    client.force_login(hall.make_delegate_user(other_congress[1][0]))
    assert client.get(url).status_code == 403


def test_agenda_current_only_by_secretariat(hall: Any, client_as: Any, make_user: Any) -> None:
    item = services.agenda_item_create(acting_user=make_user(Role.SECRETARIAT), congress=hall.congress,
                                       title="Khai mạc")
    url = reverse("proceedings:agenda_item", args=[hall.congress.pk, item.pk, "current"])
    assert client_as(Role.OFFICE).post(url).status_code == 403
    assert client_as(Role.SECRETARIAT).post(url).status_code == 302
    html = client_as(Role.LEADER).get(reverse("proceedings:screen_fragment",
                                              args=[hall.congress.pk])).content.decode()
    assert "Khai mạc" in html and "8" in html


def test_target_suggestion_then_confirm(hall: Any, client_as: Any) -> None:
    client = client_as(Role.SECRETARIAT)
    url = reverse("proceedings:resolution", args=[hall.congress.pk])
    text = "kết nạp từ 750 đảng viên trở lên trong nhiệm kỳ, bình quân 150/năm"
    html = client.get(url, {"suggest": text}).content.decode()
    assert 'value="750"' in html and 'value="150"' in html
    client.post(reverse("proceedings:target_add", args=[hall.congress.pk]), {
        "text": ["kết nạp từ 750 đảng viên trở lên trong nhiệm kỳ", "bình quân 150/năm"],
        "metric": ["admitted", "admitted"], "comparison": [">=", ">="], "value": ["750", "150"],
        "unit": ["people", "people"], "period": ["term", "year"]})
    data = client.get(reverse("proceedings:targets_json", args=[hall.congress.pk])).json()
    assert [(t["number"], t["metric"], t["value"], t["period"]) for t in data["targets"]] == [
        (1, "admitted", "750.00", "term"), (2, "admitted", "150.00", "year")]


def test_book_pdf_download(hall: Any, client: Any) -> None:
    client.force_login(hall.make_delegate_user(hall.delegates[0]))
    client.post(reverse("proceedings:contribution_submit", args=[hall.congress.pk]),
                {"title": "Nâng cao chất lượng sinh hoạt chi bộ", "text": "Nội dung."})
    response = client.get(reverse("proceedings:book", args=[hall.congress.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_polled_fragment_after_logout_sends_page_to_login(hall: Any, client: Any) -> None:
    url = reverse("proceedings:screen_fragment", args=[hall.congress.pk])
    screen = f"http://testserver/congress/{hall.congress.pk}/screen/"
    response = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=screen)
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/login/?next=")
    assert f"/congress/{hall.congress.pk}/screen/" in response["HX-Redirect"]


def test_delegate_asks_to_speak_and_presidium_sees_it(hall: Any, client: Any, client_as: Any) -> None:
    client.force_login(hall.make_delegate_user(hall.delegates[2]))
    client.post(reverse("proceedings:speech_request", args=[hall.congress.pk]), {"topic": "Công tác cán bộ"})
    name = hall.delegates[2].member.full_name
    other = client_as(Role.SECRETARIAT)
    html = other.get(reverse("proceedings:discussion", args=[hall.congress.pk])).content.decode()
    assert name in html and "xin phát biểu" in html and "Mời phát biểu" in html


def test_resolution_uploaded_as_file_becomes_versions(hall: Any, client_as: Any, settings: Any,
                                                      tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_as(Role.SECRETARIAT)
    url = reverse("proceedings:resolution_save", args=[hall.congress.pk])
    client.post(url, {"title": "Nghị quyết Đại hội", "text": "", "file": SimpleUploadedFile("nq.pdf", PDF)})
    doc = Document.objects.get(kind=Document.Kind.DRAFT_RESOLUTION)
    client.post(url, {"title": "Nghị quyết Đại hội", "document": doc.pk,
                      "file": SimpleUploadedFile("nq-2.pdf", PDF)})
    assert doc.versions.count() == 2
    assert hall.congress.resolution.document == doc


def test_agenda_item_edit(hall: Any, client_as: Any, make_user: Any) -> None:
    item = services.agenda_item_create(acting_user=make_user(Role.SECRETARIAT), congress=hall.congress,
                                       title="Khai mac")
    url = reverse("proceedings:agenda_item", args=[hall.congress.pk, item.pk, "edit"])
    data = {"title": "Khai mạc Đại hội", "kind": "procedure", "presenter": "Đoàn Chủ tịch",
            "planned_start": "07:30", "duration_minutes": "20", "session": str(hall.session.pk)}
    assert client_as(Role.OFFICE).post(url, data).status_code == 403
    client_as(Role.SECRETARIAT).post(url, data)
    item.refresh_from_db()
    assert (item.title, str(item.planned_start), item.duration_minutes, item.session) == (
        "Khai mạc Đại hội", "07:30:00", 20, hall.session)


def test_version_of_another_congress_not_reachable_through_this_one(
        hall: Any, client: Any, make_user: Any, other_congress: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    other = services.document_create(acting_user=make_user(Role.SECRETARIAT), congress=other_congress[0],
                                     title="Báo cáo chính trị", kind=Document.Kind.POLITICAL_REPORT,
                                     upload=SimpleUploadedFile("bcct.pdf", PDF))
    client.force_login(hall.make_delegate_user(hall.delegates[0]))
    url = reverse("proceedings:document_download", args=[hall.congress.pk, other.versions.get().pk])
    assert client.get(url).status_code == 404


def test_contribution_file_only_for_this_congress(hall: Any, client: Any, make_user: Any,
                                                  other_congress: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    row = services.contribution_submit(acting_user=make_user(Role.SECRETARIAT), congress=hall.congress,
                                       title="T", author="A", upload=SimpleUploadedFile("tl.pdf", PDF))
    url = reverse("proceedings:contribution_file", args=[hall.congress.pk, row.pk])
    client.force_login(hall.make_delegate_user(other_congress[1][0]))
    assert client.get(url).status_code == 403
    client.force_login(hall.make_delegate_user(hall.delegates[0]))
    response = client.get(url)
    assert response.status_code == 200 and "tl.pdf" in response["Content-Disposition"]


def test_title_lines(hall: Any) -> None:
    from daihoi.congress.proceedings.selectors import title_lines

    assert title_lines(hall.congress) == (
        "ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ CÁC CƠ QUAN TỈNH BẮC GIANG LẦN THỨ XVIII", "NHIỆM KỲ 2020 – 2025")


def test_top_bar_links_go_to_the_current_congress(hall: Any, client_as: Any) -> None:
    client = client_as(Role.LEADER)
    response = client.get(reverse("proceedings:screen_current"))
    assert response["Location"] == reverse("proceedings:screen", args=[hall.congress.pk])
    hall.congress.status = "closed"
    hall.congress.save()
    response = client.get(reverse("proceedings:home"), follow=True)
    assert "Chưa có đại hội nào đang diễn ra" in response.content.decode()


def test_book_published_among_documents_as_versions(hall: Any, client_as: Any, settings: Any,
                                                     tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    url = reverse("proceedings:book_publish", args=[hall.congress.pk])
    assert client_as(Role.LEADER).post(url).status_code == 403
    client = client_as(Role.SECRETARIAT)
    client.post(url)
    client.post(url)
    doc = Document.objects.get(kind=Document.Kind.CONTRIBUTIONS)
    assert list(doc.versions.values_list("number", flat=True)) == [2, 1]
    assert (tmp_path / doc.versions.first().file.name).read_bytes().startswith(b"%PDF")
