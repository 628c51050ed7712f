"""The annual classification of members and organizations (đánh giá, xếp loại chất lượng).
Pure Python, no Django.

Sources (RULES.md, "Annual classification"): Quy định 366-QĐ/TW (30/8/2025) on evaluation and
classification, guided by Hướng dẫn 43-HD/BTCTW (31/10/2025); where 366's wording was not read,
the texts it replaced (Quy định 124-QĐ/TW, 2023) and Hướng dẫn 21-HD/BTCTW (2019) are named.

- Four levels (366 Điều 11). The score is out of 100: 30 for the general criteria, 70 for the
  results of tasks (366's appendices). Excellent from 90, and only with every task done, at
  least 30% of them beyond what was asked and past shortcomings mended (for a collective: no
  disciplined unit or leader); good 70 to under 90; satisfactory 50 to under 70 (fairly sure);
  under 50 not completed (*open*). Every threshold is a parameter of `AppraisalRules`.
- Not rated that year (Quy định 124 Điều 5; 366's wording not read): admitted less than
  6 months before the appraisal, exempted from work and party activity, suspended.
- Caps: disciplined during the year → "không hoàn thành nhiệm vụ", unless the member found
  and mended the fault themselves (Quy định 124 Điều 12); sick leave of 3 months or more in the
  year → no higher than "hoàn thành nhiệm vụ"; maternity leave: rated on the time worked, no
  cap (Hướng dẫn 21, 2019).
- The quota on "excellent" (*open*): not more than 20% of those rated "good" (Hướng dẫn 21,
  2019, per grassroots organization; Quy định 124 Điều 12, per group of similar roles). Whether
  366 keeps it, at 20% or 25%, and in which unit it is counted, was not read: the share and the
  unit are parameters, on at 20% per grassroots organization by default, and the campaign
  stores the ones it was closed under.

Percentages of a classification report are exact fractions rounded half up to one decimal
(the office's tables: "đạt 92,4%"), with the decimal comma in Vietnamese (`share_percent`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from daihoi.rules.errors import RulesError, gettext_noop
from daihoi.rules.membership import add_months
from daihoi.rules.percent import format_percent, percent

CITATION = "Quy định 366-QĐ/TW ngày 30/8/2025; Hướng dẫn 43-HD/BTCTW ngày 31/10/2025"
CITATION_LEVELS = "Quy định 366-QĐ/TW Điều 11 và các phụ lục"
CITATION_NOT_RATED = "Quy định 124-QĐ/TW Điều 5 (Quy định 366-QĐ/TW chưa đối chiếu)"
CITATION_DISCIPLINE = "Quy định 124-QĐ/TW Điều 12"
CITATION_SICK = "Hướng dẫn 21-HD/BTCTW (2019)"
CITATION_QUOTA = ("Hướng dẫn 21-HD/BTCTW (2019): theo tổ chức cơ sở đảng; Quy định 124-QĐ/TW "
                  "Điều 12: theo nhóm chức danh tương đồng; chưa rõ trong Quy định 366-QĐ/TW")

PERCENT_PLACES = 1  # the office's tables: one decimal


class Level(StrEnum):
    """The four levels, best first (366 Điều 11)."""

    EXCELLENT = "excellent"
    GOOD = "good"
    SATISFACTORY = "satisfactory"
    NOT_COMPLETED = "not_completed"

    @property
    def rank(self) -> int:
        """0 for the best: a lower rank is a higher level."""
        return LEVELS.index(self)

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]


LEVELS: tuple[Level, ...] = (Level.EXCELLENT, Level.GOOD, Level.SATISFACTORY, Level.NOT_COMPLETED)

LEVEL_LABELS: dict[Level, str] = {
    Level.EXCELLENT: gettext_noop("Hoàn thành xuất sắc nhiệm vụ"),
    Level.GOOD: gettext_noop("Hoàn thành tốt nhiệm vụ"),
    Level.SATISFACTORY: gettext_noop("Hoàn thành nhiệm vụ"),
    Level.NOT_COMPLETED: gettext_noop("Không hoàn thành nhiệm vụ"),
}


class NotRated(StrEnum):
    """Why a member is not rated that year (Quy định 124 Điều 5)."""

    NEW_MEMBER = "new_member"
    EXEMPT = "exempt"
    SUSPENDED = "suspended"


NOT_RATED_LABELS: dict[NotRated, str] = {
    NotRated.NEW_MEMBER: gettext_noop("Mới kết nạp chưa đủ {months} tháng (vào Đảng ngày {date})"),
    NotRated.EXEMPT: gettext_noop("Được miễn công tác và sinh hoạt đảng"),
    NotRated.SUSPENDED: gettext_noop("Đang bị đình chỉ sinh hoạt đảng"),
}


class Cap(StrEnum):
    """A fact of the year that limits the level, whatever the score."""

    DISCIPLINED = "disciplined"
    SICK_LEAVE = "sick_leave"


CAP_LABELS: dict[Cap, str] = {
    Cap.DISCIPLINED: gettext_noop("Bị kỷ luật trong năm: không hoàn thành nhiệm vụ"),
    Cap.SICK_LEAVE: gettext_noop("Nghỉ ốm từ {months} tháng trở lên trong năm: không cao hơn "
                                 "hoàn thành nhiệm vụ"),
}


class QuotaUnit(StrEnum):
    """Where the quota on "excellent" is counted (*open*)."""

    GRASSROOTS = "grassroots"  # per grassroots organization (Hướng dẫn 21, 2019)
    ROLE_GROUP = "role_group"  # per group of similar roles (Quy định 124 Điều 12)
    COMMITTEE = "committee"  # the whole committee as one unit


QUOTA_UNIT_LABELS: dict[QuotaUnit, str] = {
    QuotaUnit.GRASSROOTS: gettext_noop("Từng tổ chức cơ sở đảng"),
    QuotaUnit.ROLE_GROUP: gettext_noop("Từng nhóm chức danh tương đồng"),
    QuotaUnit.COMMITTEE: gettext_noop("Toàn Đảng bộ"),
}

ERR_SCORE = gettext_noop("Điểm phải từ 0 đến {maximum} (đang là {value}).")
ERR_SCORE_TYPE = gettext_noop("Điểm phải là một số (đang là {value}).")
ERR_PART = gettext_noop("Điểm {part} phải từ 0 đến {maximum} (đang là {value}).")
ERR_RULES_ORDER = gettext_noop(
    "Ngưỡng điểm phải tăng dần: hoàn thành {satisfactory} < tốt {good} < xuất sắc {excellent} "
    "≤ {maximum}."
)
ERR_RULES_SHARE = gettext_noop("Tỷ lệ {key} phải từ 0 đến 1 (đang là {value}).")
ERR_RULES_VALUE = gettext_noop("Quy tắc '{key}': giá trị '{value}' không hợp lệ.")
ERR_RULES_UNKNOWN = gettext_noop("Quy tắc '{key}' không được biết.")
ERR_MONTHS = gettext_noop("Số tháng nghỉ ốm phải từ 0 đến 12 (đang là {value}).")

Score = int | Fraction | Decimal


def _exact(value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
        raise RulesError(ERR_SCORE_TYPE, value=value)
    try:
        return Fraction(value)
    except (ValueError, OverflowError):
        raise RulesError(ERR_SCORE_TYPE, value=value) from None


def _share(key: str, value: object) -> Fraction:
    if isinstance(value, str):
        try:
            value = Fraction(value.replace(",", "."))
        except (ValueError, ZeroDivisionError):
            raise RulesError(ERR_RULES_VALUE, key=key, value=value) from None
    share = _exact(value)
    if not 0 <= share <= 1:
        raise RulesError(ERR_RULES_SHARE, key=key, value=value)
    return share


@dataclass(frozen=True)
class AppraisalRules:
    """The parameters a campaign is classified under, stored with it (`to_dict`)."""

    # 366 Điều 11 and appendices: 100 points, 30 general criteria + 70 results of tasks.
    max_score: int = 100
    general_max: int = 30
    tasks_max: int = 70
    excellent_min: int = 90
    good_min: int = 70
    satisfactory_min: int = 50  # fairly sure; under it "không hoàn thành" (open)
    # 366 Điều 11: excellent needs at least 30% of the tasks beyond what was asked.
    excellent_beyond_share: Fraction = Fraction(3, 10)
    # Quy định 124 Điều 5: not rated when admitted less than 6 months before.
    new_member_months: int = 6
    # Hướng dẫn 21 (2019): sick leave of 3 months or more caps at "hoàn thành nhiệm vụ".
    sick_leave_months: int = 3
    # Open: the quota on excellent, its share of those rated good and its counting unit.
    excellent_quota_on: bool = True
    excellent_quota_share: Fraction = Fraction(1, 5)
    excellent_quota_unit: QuotaUnit = QuotaUnit.GRASSROOTS

    def __post_init__(self) -> None:
        for name in ("excellent_beyond_share", "excellent_quota_share"):
            object.__setattr__(self, name, _share(name, getattr(self, name)))
        try:
            object.__setattr__(self, "excellent_quota_unit", QuotaUnit(self.excellent_quota_unit))
        except ValueError:
            raise RulesError(ERR_RULES_VALUE, key="excellent_quota_unit",
                             value=self.excellent_quota_unit) from None
        for name in ("max_score", "general_max", "tasks_max", "excellent_min", "good_min",
                     "satisfactory_min", "new_member_months", "sick_leave_months"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise RulesError(ERR_RULES_VALUE, key=name, value=value)
        if not isinstance(self.excellent_quota_on, bool):
            raise RulesError(ERR_RULES_VALUE, key="excellent_quota_on", value=self.excellent_quota_on)
        if not (0 < self.satisfactory_min < self.good_min < self.excellent_min <= self.max_score):
            raise RulesError(ERR_RULES_ORDER, satisfactory=self.satisfactory_min, good=self.good_min,
                             excellent=self.excellent_min, maximum=self.max_score)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Fraction):
                out[f.name] = f"{value.numerator}/{value.denominator}"
            elif isinstance(value, StrEnum):
                out[f.name] = str(value)
            else:
                out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AppraisalRules:
        """The rules stored with a campaign; keys left out take the default, an unknown key
        is an error (a misspelt rule must not fall back silently)."""
        names = {f.name for f in fields(cls)}
        for key in data:
            if key not in names:
                raise RulesError(ERR_RULES_UNKNOWN, key=key)
        return cls(**dict(data))

    def with_changes(self, **changes: Any) -> AppraisalRules:
        return replace(self, **changes)

    def open_rules(self) -> list[str]:
        """What the committee confirms when it opens a campaign (RULES.md: open rules)."""
        return ["satisfactory_min", "excellent_quota_on", "excellent_quota_share",
                "excellent_quota_unit"]

    def citations(self) -> list[str]:
        """Lines for the report: the texts applied and each rule as it was set."""
        quota = (f"Số xếp loại hoàn thành xuất sắc nhiệm vụ không quá "
                 f"{share_text(self.excellent_quota_share)} số được xếp loại hoàn thành tốt nhiệm vụ, "
                 f"tính theo {QUOTA_UNIT_LABELS[self.excellent_quota_unit].lower()} ({CITATION_QUOTA})"
                 if self.excellent_quota_on else "Không áp dụng tỷ lệ khống chế xếp loại xuất sắc")
        return [
            f"Căn cứ {CITATION};",
            f"Thang điểm {self.max_score} (tiêu chí chung {self.general_max}, kết quả thực hiện "
            f"nhiệm vụ {self.tasks_max}): xuất sắc từ {self.excellent_min}, tốt từ {self.good_min} "
            f"đến dưới {self.excellent_min}, hoàn thành từ {self.satisfactory_min} đến dưới "
            f"{self.good_min}, dưới {self.satisfactory_min} không hoàn thành ({CITATION_LEVELS});",
            f"Không xếp loại: mới kết nạp chưa đủ {self.new_member_months} tháng, được miễn công tác "
            f"và sinh hoạt đảng, đang bị đình chỉ sinh hoạt ({CITATION_NOT_RATED});",
            f"Bị kỷ luật trong năm: không hoàn thành nhiệm vụ, trừ khi tự phát hiện và khắc phục "
            f"({CITATION_DISCIPLINE}); nghỉ ốm từ {self.sick_leave_months} tháng trở lên: không cao "
            f"hơn hoàn thành nhiệm vụ ({CITATION_SICK});",
            quota + ".",
        ]


DEFAULT_RULES = AppraisalRules()


def share_text(share: Fraction) -> str:
    """20% as it reads ("20%", "12,5%")."""
    return format_percent(share * 100, sign=True, places=PERCENT_PLACES).replace(",0%", "%")


# --- the score (366 Điều 11 and appendices) -------------------------------------------------


def check_score(value: object, rules: AppraisalRules = DEFAULT_RULES) -> Fraction:
    score = _exact(value)
    if not 0 <= score <= rules.max_score:
        raise RulesError(ERR_SCORE, maximum=rules.max_score, value=value)
    return score


def total_score(general: Score, tasks: Score, rules: AppraisalRules = DEFAULT_RULES) -> Fraction:
    """The score sheet's two parts added: general criteria (up to 30) and results (up to 70)."""
    g, t = _exact(general), _exact(tasks)
    if not 0 <= g <= rules.general_max:
        raise RulesError(ERR_PART, part="tiêu chí chung", maximum=rules.general_max, value=general)
    if not 0 <= t <= rules.tasks_max:
        raise RulesError(ERR_PART, part="kết quả thực hiện nhiệm vụ", maximum=rules.tasks_max,
                         value=tasks)
    return g + t


