"""The targets measured from the records, and the review for any date.

What each metric reads:
- share_good_or_better, share_excellent: the bloc's members classified each year (appraisal);
- orgs_good_or_better: the bloc's grassroots organizations classified each year (appraisal);
- admitted: admission decisions in a year (organizations.Member.admission_date), or in the term
  from the congress's opening to the review date;
- admitted_plan_share: a year's admissions against that year's plan (organizations.AdmissionPlan);
- private_enterprise_orgs: organizations founded (Organization.established_on) in an enterprise
  outside the state sector (Organization.host_kind), from the congress's opening to the review
  date, or in each year of the term;
- cells_admitting_share: of the cells (chi bộ, both kinds) active at a year's end, the share
  that admitted at least one member that year, the member counted in the cell they were in when
  admitted (the one their first transfer left, else their cell now). Chosen as "the share of
  cells with a given record" because every cell holds it every year whether or not an
  appraisal campaign was closed, and resolutions set it ("trên 90% chi bộ kết nạp được đảng
  viên"); the cells' ratings are read by orgs_good_or_better already;
- anything else: the values the office entered (TargetValue), with their source and date.
The judgement (status, progress, projection, phrases) is `daihoi.rules.targets`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.appraisal import selectors as appraisal
from daihoi.congress.models import Congress
from daihoi.organizations.models import AdmissionPlan, Member, MemberTransfer, Organization
from daihoi.rules import targets as rules
from daihoi.rules.appraisal import Level, LevelCounts
from daihoi.rules.targets import Aggregate, Evaluation, Period, Status
from daihoi.targets import phrases
from daihoi.targets.models import Target, TargetValue

TERM_YEARS = 5


def congresses_with_targets() -> QuerySet[Congress]:
    return Congress.objects.filter(targets__isnull=False).distinct().order_by("-starts_on")


def default_congress(on: dt.date | None = None) -> Congress | None:
    """The congress whose term the date falls in and that has targets, else the latest with targets."""
    on = on or timezone.localdate()
    qs = congresses_with_targets()
    for c in qs:
        if c.starts_on < on:
            return c
    return qs.first()


def targets_of(congress: Congress) -> QuerySet[Target]:
    return Target.objects.filter(congress=congress).order_by("number", "id")


def term_end(congress: Congress) -> dt.date:
    try:
        return congress.starts_on.replace(year=congress.starts_on.year + TERM_YEARS)
    except ValueError:  # 29 February
        return congress.starts_on.replace(year=congress.starts_on.year + TERM_YEARS, day=28)


def _admissions_by_year(years: list[int]) -> dict[int, int]:
    if not years:
        return {}
    # a date range (the index on admission_date), not a year extracted from every row
    rows = (Member.objects.filter(admission_date__gte=dt.date(min(years), 1, 1),
                                  admission_date__lte=dt.date(max(years), 12, 31))
            .annotate(y=ExtractYear("admission_date")).values("y").annotate(n=Count("id"))
            .values_list("y", "n").order_by())
    return dict(rows)


CELL_KINDS = (Organization.Kind.CELL, Organization.Kind.GRASSROOTS_CELL)


def private_orgs_founded(start: dt.date, end: dt.date) -> int:
    """Organizations founded from `start` to `end` (both days counted) in enterprises outside
    the state sector."""
    return Organization.objects.filter(host_kind=Organization.HostKind.PRIVATE_ENTERPRISE,
                                       established_on__gte=start, established_on__lte=end).count()


def cells_admitting(year: int) -> tuple[int, int]:
    """(cells that admitted at least one member in the year, cells active at the year's end)."""
    end = dt.date(year, 12, 31)
    cells = set(Organization.objects.filter(kind__in=CELL_KINDS)
                .filter(Q(established_on__isnull=True) | Q(established_on__lte=end))
                .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=end))
                .values_list("id", flat=True))
    first_from = (MemberTransfer.objects.filter(member=OuterRef("pk")).order_by("on", "id")
                  .values("from_organization")[:1])
    admitted_in = (Member.objects.filter(admission_date__gte=dt.date(year, 1, 1), admission_date__lte=end)
                   .annotate(first_from=Subquery(first_from)).values_list("first_from", "organization_id"))
    admitting = {first or now for first, now in admitted_in} & cells
    return len(admitting), len(cells)


