"""The comparison of congresses as an Excel workbook (through core/tabular.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from daihoi.core.tabular import Col, Sheet, xlsx_bytes
from daihoi.extraction.selectors import Row, Summary


def comparison_xlsx(rows: list[Row], summary: Summary) -> bytes:
    yes, no = _("Có"), _("Không")
    columns = [
        Col(_("Tổ chức đảng"), 48),
        Col(_("Cấp"), 18),
        Col(_("Nhiệm kỳ"), 12),
        Col(_("Lần thứ"), 8),
        Col(_("Đại biểu chính thức"), 12),
        Col(_("Đảng viên đại diện"), 12),
        Col(_("Đại biểu / 100 đảng viên"), 12, "0.0"),
        Col(_("Tổ chức cơ sở đảng"), 10),
        Col(_("Ban Chấp hành"), 10),
        Col(_("Ban Thường vụ"), 10),
        Col(_("Bí thư"), 24),
        Col(_("Tái đắc cử"), 10),
        Col(_("Đoàn đại biểu dự Đại hội cấp trên"), 12),
        Col(_("Chỉ tiêu %"), 9),
        Col(_("Chỉ tiêu đảng viên"), 9),
        Col(_("Chỉ tiêu khác"), 9),
        Col(_("Nguồn"), 14),
    ]
    data = [
        [
            r.organization,
            r.level_label,
            r.term,
            r.ordinal,
            r.delegates,
            r.members,
            r.per_100,
            r.grassroots,
            r.committee,
            r.standing,
            r.secretary,
            (yes if r.reelected else no) if r.reelected is not None else None,
            r.delegation,
            r.targets.get("%"),
            r.targets.get("members"),
            r.targets.get("count"),
            _("Tổ chức trong daihoi") if r.origin == "held" else _("Bài báo / nhập tay"),
        ]
        for r in rows
    ]
    preamble = [
        [_("So sánh các đại hội")],
        [_("Bí thư tái đắc cử: {n} / {m}").format(n=summary.reelected, m=summary.secretaries_known)],
    ]
    return xlsx_bytes(
        Sheet(title=_("So sánh đại hội"), columns=columns, rows=data, preamble=preamble, auto_filter=True)
    )
