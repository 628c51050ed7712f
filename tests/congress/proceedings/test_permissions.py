"""Every page of the hall checks who asks, role by role: the entry points of the top bar,
the pages that change the hall (secretariat), the queue (secretariat or presidium), and the
pages that read it (this congress's delegates and the reading roles). A refused change
leaves no record."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from daihoi.congress.proceedings import services
from daihoi.congress.proceedings.models import AgendaItem, Speech, Vote
from daihoi.core.models import AuditLog
from daihoi.core.roles import Role

READERS = [Role.ADMIN, Role.OFFICE, Role.SECRETARIAT, Role.COUNTING, Role.LEADER]
NOT_READERS = [Role.DELEGATE]  # the role alone, without a seat at this congress
RUNNERS = [Role.ADMIN, Role.SECRETARIAT]
NOT_RUNNERS = [Role.OFFICE, Role.COUNTING, Role.LEADER, Role.DELEGATE]
ENTRY_POINTS = ["home", "screen_current", "votes_current"]


@pytest.mark.parametrize("name", ENTRY_POINTS)
@pytest.mark.parametrize("role", READERS)
def test_entry_points_lead_readers_to_the_current_congress(hall: Any, client_as: Any, name: str,
                                                           role: Role) -> None:
    response = client_as(role).get(reverse(f"proceedings:{name}"))
    assert response.status_code == 302
    assert f"/{hall.congress.pk}/" in response["Location"]


@pytest.mark.parametrize("name", ENTRY_POINTS)
@pytest.mark.parametrize("roles", [(Role.DELEGATE,), ()], ids=["delegate-role-no-seat", "no-role"])
def test_entry_points_refuse_who_may_not_see_the_hall(hall: Any, client_as: Any, name: str,
                                                      roles: tuple[Role, ...]) -> None:
    assert client_as(*roles).get(reverse(f"proceedings:{name}")).status_code == 403


@pytest.mark.parametrize("name", ENTRY_POINTS)
def test_entry_points_lead_a_seated_delegate_in(hall: Any, client: Any, name: str) -> None:
    client.force_login(hall.make_delegate_user(hall.delegates[0]))
    response = client.get(reverse(f"proceedings:{name}"))
    assert response.status_code == 302 and f"/{hall.congress.pk}/" in response["Location"]


@pytest.mark.parametrize("name", ENTRY_POINTS)
def test_entry_points_send_the_anonymous_to_login(hall: Any, client: Any, name: str) -> None:
    response = client.get(reverse(f"proceedings:{name}"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.fixture
def records(hall: Any, make_user: Any) -> dict[str, Any]:
    secretary = make_user(Role.SECRETARIAT)
    item = services.agenda_item_create(acting_user=secretary, congress=hall.congress, title="Khai mạc")
    vote = services.vote_create(acting_user=secretary, congress=hall.congress, subject=Vote.Subject.OTHER,
                                title="Biểu quyết chương trình")
    speech = services.speech_add(acting_user=secretary, congress=hall.congress, speaker="Lê Văn A")
    return {"item": item, "vote": vote, "speech": speech}


def _writes(hall: Any, r: dict[str, Any]) -> list[tuple[str, list[Any], dict[str, Any]]]:
    c = hall.congress.pk
    return [
        ("agenda_add", [c], {"title": "Bế mạc"}),
        ("agenda_step", [c], {"step": "1"}),
        ("agenda_item", [c, r["item"].pk, "current"], {}),
        ("agenda_item", [c, r["item"].pk, "edit"], {"title": "Khai mạc Đại hội"}),
        ("agenda_item", [c, r["item"].pk, "delete"], {}),
        ("document_upload", [c], {"title": "Tài liệu"}),
        ("vote_create", [c], {"subject": "other", "title": "Biểu quyết"}),
        ("vote_hands", [c, r["vote"].pk], {"agree": "8", "disagree": "0", "other": "0"}),
        ("vote_state", [c, r["vote"].pk, "open"], {}),
        ("resolution_save", [c], {"title": "Nghị quyết", "text": "…"}),
        ("target_add", [c], {"text": "Kết nạp 750 đảng viên", "metric": "admitted", "comparison": ">=",
                             "value": "750", "unit": "people", "period": "term"}),
        ("book_publish", [c], {}),
    ]


def _queue(hall: Any, r: dict[str, Any]) -> list[tuple[str, list[Any], dict[str, Any]]]:
    c = hall.congress.pk
    return [
        ("speech_add", [c], {"speaker": "Trần Văn B"}),
        ("speech", [c, r["speech"].pk, "start"], {}),
        ("speech", [c, r["speech"].pk, "decline"], {}),
    ]


@pytest.mark.parametrize("role", NOT_RUNNERS)
def test_only_the_secretariat_changes_the_hall(hall: Any, client_as: Any, records: dict[str, Any],
                                               role: Role) -> None:
    client = client_as(role)
    before = AuditLog.objects.count()
    for name, args, data in _writes(hall, records) + _queue(hall, records):
        assert client.post(reverse(f"proceedings:{name}", args=args), data).status_code == 403, name
    assert AuditLog.objects.count() == before
    assert AgendaItem.objects.filter(congress=hall.congress).count() == 1
    assert Speech.objects.filter(congress=hall.congress).count() == 1


@pytest.mark.parametrize("role", RUNNERS)
def test_the_secretariat_changes_the_hall(hall: Any, client_as: Any, records: dict[str, Any], role: Role,
                                          settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_as(role)
    for name, args, data in _writes(hall, records) + _queue(hall, records):
        assert client.post(reverse(f"proceedings:{name}", args=args), data).status_code == 302, name


def test_a_seated_delegate_changes_nothing_but_may_ask_to_speak(hall: Any, client: Any,
                                                                records: dict[str, Any]) -> None:
    client.force_login(hall.make_delegate_user(hall.delegates[0]))
    for name, args, data in _writes(hall, records) + _queue(hall, records):
        assert client.post(reverse(f"proceedings:{name}", args=args), data).status_code == 403, name
    url = reverse("proceedings:speech_request", args=[hall.congress.pk])
    assert client.post(url, {"topic": "Công tác cán bộ"}).status_code == 302
    assert Speech.objects.filter(congress=hall.congress, status=Speech.Status.REQUESTED).count() == 1


def test_a_presidium_member_runs_the_queue_only(hall: Any, client: Any, records: dict[str, Any],
                                                make_user: Any) -> None:
    from daihoi.congress import services as congress_services
    from daihoi.congress.models import Body

    delegate = hall.delegates[1]
    congress_services.body_member_add(acting_user=make_user(Role.SECRETARIAT), congress=hall.congress,
                                      kind=Body.Kind.PRESIDIUM, member=delegate.member)
    client.force_login(hall.make_delegate_user(delegate))
    for name, args, data in _queue(hall, records):
        assert client.post(reverse(f"proceedings:{name}", args=args), data).status_code == 302, name
    for name, args, data in _writes(hall, records):
        assert client.post(reverse(f"proceedings:{name}", args=args), data).status_code == 403, name


READ_PAGES = ["agenda", "documents", "votes", "resolution", "discussion", "screen", "screen_fragment",
              "targets_json", "book"]


@pytest.mark.parametrize("role", READERS)
def test_readers_see_every_page(hall: Any, client_as: Any, role: Role) -> None:
    client = client_as(role)
    for name in READ_PAGES:
        assert client.get(reverse(f"proceedings:{name}", args=[hall.congress.pk])).status_code == 200, name


@pytest.mark.parametrize("roles", [(Role.DELEGATE,), ()], ids=["delegate-role-no-seat", "no-role"])
def test_strangers_see_no_page(hall: Any, client_as: Any, roles: tuple[Role, ...],
                               records: dict[str, Any]) -> None:
    client = client_as(*roles)
    for name in READ_PAGES:
        assert client.get(reverse(f"proceedings:{name}", args=[hall.congress.pk])).status_code == 403, name
    vote = records["vote"]
    for name in ("vote", "vote_live"):
        assert client.get(reverse(f"proceedings:{name}", args=[hall.congress.pk, vote.pk])).status_code == 403
