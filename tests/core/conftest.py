from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps


@pytest.fixture
def make_member(db: None) -> Callable[..., Any]:
    """A member record straight in the database (the organizations app's services are
    not what these tests are about)."""
    organization_model = apps.get_model("organizations", "Organization")
    member_model = apps.get_model("organizations", "Member")
    counter = iter(range(1, 10_000))

    def make(full_name: str = "Nguyễn Văn An", card: str | None = None) -> Any:
        org = organization_model.objects.first() or organization_model.objects.create(
            name="Chi bộ Văn phòng", kind="cell")
        n = next(counter)
        return member_model.objects.create(
            full_name=full_name, gender="male", date_of_birth=dt.date(1980, 1, n % 28 + 1),
            admission_date=dt.date(2010, 5, 19), status="full", organization=org,
            party_card_number=card or f"9{n:07d}",
        )

    return make
