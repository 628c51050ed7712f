"""Services of the hall: current item, document versions, vote entry, device votes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from daihoi.congress.models import Body, CheckIn
from daihoi.congress.proceedings import selectors, services
from daihoi.congress.proceedings.models import AgendaItem, DeviceVote, Document, Vote
from daihoi.core.models import AuditLog
from daihoi.core.roles import Role

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_current_item_and_step(hall: Any, secretary: Any) -> None:
    items = [services.agenda_item_create(acting_user=secretary, congress=hall.congress, title=t)
             for t in ("Khai mạc", "Báo cáo chính trị", "Thảo luận")]
    assert [i.order for i in items] == [1, 2, 3]
    services.agenda_set_current(acting_user=secretary, congress=hall.congress, item=items[1])
    assert selectors.hall_state(hall.congress).current_item == items[1]
    services.agenda_step(acting_user=secretary, congress=hall.congress, step=1)
    assert selectors.hall_state(hall.congress).current_item == items[2]
    services.agenda_step(acting_user=secretary, congress=hall.congress, step=1)  # stays at the end
    assert selectors.hall_state(hall.congress).current_item == items[2]
    services.agenda_step(acting_user=secretary, congress=hall.congress, step=-1)
    assert selectors.hall_state(hall.congress).current_item == items[1]
    assert AuditLog.objects.filter(verb="current_item").count() == 3


def test_current_item_of_another_congress_refused(hall: Any, secretary: Any, other_congress: Any) -> None:
    other = AgendaItem.objects.create(congress=other_congress[0], title="Khai mạc")
    with pytest.raises(ValidationError):
        services.agenda_set_current(acting_user=secretary, congress=hall.congress, item=other)


def test_agenda_needs_secretariat(hall: Any, make_user: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.agenda_item_create(acting_user=make_user(Role.OFFICE), congress=hall.congress,
                                    title="Khai mạc")


def test_document_versions(hall: Any, secretary: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    doc = services.document_create(
        acting_user=secretary, congress=hall.congress, title="Báo cáo chính trị",
        kind=Document.Kind.POLITICAL_REPORT, upload=SimpleUploadedFile("bcct.pdf", PDF))
    v2 = services.document_add_version(acting_user=secretary, document=doc,
                                       upload=SimpleUploadedFile("bcct-sua.pdf", PDF + b"x"),
                                       note="Sửa theo ý kiến Thường trực")
    versions = list(selectors.documents(hall.congress)[0].versions.all())
    assert [v.number for v in versions] == [2, 1]
    assert versions[0] == v2 and v2.original_name == "bcct-sua.pdf"
    assert v2.file.name.startswith(f"congress/{hall.congress.pk}/documents/{doc.pk}/v2")
    assert (tmp_path / versions[1].file.name).read_bytes() == PDF


@pytest.mark.parametrize(("name", "content", "message"), [
    ("report.exe", b"MZ", "chỉ nhận PDF hoặc DOCX"),
    ("report.pdf", b"PK\x03\x04 not a pdf", "nội dung không phải PDF"),
    ("report.docx", b"%PDF-1.4", "nội dung không phải DOCX"),
])
def test_document_type_checked(hall: Any, secretary: Any, name: str, content: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        services.document_create(acting_user=secretary, congress=hall.congress, title="X",
                                 kind=Document.Kind.OTHER, upload=SimpleUploadedFile(name, content))
    assert not Document.objects.exists()


def test_document_size_checked(hall: Any, secretary: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(services, "MAX_DOCUMENT_BYTES", 10)
    with pytest.raises(ValidationError, match="vượt giới hạn"):
        services.document_create(acting_user=secretary, congress=hall.congress, title="X",
                                 kind=Document.Kind.OTHER, upload=SimpleUploadedFile("a.pdf", PDF))


def test_hands_vote_records_present_base_time_and_who(hall: Any, secretary: Any) -> None:
    """10 convened, 8 present: 6 agree adopts (6 > 10/2); 5 would not."""
    vote = services.vote_create(acting_user=secretary, congress=hall.congress,
                                subject=Vote.Subject.AGENDA, title="Thông qua chương trình")
    vote = services.vote_record_hands(acting_user=secretary, vote=vote, agree=6, disagree=1, other=1)
    assert (vote.present, vote.base, vote.adopted, vote.recorded_by) == (8, 10, True, secretary)
    assert vote.recorded_at is not None
    v2 = services.vote_create(acting_user=secretary, congress=hall.congress,
                              subject=Vote.Subject.OTHER, title="Khác")
    assert services.vote_record_hands(acting_user=secretary, vote=v2, agree=5, disagree=3,
                                      other=0).adopted is False
    taken = selectors.votes_taken(hall.congress)
    assert [(t.title, t.agree, t.adopted) for t in taken] == [
        ("Thông qua chương trình", 6, True), ("Khác", 5, False)]


def test_hands_vote_over_present_rejected_and_nothing_saved(hall: Any, secretary: Any) -> None:
    vote = services.vote_create(acting_user=secretary, congress=hall.congress,
                                subject=Vote.Subject.AGENDA, title="Thông qua chương trình")
    with pytest.raises(ValidationError, match=r"vượt quá số đại biểu có mặt \(8\)"):
        services.vote_record_hands(acting_user=secretary, vote=vote, agree=7, disagree=2, other=0)
    vote.refresh_from_db()
    assert vote.status == Vote.Status.DRAFT and vote.agree is None


def test_hands_vote_twice_refused(hall: Any, secretary: Any) -> None:
    vote = services.vote_create(acting_user=secretary, congress=hall.congress,
                                subject=Vote.Subject.AGENDA, title="Thông qua chương trình")
    services.vote_record_hands(acting_user=secretary, vote=vote, agree=8, disagree=0, other=0)
    with pytest.raises(ValidationError, match="đã có kết quả"):
        services.vote_record_hands(acting_user=secretary, vote=vote, agree=1, disagree=0, other=0)


@pytest.mark.parametrize("role", [Role.OFFICE, Role.COUNTING, Role.DELEGATE, Role.LEADER])
def test_only_secretariat_enters_counts(hall: Any, secretary: Any, make_user: Any, role: Role) -> None:
    vote = services.vote_create(acting_user=secretary, congress=hall.congress,
                                subject=Vote.Subject.AGENDA, title="Thông qua chương trình")
    with pytest.raises(PermissionDenied):
        services.vote_record_hands(acting_user=make_user(role), vote=vote, agree=8, disagree=0, other=0)


def test_body_vote_approves_the_body(hall: Any, secretary: Any) -> None:
    body = Body.objects.create(congress=hall.congress, kind=Body.Kind.PRESIDIUM)
    vote = services.vote_create(acting_user=secretary, congress=hall.congress,
                                subject=Vote.Subject.BODY, title="Thông qua Đoàn Chủ tịch", body=body)
    services.vote_record_hands(acting_user=secretary, vote=vote, agree=8, disagree=0, other=0)
    body.refresh_from_db()
    assert body.approved and "8/10" in body.approval_note


def test_device_vote_once_per_delegate_and_live_count(hall: Any, secretary: Any) -> None:
    vote = services.vote_create(acting_user=secretary, congress=hall.congress, mode=Vote.Mode.DEVICE,
                                subject=Vote.Subject.COMMITTEE_SIZE, title="Số lượng BCH: 28", number=28)
    users = [hall.make_delegate_user(d) for d in hall.delegates[:7]]
    with pytest.raises(ValidationError, match="chưa mở"):
        services.device_vote_cast(acting_user=users[0], vote=vote, choice="agree")
    services.vote_open(acting_user=secretary, vote=vote)
    for u in users[:6]:
        services.device_vote_cast(acting_user=u, vote=vote, choice="agree")
    services.device_vote_cast(acting_user=users[6], vote=vote, choice="disagree")
    with pytest.raises(ValidationError, match="đã biểu quyết"):
        services.device_vote_cast(acting_user=users[0], vote=vote, choice="disagree")
    assert selectors.device_counts(vote) == {"agree": 6, "disagree": 1, "other": 0}
    assert DeviceVote.objects.filter(vote=vote).count() == 7
    vote = services.vote_close(acting_user=secretary, vote=vote)
    assert (vote.agree, vote.disagree, vote.other, vote.present, vote.base, vote.adopted) == (
        6, 1, 0, 8, 10, True)
    with pytest.raises(ValidationError):
        services.device_vote_cast(acting_user=users[0], vote=vote, choice="agree")


def test_device_vote_needs_presence_and_this_congress(hall: Any, secretary: Any, other_congress: Any) -> None:
    vote = services.vote_create(acting_user=secretary, congress=hall.congress, mode=Vote.Mode.DEVICE,
                                subject=Vote.Subject.OTHER, title="Khác")
    services.vote_open(acting_user=secretary, vote=vote)
    absent = hall.make_delegate_user(hall.delegates[9])  # delegates 8 and 9 are not checked in
    with pytest.raises(ValidationError, match="chưa điểm danh"):
        services.device_vote_cast(acting_user=absent, vote=vote, choice="agree")
    stranger = hall.make_delegate_user(other_congress[1][0])
    with pytest.raises(ValidationError, match="không phải đại biểu"):
        services.device_vote_cast(acting_user=stranger, vote=vote, choice="agree")
    CheckIn.objects.create(delegate=hall.delegates[9], session=hall.session)
    services.device_vote_cast(acting_user=absent, vote=vote, choice="other")


def test_speaker_queue(hall: Any, secretary: Any) -> None:
    user = hall.make_delegate_user(hall.delegates[0])
    asked = services.speech_request(acting_user=user, congress=hall.congress, topic="Cải cách hành chính")
    with pytest.raises(ValidationError, match="đã có tên"):
        services.speech_request(acting_user=user, congress=hall.congress)
    a = services.speech_add(acting_user=secretary, congress=hall.congress, speaker="Trần Thị B")
    services.speech_move(acting_user=secretary, speech=a, step=-1)
    waiting = selectors.queue(hall.congress)["waiting"]
    assert [s.speaker for s in waiting] == ["Trần Thị B", asked.speaker]
    services.speech_set_order(acting_user=secretary, congress=hall.congress, ids=[asked.pk, a.pk])
    assert [s.pk for s in selectors.queue(hall.congress)["waiting"]] == [asked.pk, a.pk]
    services.speech_start(acting_user=secretary, speech=asked)
    screen = selectors.screen(hall.congress)
    assert screen.speech == asked and screen.speech_ends_at is not None
    assert (screen.speech_ends_at - asked.started_at).total_seconds() == 7 * 60
    services.speech_start(acting_user=secretary, speech=a)  # the previous speaker is done
    asked.refresh_from_db()
    assert asked.status == "done"
    services.speech_finish(acting_user=secretary, speech=a)
    assert selectors.screen(hall.congress).speech is None


def test_delegate_cannot_run_the_queue(hall: Any) -> None:
    user = hall.make_delegate_user(hall.delegates[0])
    with pytest.raises(PermissionDenied):
        services.speech_add(acting_user=user, congress=hall.congress, speaker="X")


def test_screen_shows_the_open_vote_before_the_last_result(hall: Any, secretary: Any) -> None:
    done = services.vote_create(acting_user=secretary, congress=hall.congress,
                                subject=Vote.Subject.AGENDA, title="Chương trình")
    services.vote_record_hands(acting_user=secretary, vote=done, agree=8, disagree=0, other=0)
    assert selectors.last_vote(hall.congress) == done
    live = services.vote_create(acting_user=secretary, congress=hall.congress, mode=Vote.Mode.DEVICE,
                                subject=Vote.Subject.RESOLUTION, title="Nghị quyết")
    assert selectors.last_vote(hall.congress) == done  # a draft is not shown
    services.vote_open(acting_user=secretary, vote=live)
    assert selectors.last_vote(hall.congress) == live
    services.vote_close(acting_user=secretary, vote=live)
    assert selectors.last_vote(hall.congress) == live


def test_presidium_member_runs_the_queue_without_the_secretariat_role(hall: Any) -> None:
    from daihoi.congress.models import BodyMember

    user = hall.make_delegate_user(hall.delegates[3])
    with pytest.raises(PermissionDenied):
        services.speech_add(acting_user=user, congress=hall.congress, speaker="X")
    body = Body.objects.create(congress=hall.congress, kind=Body.Kind.PRESIDIUM)
    BodyMember.objects.create(body=body, member=hall.delegates[3].member)
    speech = services.speech_add(acting_user=user, congress=hall.congress, speaker="Trần Văn D")
    services.speech_start(acting_user=user, speech=speech)
    assert selectors.screen(hall.congress).speech == speech
    with pytest.raises(PermissionDenied):  # but not the show-of-hands counts
        services.vote_create(acting_user=user, congress=hall.congress, subject=Vote.Subject.OTHER, title="X")


def test_committee_size_vote_keeps_the_number(hall: Any, secretary: Any) -> None:
    with pytest.raises(ValidationError, match="phải ghi số lượng"):
        services.vote_create(acting_user=secretary, congress=hall.congress,
                             subject=Vote.Subject.COMMITTEE_SIZE, title="Số lượng BCH")
    assert selectors.committee_size(hall.congress) is None
    vote = services.vote_create(acting_user=secretary, congress=hall.congress,
                                subject=Vote.Subject.COMMITTEE_SIZE, title="Số lượng BCH: 28", number=28)
    assert selectors.committee_size(hall.congress) is None  # not adopted yet
    services.vote_record_hands(acting_user=secretary, vote=vote, agree=8, disagree=0, other=0)
    assert selectors.committee_size(hall.congress) == 28
    assert selectors.votes_taken(hall.congress)[0].number == 28


def test_published_election_read_once_per_ttl(hall: Any, monkeypatch: Any) -> None:
    calls: list[int] = []
    result = {"title": "Bầu Ban Chấp hành", "round": 1, "elected": ["Nguyễn Văn A"]}
    monkeypatch.setattr(selectors, "_published_election", lambda c: calls.append(c.pk) or result)
    clock = [1000.0]
    monkeypatch.setattr(selectors.time, "monotonic", lambda: clock[0])
    assert selectors.screen(hall.congress).election == result
    assert selectors.screen(hall.congress).election == result
    assert len(calls) == 1
    clock[0] += selectors.ELECTION_TTL_SECONDS + 0.1
    selectors.screen(hall.congress)
    assert len(calls) == 2


def test_hall_state_created_with_an_audit_row(hall: Any, secretary: Any) -> None:
    from daihoi.congress.proceedings.models import Hall

    item = services.agenda_item_create(acting_user=secretary, congress=hall.congress, title="Khai mạc")
    services.agenda_set_current(acting_user=secretary, congress=hall.congress, item=item)

    row = Hall.objects.get(congress=hall.congress)
    log = AuditLog.objects.filter(object_id=str(row.pk), content_type__model="hall")
    assert list(log.order_by("id").values_list("action", "actor")) == [
        ("create", secretary.pk), ("update", secretary.pk)]


def test_unknown_vote_kind_refused(hall: Any, secretary: Any) -> None:
    with pytest.raises(ValidationError, match="không có trong danh mục"):
        services.vote_create(acting_user=secretary, congress=hall.congress, subject="coup", title="X")
    with pytest.raises(ValidationError, match="không có trong danh mục"):
        services.vote_create(acting_user=secretary, congress=hall.congress, subject="other", title="X",
                             mode="secret")


def test_agenda_and_document_kinds_checked(hall: Any, secretary: Any) -> None:
    with pytest.raises(ValidationError):
        services.agenda_item_create(acting_user=secretary, congress=hall.congress, title="X", kind="party")
    with pytest.raises(ValidationError):
        services.agenda_item_create(acting_user=secretary, congress=hall.congress, title="  ")
    with pytest.raises(ValidationError):
        services.document_create(acting_user=secretary, congress=hall.congress, title="X", kind="memo",
                                 upload=SimpleUploadedFile("a.pdf", PDF))


def test_targets_add_keeps_good_rows_and_names_bad_ones(hall: Any, secretary: Any) -> None:
    """One transaction for the page's rows; the resolution is created on the first target."""
    from decimal import Decimal

    from daihoi.congress.proceedings.models import Resolution
    from daihoi.targets.models import Target

    row = {"metric": "admitted", "comparison": ">=", "unit": "people", "period": "term"}
    added, errors = services.targets_add(acting_user=secretary, congress=hall.congress, rows=[
        {**row, "text": "Kết nạp 750 đảng viên", "value": "750"},
        {**row, "text": "", "value": "1"},
        {**row, "text": "Sai số", "value": "bảy trăm"},
        {**row, "text": "Sai đơn vị", "value": "5", "unit": "parsecs"},
        {**row, "text": "95% hoàn thành tốt", "value": "95,5", "unit": "%"},
    ])
    assert added == 2
    assert errors[0] == "Chỉ tiêu số 2: giá trị «bảy trăm» không phải là số."
    assert len(errors) == 2
    resolution = Resolution.objects.get(congress=hall.congress)
    assert resolution.title == services.RESOLUTION_TITLE
    assert [(t.number, t.value) for t in Target.objects.order_by("number")] == [
        (1, Decimal("750")), (2, Decimal("95.5"))]
    with pytest.raises(PermissionDenied):
        services.targets_add(acting_user=hall.make_delegate_user(hall.delegates[0]), congress=hall.congress,
                             rows=[{**row, "text": "X", "value": "1"}])


