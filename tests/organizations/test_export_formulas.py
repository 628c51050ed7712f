"""Formula injection (hardening issue): a member or an organization named like a formula
stays text in every workbook and CSV of the register, and imports back as it was."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from daihoi.core.roles import Role
from daihoi.organizations import exports
from daihoi.organizations import imports as im
from daihoi.organizations.models import Member, Organization
from tests.spreadsheets import INJECTION, cells_containing, csv_cells, formulas

pytestmark = pytest.mark.django_db


@pytest.fixture
def poisoned(tree: SimpleNamespace, make_member: Callable[..., Member]) -> SimpleNamespace:
    tree.office.name = "@" + INJECTION[1:]  # an organization too: '@HYPERLINK(...)'
    tree.office.save()
    tree.member = make_member(INJECTION, organization=tree.office, position="-1+1",
                              phone="+84912000111", admission_date=dt.date(2025, 1, 2),
                              status=Member.Status.PROBATIONARY)
    return tree


def _xlsx(write: Callable[[Any], Any]) -> bytes:
    out = io.BytesIO()
    write(out)
    return out.getvalue()


def test_no_formula_in_the_member_and_organization_workbooks(poisoned: SimpleNamespace) -> None:
    for data in (_xlsx(lambda out: exports.members_xlsx(out, Member.objects.all())),
                 _xlsx(exports.organizations_xlsx),
                 _xlsx(exports.members_template), _xlsx(exports.organizations_template)):
        assert formulas(data) == []
    members = _xlsx(lambda out: exports.members_xlsx(out, Member.objects.all()))
    assert "'" + INJECTION in cells_containing(members, "HYPERLINK")
    assert "'+84912000111" in cells_containing(members, "84912000111")


def test_no_formula_in_the_csvs(poisoned: SimpleNamespace) -> None:
    for text in ("".join(exports.members_csv(Member.objects.all())), "".join(exports.organizations_csv())):
        cells = csv_cells(text)
        assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
        assert any(c.startswith("'") and "HYPERLINK" in c for c in cells)


def test_no_formula_in_the_error_report(tree: SimpleNamespace, tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    quoted = INJECTION.replace('"', '""')
    source.write_text(f'Họ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Tổ chức\n"{quoted}",X,,,\n',
                      encoding="utf-8")
    with pytest.raises(im.ImportRejected) as exc:
        im.import_members_file(acting_user=None, path=source, today=dt.date(2025, 6, 1))
    assert {e.column for e in exc.value.errors} >= {"Giới tính", "Ngày sinh"}
    data = _xlsx(lambda out: exports.error_report(out, errors=exc.value.errors, source=source,
                                                  columns=im.MEMBER_COLUMNS))
    assert formulas(data) == []
    assert "'" + INJECTION in cells_containing(data, "HYPERLINK")  # in the marked rows


def test_no_formula_in_the_dashboard(poisoned: SimpleNamespace, client_as: Callable[..., Any]) -> None:
    poisoned.finance.name = INJECTION
    poisoned.finance.save()
    r = client_as(Role.LEADER).get(reverse("organizations:dashboard_xlsx"))
    assert r.status_code == 200
    assert formulas(r.content) == []
    assert "'" + INJECTION in cells_containing(r.content, "HYPERLINK")


def test_a_guarded_export_imports_back_to_the_same_names(poisoned: SimpleNamespace,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "m.xlsx"
    exports.members_xlsx(path, Member.objects.all())
    before = set(Member.objects.values_list("full_name", "position", "phone"))
    Member.objects.all().delete()
    im.import_members_file(acting_user=None, path=path, today=dt.date(2025, 6, 1))
    assert set(Member.objects.values_list("full_name", "position", "phone")) == before
    assert Organization.objects.filter(name__startswith="@").count() == 1