def _complete_years(congress: Congress, on: dt.date) -> list[int]:
    """The calendar years of the term that ended by `on` (the congress's own year counts: its
    targets are read for it as the articles do, "hằng năm")."""
    last = min(on.year if on >= dt.date(on.year, 12, 31) else on.year - 1, congress.term_end)
    return list(range(congress.term_start, last + 1))


@dataclass
class Measure:
    years: list[tuple[int, Fraction | None]] = field(default_factory=list)
    total: Fraction | None = None
    source: str = ""
    as_of: dt.date | None = None


def _share(counts: LevelCounts | None, level: str) -> Fraction | None:
    if counts is None or not counts.rated:
        return None
    pct = counts.percent(level)
    return None if pct is None else Fraction(pct)


def measure(target: Target, on: dt.date) -> Measure:
    congress = target.congress
    years = _complete_years(congress, on)
    metric = target.metric
    M = Target.Metric
    if metric in (M.SHARE_GOOD, M.SHARE_EXCELLENT, M.ORGS_GOOD):
        level = Level.EXCELLENT.value if metric == M.SHARE_EXCELLENT else "good_or_better"
        read = appraisal.bloc_organization_counts if metric == M.ORGS_GOOD else appraisal.bloc_member_counts
        ys = list(range(congress.term_start, min(on.year, congress.term_end) + 1))
        values = [(y, _share(read(y), level)) for y in ys]
        return Measure(years=[(y, v) for y, v in values if v is not None],
                       source="Kết quả đánh giá, xếp loại chất lượng hằng năm")
    if metric == M.ADMITTED:
        if target.period == Target.Period.TERM:
            n = Member.objects.filter(admission_date__gte=congress.starts_on, admission_date__lte=on).count()
            return Measure(total=Fraction(n), source="Sổ đảng viên: ngày quyết định kết nạp", as_of=on)
        counts = _admissions_by_year(years)
        return Measure(years=[(y, Fraction(counts.get(y, 0))) for y in years],
                       source="Sổ đảng viên: ngày quyết định kết nạp")
    if metric == M.ADMITTED_PLAN:
        plans = dict(AdmissionPlan.objects.filter(year__in=years).values_list("year", "planned"))
        counts = _admissions_by_year(years)
        values = [(y, Fraction(counts.get(y, 0) * 100, plans[y])) for y in years if plans.get(y)]
        return Measure(years=values, source="Sổ đảng viên và chỉ tiêu kết nạp hằng năm")
    if metric == M.PRIVATE_ORGS:
        source = "Danh sách tổ chức đảng: ngày thành lập, loại hình đơn vị"
        if target.period == Target.Period.TERM:
            return Measure(total=Fraction(private_orgs_founded(congress.starts_on, on)), source=source,
                           as_of=on)
        return Measure(years=[(y, Fraction(private_orgs_founded(dt.date(y, 1, 1), dt.date(y, 12, 31))))
                              for y in years], source=source)
    if metric == M.CELLS_ADMITTING:
        return Measure(years=[(y, rules.share_of(*cells_admitting(y))) for y in years],
                       source="Danh sách chi bộ và sổ đảng viên: ngày quyết định kết nạp")
    # entered by the office
    entered = list(TargetValue.objects.filter(target=target, as_of__lte=on).order_by("-as_of", "-id"))
    if not entered:
        return Measure(source="")
    if target.period == Target.Period.YEAR:
        by_year: dict[int, TargetValue] = {}
        for v in entered:
            by_year.setdefault(v.year or v.as_of.year, v)
        return Measure(years=sorted((y, Fraction(v.value)) for y, v in by_year.items()),
                       source=entered[0].source, as_of=entered[0].as_of)
    return Measure(total=Fraction(entered[0].value), source=entered[0].source, as_of=entered[0].as_of)