def test_resolution_with_a_bad_file_changes_nothing(hall: Any, secretary: Any, settings: Any,
                                                    tmp_path: Any) -> None:
    from daihoi.congress.proceedings.models import Resolution

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        services.resolution_save(acting_user=secretary, congress=hall.congress, title="Nghị quyết",
                                 text="…", upload=SimpleUploadedFile("nq.pdf", b"not a pdf"))
    assert not Resolution.objects.exists() and not Document.objects.exists()
    resolution = services.resolution_save(acting_user=secretary, congress=hall.congress, title="Nghị quyết",
                                          text="…", upload=SimpleUploadedFile("nq.pdf", PDF))
    assert resolution.document is not None and resolution.document.kind == Document.Kind.DRAFT_RESOLUTION
    again = services.resolution_save(acting_user=secretary, congress=hall.congress, title="Nghị quyết",
                                     text="…", document=resolution.document,
                                     upload=SimpleUploadedFile("nq2.pdf", PDF))
    assert list(again.document.versions.values_list("number", flat=True)) == [2, 1]


def test_closing_a_body_vote_approves_the_body_with_one_check(hall: Any, make_user: Any) -> None:
    """The secretariat closes the vote; the body's approval is the same change and audit row
    as the secretariat's own form, inside the vote's transaction."""
    from daihoi.congress.models import Body

    secretary = make_user(Role.SECRETARIAT)
    body = Body.objects.create(congress=hall.congress, kind=Body.Kind.PRESIDIUM)
    vote = services.vote_create(acting_user=secretary, congress=hall.congress, subject=Vote.Subject.BODY,
                                title="Đoàn Chủ tịch", body=body)
    services.vote_record_hands(acting_user=secretary, vote=vote, agree=8, disagree=0, other=0)
    body.refresh_from_db()
    assert body.approved and body.approval_note == "Đoàn Chủ tịch: 8/10 tán thành"
    assert AuditLog.objects.filter(verb="approved", object_id=str(body.pk)).count() == 1
