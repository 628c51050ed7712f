"""Every election page says what happens next and who does it (issue 14), and the steps that
cannot be undone are asked first: their GET shows the figures and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from daihoi.core.roles import Role
from daihoi.elections import next_step, services
from daihoi.elections.models import Election

pytestmark = pytest.mark.django_db


def test_the_counting_committee_sees_who_closes_the_list(make_election: Any, counter: Any,
                                                          client_as: Any) -> None:
    election = make_election()
    step = next_step.for_election(election, counter)
    assert not step.yours and step.who == "Văn phòng / Đoàn Thư ký"
    body = client_as(Role.COUNTING).get(reverse("elections:detail", args=[election.pk]))
    assert "Bước tiếp theo" in body.content.decode() and "chốt danh sách" in body.content.decode()


def test_a_counted_round_names_the_secretariat_to_publish(counted_round: Any, counter: Any,
                                                          office: Any) -> None:
    step = next_step.for_round(counted_round, counter)
    assert step.who == "Đoàn Thư ký" and not step.yours
    assert next_step.for_round(counted_round, office).yours
    services.round_publish(acting_user=office, round_=counted_round)
    counted_round.refresh_from_db()
    assert "niêm phong" in next_step.for_round(counted_round, counter).text


def test_the_confirm_pages_change_nothing(make_election: Any, counted_round: Any,
                                          client_as: Any) -> None:
    election = make_election()
    client = client_as(Role.OFFICE, Role.SECRETARIAT, Role.COUNTING)
    page = client.get(reverse("elections:round_first", args=[election.pk])).content.decode()
    assert "5 người cho 3 chỗ" in page and 'id="confirm-button"' in page
    election.refresh_from_db()
    assert election.status == Election.Status.PREPARING
    page = client.get(reverse("elections:publish", args=[counted_round.pk])).content.decode()
    assert "Trúng cử: 3 người." in page
    counted_round.refresh_from_db()
    assert not counted_round.results_published
    page = client.get(reverse("elections:round_step", args=[counted_round.pk]),
                      {"action": "finalize"}).content.decode()
    assert "Tổ kiểm phiếu số 1: 4 phiếu" in page