def aggregate_for(target: Target) -> Aggregate:
    """Shares "đều đạt" every year; counts on the mean ("bình quân")."""
    return Aggregate.EACH if target.unit == Target.Unit.PERCENT else Aggregate.MEAN


@dataclass
class Row:
    target: Target
    measure: Measure
    evaluation: Evaluation
    phrase: str
    width: str
    status_label: str

    @property
    def target_text(self) -> str:
        t = self.target
        unit = "%" if t.unit == Target.Unit.PERCENT else f" {t.get_unit_display()}"
        return f"{t.get_comparison_display()} {phrases.number(t.value, 2)}{unit}"

    @property
    def measured_text(self) -> str:
        return number_text(self.evaluation.measured, self.target)

    @property
    def projection_text(self) -> str:
        return number_text(self.evaluation.projection, self.target)


def number_text(value: Fraction | None, target: Target) -> str:
    if value is None:
        return "–"
    if target.unit == Target.Unit.PERCENT:
        return phrases.pct(value / 100)
    return phrases.number(value)


@dataclass
class Review:
    congress: Congress
    on: dt.date
    rows: list[Row]
    done: int
    total: int

    @property
    def line(self) -> str:
        return phrases.count(self.done, self.total)

    @property
    def elapsed_text(self) -> str:
        return phrases.pct(elapsed(self.congress, self.on))


def review_dates(congress: Congress) -> list[tuple[str, dt.date]]:
    """The reviews a term has: the six-month report of each year, the mid-term review (half the
    term gone) and the end of the term."""
    end = term_end(congress)
    middle = congress.starts_on + (end - congress.starts_on) / 2
    return [(str(_("Sơ kết giữa nhiệm kỳ")), middle), (str(_("Tổng kết nhiệm kỳ")), end)]


def elapsed(congress: Congress, on: dt.date) -> Fraction:
    total = (term_end(congress) - congress.starts_on).days
    return rules.elapsed_share((on - congress.starts_on).days, total)


def _phrase(target: Target, ev: Evaluation) -> str:
    percent_unit = target.unit == Target.Unit.PERCENT
    return phrases.target(
        target.comparison, target.value, ev, percent_unit=percent_unit,
        unit="" if percent_unit else str(target.get_unit_display()), period=target.period,
        aggregate=aggregate_for(target), plan=target.metric == Target.Metric.ADMITTED_PLAN)


def review(congress: Congress, on: dt.date) -> Review:
    rows = []
    share = elapsed(congress, on)
    for t in targets_of(congress).select_related("congress"):
        m = measure(t, on)
        if t.period == Target.Period.YEAR:
            ev = rules.evaluate_yearly(t.comparison, t.value, m.years, aggregate_for(t))
            if ev.status is Status.NOT_ACHIEVED and share < 1 and aggregate_for(t) is Aggregate.MEAN:
                ev = Evaluation(Status.AT_RISK, ev.measured, ev.progress)
        else:
            ev = rules.evaluate_term(t.comparison, t.value, m.total, share)
        rows.append(Row(t, m, ev, _phrase(t, ev), rules.bar_width(ev.progress),
                        rules.STATUS_LABELS[ev.status]))
    done, total = rules.count_done([r.evaluation.status for r in rows])
    return Review(congress, on, rows, done, total)


def latest_review() -> Review | None:
    congress = default_congress()
    if congress is None:
        return None
    return review(congress, timezone.localdate())


def period_values() -> list[str]:
    return [str(p) for p in Period]


def review_json(r: Review) -> dict[str, Any]:
    return {"congress": r.congress.pk, "on": r.on.isoformat(), "done": r.done, "total": r.total,
            "line": r.line, "targets": [
                {"number": row.target.number, "text": row.target.text, "status": str(row.evaluation.status),
                 "measured": row.measured_text, "phrase": row.phrase, "progress": row.width}
                for row in r.rows]}
