"""Fixtures of the register tests: a small tree and members made with the factories (not
the services, which are what some of these tests are about)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from daihoi.organizations.models import Member, Organization
from tests.factories import MemberFactory, OrganizationFactory


@pytest.fixture
def tree(db: None) -> SimpleNamespace:
    """root -> (Đảng bộ Sở Tài chính -> Chi bộ Văn phòng, Chi bộ Thanh tra), Chi bộ Sở Tư pháp."""
    K = Organization.Kind
    root = OrganizationFactory(name="Đảng bộ Khối", kind=K.COMMITTEE)
    finance = OrganizationFactory(name="Đảng bộ Sở Tài chính", kind=K.GRASSROOTS_COMMITTEE, parent=root)
    office = OrganizationFactory(name="Chi bộ Văn phòng", kind=K.CELL, parent=finance)
    inspect = OrganizationFactory(name="Chi bộ Thanh tra", kind=K.CELL, parent=finance)
    justice = OrganizationFactory(name="Chi bộ Sở Tư pháp", kind=K.GRASSROOTS_CELL, parent=root)
    return SimpleNamespace(root=root, finance=finance, office=office, inspect=inspect,
                           justice=justice)


@pytest.fixture
def make_member(db: None) -> Callable[..., Member]:
    """A member of `organization`: full, with a card, unless told otherwise. A member of any
    other status gets no card unless one is given."""

    def make(full_name: str = "Nguyễn Văn A", *, organization: Organization, **kw: Any) -> Member:
        kw.setdefault("date_of_birth", dt.date(1985, 1, 1))
        kw.setdefault("admission_date", dt.date(2010, 5, 19))
        if kw.get("status", Member.Status.FULL) != Member.Status.FULL:
            kw.setdefault("party_card_number", None)
        return MemberFactory(full_name=full_name, organization=organization, **kw)

    return make
