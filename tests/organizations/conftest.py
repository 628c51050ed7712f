"""Fixtures of the register tests: a small tree and members made without services."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from daihoi.organizations.models import Member, Organization

_seq = itertools.count(1)


@pytest.fixture
def tree(db: None) -> SimpleNamespace:
    """root -> (Đảng bộ Sở Tài chính -> Chi bộ Văn phòng, Chi bộ Thanh tra), Chi bộ Sở Tư pháp."""
    K = Organization.Kind
    root = Organization.objects.create(name="Đảng bộ Khối", kind=K.COMMITTEE)
    finance = Organization.objects.create(name="Đảng bộ Sở Tài chính", kind=K.GRASSROOTS_COMMITTEE,
                                          parent=root)
    office = Organization.objects.create(name="Chi bộ Văn phòng", kind=K.CELL, parent=finance)
    inspect = Organization.objects.create(name="Chi bộ Thanh tra", kind=K.CELL, parent=finance)
    justice = Organization.objects.create(name="Chi bộ Sở Tư pháp", kind=K.GRASSROOTS_CELL,
                                          parent=root)
    return SimpleNamespace(root=root, finance=finance, office=office, inspect=inspect,
                           justice=justice)


@pytest.fixture
def make_member(db: None) -> Callable[..., Member]:
    def make(full_name: str = "Nguyễn Văn A", *, organization: Organization, **kw: Any) -> Member:
        kw.setdefault("gender", Member.Gender.MALE)
        kw.setdefault("date_of_birth", dt.date(1985, 1, 1))
        kw.setdefault("admission_date", dt.date(2010, 5, 19))
        kw.setdefault("status", Member.Status.FULL)
        if kw["status"] == Member.Status.FULL:
            kw.setdefault("party_card_number", f"99{next(_seq):06d}")
        return Member.objects.create(full_name=full_name, organization=organization, **kw)

    return make
