"""The dashboard's figures as a workbook: by status, admissions against the year's
target, and by grassroots organization."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _t

from daihoi.core import tabular
from daihoi.organizations.models import Member
from daihoi.organizations.selectors import Dashboard


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
