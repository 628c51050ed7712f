"""The results table in the layout of the office's report: rows the grassroots organizations
(and the whole committee), columns the levels, each with its count and its percentage of those
rated; one sheet per year for members, one for organizations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _t

from daihoi.appraisal import selectors
from daihoi.core import tabular
from daihoi.rules.appraisal import LEVELS, LevelCounts, percent_text
from daihoi.rules.targets import bar_width


@dataclass
class Line:
    name: str
    counts: LevelCounts
    total: bool = False

    def cells(self) -> list[tuple[int, Decimal | None]]:
        return [(self.counts.count(lv), self.counts.percent(lv)) for lv in LEVELS]

    @property
    def good_or_better(self) -> tuple[int, str]:
        return self.counts.good_or_better, percent_text(self.counts.percent("good_or_better"))

    def texts(self) -> list[tuple[int, str]]:
        return [(n, percent_text(p)) for n, p in self.cells()]

    def bars(self) -> list[dict[str, str]]:
        """The chart's segments: CSS widths with a dot, never localized."""
        return [{"level": str(lv), "label": _t(lv.label), "width": bar_width(self.counts.share(lv)),
                 "text": percent_text(self.counts.percent(lv))} for lv in LEVELS]


@dataclass
class YearTable:
    year: int
    members: list[Line]
    organizations: list[Line]

    @property
    def year_str(self) -> str:
        return str(self.year)


def results_table(r: selectors.Results, *, organizations: bool = True,
                  years: set[int | None] | None = None) -> list[YearTable]:
    """Per year: a line per grassroots organization (unless `organizations` is False), then the
    whole committee's; only `years` when given."""
    out = []
    for y in r.years:
        if years is not None and y.campaign.year not in years:
            continue
        listed = r.organizations if organizations else []
        lines = [Line(name, y.members[pk]) for pk, name in listed if pk in y.members]
        if None in y.members:
            lines.append(Line(_t("Toàn Đảng bộ"), y.members[None], total=True))
        org_lines = [Line(name, y.organizations[pk]) for pk, name in listed if pk in y.organizations]
        if None in y.organizations:
            org_lines.append(Line(_t("Tổ chức cơ sở đảng toàn Đảng bộ"), y.organizations[None], total=True))
        out.append(YearTable(y.campaign.year, lines, org_lines))
    return out


def _columns(first: str) -> list[Any]:
    cols: list[Any] = [tabular.Col(_t("TT"), 5), tabular.Col(first, 40),
                       tabular.Col(_t("Số được xếp loại"), 12)]
    for lv in LEVELS:
        cols += [tabular.Col(f"{_t(lv.label)}: {_t('số lượng')}", 14),
                 tabular.Col(f"{_t(lv.label)}: %", 10, number_format="0.0")]
    cols += [tabular.Col(f"{_t('Hoàn thành tốt nhiệm vụ trở lên')}: {_t('số lượng')}", 14),
             tabular.Col(f"{_t('Hoàn thành tốt nhiệm vụ trở lên')}: %", 10, number_format="0.0"),
             tabular.Col(_t("Không xếp loại"), 12)]
    return cols


def _rows(lines: list[Line]) -> list[list[Any]]:
    rows = []
    for i, line in enumerate(lines, start=1):
        row: list[Any] = ["" if line.total else i, line.name, line.counts.rated]
        for n, p in line.cells():
            row += [n, p]
        row += [line.counts.good_or_better, line.counts.percent("good_or_better"), line.counts.not_rated]
        rows.append(row)
    return rows


FILENAME = "xep-loai-chat-luong.xlsx"
# Rows (organizations × years) the page answers at once; more go to the worker as a job.
DIRECT_ROWS = 2000


def results_rows(r: selectors.Results) -> int:
    return len(r.organizations) * len(r.years)


def results_xlsx(r: selectors.Results, progress: Callable[[int], None] | None = None) -> bytes:
    sheets = []
    for t in results_table(r):
        sheets.append(tabular.Sheet(
            title=f"{_t('Đảng viên')} {t.year}", columns=_columns(_t("Tổ chức cơ sở đảng")),
            rows=_rows(t.members), progress=progress,
            preamble=[[_t("Kết quả đánh giá, xếp loại chất lượng đảng viên năm %(year)s")
                        % {"year": t.year}]]))
        sheets.append(tabular.Sheet(
            title=f"{_t('Tổ chức')} {t.year}", columns=_columns(_t("Tổ chức cơ sở đảng")),
            rows=_rows(t.organizations),
            preamble=[[_t("Kết quả đánh giá, xếp loại chất lượng tổ chức đảng năm %(year)s")
                        % {"year": t.year}]]))
    if not sheets:
        sheets.append(tabular.Sheet(title=_t("Kết quả"), columns=_columns(_t("Tổ chức cơ sở đảng"))))
    return tabular.xlsx_bytes(*sheets)
