"""The audit log shows sentences a clerk understands ("Nhập 120 đảng viên từ tệp …"),
never an action code or a Python dict; and it does not show a round's result to the office
before the presidium publishes it (issue 15: results before publication are for the
counting committee and the presidium only)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from daihoi.core.models import AuditLog, Job
from daihoi.core.roles import Role
from daihoi.organizations import imports
from daihoi.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_an_import_reads_as_one_sentence(make_user: Any, tmp_path: Path, client_as: Any) -> None:
    root = Organization.objects.create(name="Đảng bộ Khối", kind=Organization.Kind.COMMITTEE)
    Organization.objects.create(name="Chi bộ A", code="CB01", parent=root,
                                kind=Organization.Kind.GRASSROOTS_CELL)
    office = make_user(Role.OFFICE)
    path = tmp_path / "danh-sach.csv"
    path.write_text("Họ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Ngày chính thức,Trạng thái,Tổ chức\n"
                    + "".join(f"Nguyễn Văn {c},Nam,01/02/1980,03/02/2010,03/02/2011,Chính thức,CB01\n"
                              for c in "ABC"), encoding="utf-8")
    job = Job.objects.create(kind="import", title="Nhập", created_by=office)

    class Progress:
        def __init__(self) -> None:
            self.job = job

        def __call__(self, *args: Any, **kwargs: Any) -> None:
            pass

    imports.import_members_file(acting_user=office, path=path, filename=path.name,
                                today=dt.date(2025, 1, 1), progress=Progress())
    body = client_as(Role.OFFICE).get(reverse("core:audit_list")).content.decode()
    assert "Nhập 3 đảng viên từ tệp danh-sach.csv" in body
    assert "Nhập đảng viên «Nguyễn Văn A» từ tệp" in body
    assert "member_import" not in body


def test_json_values_read_as_text_not_a_dict(make_user: Any, client_as: Any) -> None:
    root = Organization.objects.create(name="Đảng bộ Khối", kind=Organization.Kind.COMMITTEE)
    from django.contrib.contenttypes.models import ContentType
    AuditLog.objects.create(action=AuditLog.Action.UPDATE, verb="some_new_verb",
                            content_type=ContentType.objects.get_for_model(Organization),
                            object_id=str(root.pk), object_repr=root.name,
                            before={"x": {"a": 1}}, after={"x": {"a": 2, "b": [1, 2]}})
    body = client_as(Role.OFFICE).get(reverse("core:audit_list")).content.decode()
    assert "{&#x27;a&#x27;" not in body and "{'a'" not in body
    assert "a: 2; b: 1, 2" in body
    assert "some_new_verb" not in body and "Sửa tổ chức đảng «Đảng bộ Khối»" in body
