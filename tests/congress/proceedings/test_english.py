"""English, the second language: the hall's catalogue is compiled and used."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from daihoi.congress.proceedings import services
from daihoi.congress.proceedings.models import Vote
from daihoi.core.roles import Role


def test_big_screen_and_votes_in_english(hall: Any, client_as: Any, make_user: Any) -> None:
    sec = make_user(Role.SECRETARIAT)
    vote = services.vote_create(acting_user=sec, congress=hall.congress, subject=Vote.Subject.AGENDA,
                                title="Thông qua chương trình")
    services.vote_record_hands(acting_user=sec, vote=vote, agree=8, disagree=0, other=0)
    client = client_as(Role.LEADER)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("proceedings:screen_fragment", args=[hall.congress.pk])).content.decode()
    assert "Delegates present" in html and "ADOPTED" in html and "Quorum met" in html
    assert "Đại biểu có mặt" not in html
    html = client.get(reverse("proceedings:votes", args=[hall.congress.pk])).content.decode()
    assert "Show of hands" not in html and "Hands" in html and "Adopted" in html
