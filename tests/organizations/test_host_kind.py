"""The kind of unit an organization is set up in (Organization.host_kind): the form, the
service's audit row, the import column (errors by row, all or nothing) and the export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from daihoi.core.models import AuditLog, User
from daihoi.core.roles import Role
from daihoi.organizations import exports, services
from daihoi.organizations import imports as im
from daihoi.organizations.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 1)
PRIVATE = Organization.HostKind.PRIVATE_ENTERPRISE
HEADERS = ["Tên tổ chức", "Mã", "Loại hình", "Trực thuộc", "Ngày thành lập", "Loại hình đơn vị"]


@pytest.fixture
def root() -> Organization:
    return OrganizationFactory(name="Đảng bộ Khối", code="DBK", kind=Organization.Kind.COMMITTEE)


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_the_form_creates_an_organization_with_its_host_kind_and_founding_date(
        client_as: Callable[..., Any], root: Organization) -> None:
    r = client_as(Role.OFFICE).post(reverse("organizations:organization_create"), {
        "name": "Chi bộ Công ty TNHH May Hưng Phát", "kind": "grassroots_cell", "parent": root.pk,
        "host_kind": "private_enterprise", "established_on": "15/03/2023"})
    assert r.status_code == 302
    org = Organization.objects.get(name="Chi bộ Công ty TNHH May Hưng Phát")
    assert (org.host_kind, org.established_on) == (PRIVATE, dt.date(2023, 3, 15))
    page = client_as(Role.OFFICE).get(reverse("organizations:organization_detail", args=[org.pk]))
    assert "Doanh nghiệp ngoài khu vực nhà nước" in page.content.decode()


def test_the_form_refuses_an_unknown_host_kind(client_as: Callable[..., Any], root: Organization) -> None:
    r = client_as(Role.OFFICE).post(reverse("organizations:organization_create"), {
        "name": "Chi bộ X", "kind": "grassroots_cell", "parent": root.pk, "host_kind": "foreign"})
    assert r.status_code == 200 and "host_kind" in r.context["form"].errors
    assert not Organization.objects.filter(name="Chi bộ X").exists()


def test_the_edit_form_changes_the_host_kind_and_the_audit_row_says_what_it_was(
        client_as: Callable[..., Any], root: Organization) -> None:
    org = OrganizationFactory(name="Chi bộ Công ty Cổ phần In", kind=Organization.Kind.GRASSROOTS_CELL,
                              parent=root, host_kind=Organization.HostKind.STATE_ENTERPRISE)
    url = reverse("organizations:organization_action", args=[org.pk, "rename"])
    client = client_as(Role.OFFICE)
    form = client.get(url).context["form"]
    assert form.initial["host_kind"] == "state_enterprise"
    r = client.post(url, {"name": org.name, "short_name": "", "host_kind": "private_enterprise",
                          "established_on": "01/07/2021"})
    assert r.status_code == 302
    org.refresh_from_db()
    assert (org.host_kind, org.established_on) == (PRIVATE, dt.date(2021, 7, 1))
    log = AuditLog.objects.get(content_type=ContentType.objects.get_for_model(org), object_id=str(org.pk),
                               verb="organization_rename")
    assert log.before["host_kind"] == "state_enterprise"


def test_the_service_keeps_the_host_kind_when_not_given(make_user: Callable[..., User],
                                                        root: Organization) -> None:
    office = make_user(Role.OFFICE)
    org = services.organization_create(acting_user=office, name="Chi bộ Y", kind="grassroots_cell",
                                       parent=root, host_kind=PRIVATE)
    services.organization_rename(acting_user=office, organization=org, name="Chi bộ Z")
    org.refresh_from_db()
    assert (org.name, org.host_kind) == ("Chi bộ Z", PRIVATE)


def test_a_bad_host_kind_in_the_file_is_an_error_of_its_row_and_nothing_is_written(
        tmp_path: Path, make_user: Callable[..., User], root: Organization) -> None:
    path = write_xlsx(tmp_path / "o.xlsx", [
        HEADERS,
        ["Chi bộ Công ty A", "CBA", "Chi bộ cơ sở", "DBK", "01/02/2022",
         "Doanh nghiệp ngoài khu vực nhà nước"],
        ["Chi bộ Công ty B", "CBB", "Chi bộ cơ sở", "DBK", "", "Hợp tác xã nước ngoài"],
    ])
    with pytest.raises(im.ImportRejected) as caught:
        im.import_organizations_file(acting_user=make_user(Role.OFFICE), path=path, today=TODAY)
    got = {(e.row, e.column): e.reason for e in caught.value.errors}
    assert got == {(3, "Loại hình đơn vị"): str(im.BAD_HOST_KIND).format(choices=im._host_kind_labels())}
    assert Organization.objects.count() == 1


def test_the_host_kind_column_imports_without_diacritics_and_exports_again(
        tmp_path: Path, make_user: Callable[..., User], root: Organization) -> None:
    path = write_xlsx(tmp_path / "o.xlsx", [
        HEADERS,
        ["Chi bộ Công ty A", "CBA", "Chi bộ cơ sở", "DBK", "01/02/2022",
         "doanh nghiep ngoai khu vuc nha nuoc"],
        ["Chi bộ Sở Tư pháp", "CBTP", "Chi bộ cơ sở", "DBK", "", "Cơ quan hành chính nhà nước"],
        ["Chi bộ Trường Y", "CBTY", "Chi bộ cơ sở", "DBK", "", ""],
    ])
    im.import_organizations_file(acting_user=make_user(Role.OFFICE), path=path, today=TODAY)
    kinds = dict(Organization.objects.values_list("code", "host_kind"))
    assert kinds == {"DBK": "", "CBA": "private_enterprise", "CBTP": "state_agency", "CBTY": ""}
    rows = list(csv.reader(io.StringIO("".join(exports.organizations_csv()).lstrip("\ufeff"))))
    column = rows[0].index("Loại hình đơn vị")
    assert {r[1]: r[column] for r in rows[1:]}["CBA"] == "Doanh nghiệp ngoài khu vực nhà nước"
    # the exported file imports again into an empty register with the same kinds
    exports.organizations_xlsx(tmp_path / "back.xlsx")
    for org in reversed(exports.organizations_in_tree_order()):
        org.delete()
    im.import_organizations_file(acting_user=None, path=tmp_path / "back.xlsx", today=TODAY)
    assert dict(Organization.objects.values_list("code", "host_kind")) == kinds


def test_the_template_offers_the_host_kinds_as_a_dropdown(tmp_path: Path, root: Organization) -> None:
    exports.organizations_template(tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[0]
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert any("Doanh nghiệp ngoài khu vực nhà nước" in (f or "") for f in lists)
