"""The shape of the congress's services: that each public service is one durable
transaction with its permission check and calls no other public service is read from the
syntax tree for every app brought into shape (tests/test_layers.py); here, that the
durable transaction really refuses to nest."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from daihoi.congress import services as congress_services
from daihoi.congress.proceedings import services as proceedings_services


def test_a_service_refuses_to_run_inside_another_transaction(congress: Any, make_user: Any) -> None:
    """durable=True: a caller cannot fold a service into a larger transaction of its own
    (it would run under the caller's, not its own, commit). pytest-django's transaction
    around each test is Django TestCase's, which durable blocks are allowed inside."""
    from daihoi.core.roles import Role

    secretary = make_user(Role.SECRETARIAT)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        proceedings_services.agenda_item_create(acting_user=secretary, congress=congress, title="X")
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        congress_services.guest_create(acting_user=secretary, congress=congress, full_name="Khách")
    item = proceedings_services.agenda_item_create(acting_user=secretary, congress=congress, title="Y")
    assert item.pk is not None
