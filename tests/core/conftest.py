from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import count

import pytest

from daihoi.organizations.models import Member, Organization
from tests.factories import MemberFactory, OrganizationFactory


@pytest.fixture
def make_member(db: None) -> Callable[..., Member]:
    """A member record straight in the database (the organizations app's services are
    not what these tests are about), in the first organization there is."""
    counter = count(1)

    def make(full_name: str = "Nguyễn Văn An", card: str | None = None) -> Member:
        org = Organization.objects.first() or OrganizationFactory(name="Chi bộ Văn phòng",
                                                                  kind=Organization.Kind.CELL)
        n = next(counter)
        extra = {"party_card_number": card} if card else {}
        return MemberFactory(full_name=full_name, date_of_birth=dt.date(1980, 1, n % 28 + 1),
                             admission_date=dt.date(2010, 5, 19), organization=org, **extra)

    return make