def level_by_score(score: Score, rules: AppraisalRules = DEFAULT_RULES, *,
                   excellent_conditions: bool = True) -> Level:
    """The level a score gives (366 Điều 11). From `excellent_min` the level is excellent only
    when its conditions hold (every task done, 30% beyond, shortcomings mended; for a
    collective no disciplined unit or leader); otherwise good."""
    s = check_score(score, rules)
    if s >= rules.excellent_min:
        return Level.EXCELLENT if excellent_conditions else Level.GOOD
    if s >= rules.good_min:
        return Level.GOOD
    if s >= rules.satisfactory_min:
        return Level.SATISFACTORY
    return Level.NOT_COMPLETED


def excellent_conditions_met(*, tasks_total: int, tasks_done: int, tasks_beyond: int,
                             shortcomings_mended: bool = True, collective_disciplined: bool = False,
                             rules: AppraisalRules = DEFAULT_RULES) -> bool:
    """366 Điều 11: every task done, at least `excellent_beyond_share` of them beyond what was
    asked (exact: 3 of 10 is enough, 2 of 7 is not), past shortcomings mended; a collective
    with a disciplined unit or leader is not excellent."""
    if tasks_total < 0 or not 0 <= tasks_done <= tasks_total or not 0 <= tasks_beyond <= tasks_total:
        raise RulesError(ERR_RULES_VALUE, key="tasks", value=(tasks_total, tasks_done, tasks_beyond))
    if tasks_done < tasks_total or not shortcomings_mended or collective_disciplined:
        return False
    return tasks_total == 0 or Fraction(tasks_beyond, tasks_total) >= rules.excellent_beyond_share


