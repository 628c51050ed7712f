"""The dashboard's figures as a workbook: by status, admissions against the year's
target, and by grassroots organization."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _t

from daihoi.core import tabular
from daihoi.organizations.models import Member
from daihoi.organizations.selectors import Dashboard, DueRow


def dashboard_xlsx(data: Dashboard, *, today: dt.date) -> bytes:
    labels = [str(label) for _, label in Member.Status.choices]
    return tabular.xlsx_bytes(
        tabular.Sheet(
            _t("Theo trạng thái"), [tabular.Col(_t("Trạng thái"), 28), _t("Số đảng viên")],
            [*([label, n] for _s, label, n in data.by_status),
             [_t("Đang sinh hoạt"), data.active_total]],
            preamble=[[_t("Số liệu đảng viên ngày %s") % f"{today:%d/%m/%Y}"]]),
        tabular.Sheet(
            _t("Kết nạp theo năm"),
            [tabular.Col(_t("Năm"), 28), _t("Kết nạp"), _t("Chỉ tiêu"), _t("Đạt (%)")],
            ([r["year"], r["admitted"], r["planned"], r["percent"]] for r in data.years)),
        tabular.Sheet(
            _t("Theo tổ chức"),
            [tabular.Col(_t("Tổ chức cơ sở đảng"), 55), _t("Loại hình"), *labels, _t("Đang sinh hoạt")],
            ([node.org.name, node.org.get_kind_display(), *node.counts, node.active_total]
             for node in data.top_orgs)),
    )


def members_due_xlsx(*, this_month: list[DueRow], overdue: list[DueRow], today: dt.date) -> bytes:
    """The due list as the page shows it: the overdue, then those due this month."""
    columns = [tabular.Col(_t("Họ và tên"), 28), tabular.Col(_t("Chi bộ / tổ chức"), 55),
               tabular.Col(_t("Ngày vào Đảng"), 14, number_format="dd/mm/yyyy"),
               tabular.Col(_t("Ngày lễ kết nạp"), 14, number_format="dd/mm/yyyy"),
               tabular.Col(_t("Ngày đủ 12 tháng"), 14, number_format="dd/mm/yyyy"),
               _t("Số ngày quá hạn")]

    def rows(items: list[DueRow]) -> list[list[Any]]:
        return [[r.member.full_name, r.member.organization.label, r.member.admission_date,
                 r.member.ceremony_date, r.due, r.days_overdue or None] for r in items]

    when = [[_t("Ngày %s") % f"{today:%d/%m/%Y}"]]
    return tabular.xlsx_bytes(
        tabular.Sheet(_t("Quá hạn chưa công nhận"), columns, rows(overdue), preamble=when),
        tabular.Sheet(_t("Đến hạn trong tháng này"), columns, rows(this_month), preamble=when))
