"""Formula injection: a delegate named like a formula stays text in the delegate list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from daihoi.congress.models import Congress, Delegate
from daihoi.core.roles import Role
from tests.spreadsheets import INJECTION, cells_containing, formulas


def test_no_formula_in_the_delegate_list(congress: Congress, make_delegate: Callable[..., Delegate],
                                         client_as: Callable[..., Any]) -> None:
    d = make_delegate(INJECTION)
    d.represents.name = "+" + INJECTION[1:]
    d.represents.save()
    r = client_as(Role.SECRETARIAT).get(reverse("congress:delegates_xlsx", args=[congress.pk]))
    assert r.status_code == 200
    assert formulas(r.content) == []
    assert set(cells_containing(r.content, "HYPERLINK")) == {"'" + INJECTION, "'+" + INJECTION[1:]}


def test_the_import_template_is_the_import_s_columns(congress: Congress,
                                                    client_as: Callable[..., Any]) -> None:
    r = client_as(Role.SECRETARIAT).get(reverse("congress:delegate_import_template", args=[congress.pk]))
    assert formulas(r.content) == []
    assert cells_containing(r.content, "Họ và tên") == ["Họ và tên"]