# --- who is not rated (Quy định 124 Điều 5) --------------------------------------------------


@dataclass(frozen=True)
class NotRatedReason:
    reason: NotRated
    since: dt.date | None = None  # the admission date, for a new member

    def message(self, rules: AppraisalRules = DEFAULT_RULES) -> str:
        text = NOT_RATED_LABELS[self.reason]
        return text.format(months=rules.new_member_months,
                           date=self.since.strftime("%d/%m/%Y") if self.since else "")


def not_rated(*, admission_date: dt.date, appraisal_date: dt.date, exempt: bool = False,
              suspended: bool = False, rules: AppraisalRules = DEFAULT_RULES) -> NotRatedReason | None:
    """Why the member is not rated on `appraisal_date`, or None. Suspended first, then
    exempted, then new (a member may be several: the first reason is shown). A member
    admitted exactly 6 months before is rated (the 6 months are complete)."""
    if suspended:
        return NotRatedReason(NotRated.SUSPENDED)
    if exempt:
        return NotRatedReason(NotRated.EXEMPT)
    if add_months(admission_date, rules.new_member_months) > appraisal_date:
        return NotRatedReason(NotRated.NEW_MEMBER, admission_date)
    return None


# --- caps ------------------------------------------------------------------------------------

CAP_LEVEL: dict[Cap, Level] = {Cap.DISCIPLINED: Level.NOT_COMPLETED, Cap.SICK_LEAVE: Level.SATISFACTORY}


