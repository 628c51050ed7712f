"""The audit log does not show a round's figures to the office before the presidium
publishes them (issue 15: results before publication are for the counting committee and
the presidium only, everywhere); the log still says that the count was made."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from daihoi.core.roles import Role
from daihoi.elections.models import Round

pytestmark = pytest.mark.django_db


def _log(client: Any) -> str:
    return client.get(reverse("core:audit_list")).content.decode()


def test_unpublished_figures_are_withheld_from_the_office(counted_round: Round, client: Any,
                                                          make_user: Any) -> None:
    client.force_login(make_user(Role.OFFICE))
    body = _log(client)
    assert "Kết thúc kiểm phiếu" in body  # what happened, when, by whom
    assert "Nội dung ẩn cho đến khi Đoàn Chủ tịch công bố kết quả." in body
    # Who was elected and the figures of the result are withheld (the candidates' names are
    # public: the list is printed on the ballot).
    assert "Ghi trúng cử" in body and "/audit/elections.mandate/" not in body
    assert "threshold" not in body and "ballots_collected" not in body
    export = client.get(reverse("core:audit_list") + "?format=xlsx")
    sheet = load_workbook(__import__("io").BytesIO(export.content)).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "threshold" not in cells and "Nội dung ẩn" in cells
    counted_round.results_published = True
    counted_round.save()
    body = _log(client)
    assert "/audit/elections.mandate/" in body and "threshold" in body


def test_the_counting_committee_reads_its_own_figures(counted_round: Round, client: Any,
                                                      counter: Any, make_user: Any) -> None:
    admin = make_user(Role.ADMIN, Role.COUNTING)
    client.force_login(admin)
    body = _log(client)
    assert "/audit/elections.mandate/" in body and "Nội dung ẩn" not in body