@dataclass(frozen=True)
class CapFacts:
    """What the year's records say about a member: a discipline in the year (fed by the
    discipline records when they exist, else entered), whether the member found and mended
    the fault themselves, and the months of sick leave."""

    disciplined: bool = False
    self_corrected: bool = False
    sick_leave_months: int | Fraction | Decimal = 0


@dataclass(frozen=True)
class Capped:
    level: Level
    proposed: Level
    caps: tuple[Cap, ...] = field(default=())

    @property
    def lowered(self) -> bool:
        return self.level != self.proposed


def caps_for(facts: CapFacts, rules: AppraisalRules = DEFAULT_RULES) -> tuple[Cap, ...]:
    months = _exact(facts.sick_leave_months)
    if not 0 <= months <= 12:
        raise RulesError(ERR_MONTHS, value=facts.sick_leave_months)
    caps: list[Cap] = []
    if facts.disciplined and not facts.self_corrected:
        caps.append(Cap.DISCIPLINED)
    if months >= rules.sick_leave_months:
        caps.append(Cap.SICK_LEAVE)
    return tuple(caps)


def apply_caps(level: Level, facts: CapFacts, rules: AppraisalRules = DEFAULT_RULES) -> Capped:
    """The level after the caps: the lowest of the proposed level and each cap's ceiling.
    Only the caps that lowered it are listed."""
    result = level
    for cap in caps_for(facts, rules):
        ceiling = CAP_LEVEL[cap]
        if ceiling.rank > result.rank:
            result = ceiling
    applied = tuple(c for c in caps_for(facts, rules) if CAP_LEVEL[c].rank > level.rank)
    return Capped(level=result, proposed=level, caps=applied)


def cap_message(cap: Cap, rules: AppraisalRules = DEFAULT_RULES) -> str:
    return CAP_LABELS[cap].format(months=rules.sick_leave_months)


# --- counts and percentages ------------------------------------------------------------------


@dataclass(frozen=True)
class LevelCounts:
    """How many were rated at each level, and how many were not rated."""

    excellent: int = 0
    good: int = 0
    satisfactory: int = 0
    not_completed: int = 0
    not_rated: int = 0

    @classmethod
    def of(cls, levels: Iterable[Level | None]) -> LevelCounts:
        counts = dict.fromkeys([*(str(lv) for lv in LEVELS), "not_rated"], 0)
        for lv in levels:
            counts["not_rated" if lv is None else str(Level(lv))] += 1
        return cls(**counts)

    def count(self, level: Level) -> int:
        return int(getattr(self, str(level)))

    @property
    def rated(self) -> int:
        return self.excellent + self.good + self.satisfactory + self.not_completed

    @property
    def good_or_better(self) -> int:
        return self.excellent + self.good

    def __add__(self, other: LevelCounts) -> LevelCounts:
        return LevelCounts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def share(self, level: Level | str) -> Fraction | None:
        """The exact share of the rated (None when nobody was rated): the base of every
        classification percentage is those rated, not those not rated."""
        if not self.rated:
            return None
        part = self.good_or_better if level == "good_or_better" else self.count(Level(level))
        return Fraction(part, self.rated)

    def percent(self, level: Level | str) -> Decimal | None:
        share = self.share(level)
        return None if share is None else share_percent(share)


def share_percent(share: Fraction) -> Decimal:
    """A share as the office's tables print it: exact, rounded half up to one decimal."""
    return percent(share.numerator, share.denominator, places=PERCENT_PLACES)


def percent_text(value: Decimal | None, lang: str = "vi") -> str:
    """"92,4%" (Vietnamese) or "92.4%" (English); a dash when there is no base."""
    if value is None:
        return "–"
    return format_percent(value, lang, places=PERCENT_PLACES)


# --- the quota on excellent (open) ------------------------------------------------------------


@dataclass(frozen=True)
class QuotaBreach:
    """A unit where more were rated excellent than the quota allows."""

    unit: Any
    excellent: int
    good: int
    allowed: int

    @property
    def over(self) -> int:
        return self.excellent - self.allowed


def quota_allowed(good: int, rules: AppraisalRules = DEFAULT_RULES) -> int:
    """How many may be rated excellent when `good` are rated good: the whole part of
    share × good (20% of 12 is 2.4, so 2)."""
    share = rules.excellent_quota_share
    return (good * share.numerator) // share.denominator


def quota_breaches(units: Mapping[Any, LevelCounts],
                   rules: AppraisalRules = DEFAULT_RULES) -> list[QuotaBreach]:
    """Every unit breaking the quota, in the mapping's order; [] when the quota is off."""
    if not rules.excellent_quota_on:
        return []
    out = []
    for unit, counts in units.items():
        allowed = quota_allowed(counts.good, rules)
        if counts.excellent > allowed:
            out.append(QuotaBreach(unit, counts.excellent, counts.good, allowed))
    return out


# --- phrasing as the articles phrase it ------------------------------------------------------


def phrase_share(subject: str, level_phrase: str, value: Decimal | None) -> str:
    """"tỷ lệ đảng viên xếp loại hoàn thành tốt nhiệm vụ trở lên đạt 92,4%"."""
    return f"tỷ lệ {subject} {level_phrase} đạt {percent_text(value)}"
