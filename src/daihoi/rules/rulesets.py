"""The rule parameters of elections and congress votes, with their defaults and citations.

RULES.md: every rule is a named parameter with a default, stored with the election (or
congress) it was applied to (`Election.rules`, via `RuleSet.to_dict()`), and printed in the
minutes (`RuleSet.citations()`). When a regulation changes, the office changes a rule set, not
the code; past elections keep the rules they were counted under. Where a rule is *open* (not
settled by a text we could read), the application asks the presiding body and records its
decision: `RuleSet.open_rules()` lists them.

Pure Python, no Django import. Shares are exact `Fraction`s, stored as "3/10".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from fractions import Fraction
from typing import Any

from daihoi.rules.counting import InvalidReason, RulesError, gettext_noop


class Sureness(StrEnum):
    """How sure we are that the default is what the regulation says (RULES.md)."""

    SURE = "sure"
    FAIRLY_SURE = "fairly sure"
    OPEN = "open"


class ThresholdRule(StrEnum):
    # 190-QĐ/TW Điều 30: more than half of the convened base, not of the ballots.
    MORE_THAN_HALF_OF_BASE = "more_than_half_of_base"


class TiePolicy(StrEnum):
    # RULES.md (open): a further round among the tied for the seats left, which the presidium
    # confirms. Never broken by age (that is the state's election law, not the Party's).
    FURTHER_ROUND_CONFIRMED_BY_PRESIDIUM = "further_round_confirmed_by_presidium"


class UnfilledPolicy(StrEnum):
    # 244-QĐ/TW Điều 20 khoản 2 (190 Điều 18): "Bầu lần thứ nhất chưa đủ số lượng … thì bầu
    # tiếp. Nếu bầu nhiều lần vẫn không đủ số lượng, có bầu tiếp hay không do đại hội quyết định."
    FURTHER_ROUND_THEN_CONGRESS_DECIDES = "further_round_then_congress_decides"


class AlternatesOrder(StrEnum):
    # RULES.md (open): alternates replace in the order of their votes, highest first.
    VOTES_DESC = "votes_desc"


class ResolutionMajority(StrEnum):
    # Charter, Quy định 24 item 9.3 (fairly sure): more than half of the members of the body,
    # counted against the same base as elections, not against those present.
    MORE_THAN_HALF_OF_BASE = "more_than_half_of_base"


class BallotOrder(StrEnum):
    # Forms of Hướng dẫn 04 (fairly sure): by given name, Vietnamese alphabetical order.
    GIVEN_NAME_VIETNAMESE = "given_name_vietnamese"


@dataclass(frozen=True)
class RuleInfo:
    """What a parameter means: its Vietnamese label, where it comes from, how sure we are."""

    label: str
    citation: str
    sureness: Sureness


# The five reasons; 244-QĐ/TW Điều 17 gives the first three, local rulebooks the other two.
INVALID_REASON_INFO: dict[InvalidReason, RuleInfo] = {
    InvalidReason.UNSTAMPED: RuleInfo(
        gettext_noop("Phiếu không do Ban kiểm phiếu phát ra (không có dấu)"),
        "244-QĐ/TW Điều 17", Sureness.SURE),
    InvalidReason.TOO_MANY_KEPT: RuleInfo(
        gettext_noop("Phiếu bầu nhiều hơn số lượng cần bầu"), "244-QĐ/TW Điều 17", Sureness.SURE),
    InvalidReason.ALL_STRUCK: RuleInfo(
        gettext_noop("Phiếu gạch tên tất cả (không bầu ai)"), "244-QĐ/TW Điều 17", Sureness.SURE),
    InvalidReason.WRITE_IN: RuleInfo(
        gettext_noop("Phiếu ghi thêm tên người ngoài danh sách"),
        "Quy chế làm việc của Ban kiểm phiếu", Sureness.OPEN),
    InvalidReason.IDENTIFYING_MARK: RuleInfo(
        gettext_noop("Phiếu có dấu hiệu nhận biết (ký tên, viết thêm, nhiều màu mực)"),
        "Quy chế làm việc của Ban kiểm phiếu", Sureness.OPEN),
}

RULE_INFO: dict[str, RuleInfo] = {
    "surplus_max_share": RuleInfo(
        gettext_noop("Số dư tối đa so với số lượng cần bầu"), "190-QĐ/TW Điều 14", Sureness.SURE),
    "proposal_surplus_min_share": RuleInfo(
        gettext_noop("Số dư tối thiểu trong đề án nhân sự của cấp ủy triệu tập"),
        "190-QĐ/TW Điều 14", Sureness.SURE),
    "proposal_surplus_max_share": RuleInfo(
        gettext_noop("Số dư tối đa trong đề án nhân sự của cấp ủy triệu tập"),
        "190-QĐ/TW Điều 14", Sureness.SURE),
    "floor_nomination_min_share": RuleInfo(
        gettext_noop("Tỷ lệ đồng ý (trên số dự đại hội) để đưa người ứng cử, được đề cử tại đại hội "
                     "vào danh sách"),
        "190-QĐ/TW Điều 14; Hướng dẫn 04-HD/TW Phụ lục 2 mẫu 5", Sureness.SURE),
    "ballot_order": RuleInfo(
        gettext_noop("Thứ tự tên trên phiếu bầu"), "Hướng dẫn 04-HD/TW, mẫu phiếu bầu",
        Sureness.FAIRLY_SURE),
    "invalid_reasons": RuleInfo(
        gettext_noop("Các trường hợp phiếu không hợp lệ"), "244-QĐ/TW Điều 17", Sureness.SURE),
    "threshold_rule": RuleInfo(
        gettext_noop("Điều kiện trúng cử"), "190-QĐ/TW Điều 30", Sureness.SURE),
    "tie_policy": RuleInfo(
        gettext_noop("Trường hợp nhiều người bằng phiếu ở vị trí cuối"),
        "chưa có quy định; Đoàn Chủ tịch quyết định", Sureness.OPEN),
    "unfilled_policy": RuleInfo(
        gettext_noop("Trường hợp bầu chưa đủ số lượng"), "190-QĐ/TW Điều 18; 244-QĐ/TW Điều 20 khoản 2",
        Sureness.FAIRLY_SURE),
    "alternates_order": RuleInfo(
        gettext_noop("Thứ tự đại biểu dự khuyết"), "190-QĐ/TW Điều 18", Sureness.OPEN),
    "quorum_share": RuleInfo(
        gettext_noop("Số đại biểu có mặt tối thiểu để đại hội hợp lệ"),
        "chưa có quy định; đại hội xác nhận", Sureness.OPEN),
    "resolution_majority": RuleInfo(
        gettext_noop("Điều kiện thông qua nghị quyết, quyết định"),
        "Điều lệ Đảng; Quy định 24-QĐ/TW mục 9.3", Sureness.FAIRLY_SURE),
}

# How each choice reads in a table of the rules applied (RuleSet.describe()).
VALUE_LABELS: dict[StrEnum, str] = {
    BallotOrder.GIVEN_NAME_VIETNAMESE: gettext_noop("Theo tên, vần A, B, C"),
    ThresholdRule.MORE_THAN_HALF_OF_BASE: gettext_noop(
        "Quá một nửa so với tổng số được triệu tập (trừ số được trừ)"),
    TiePolicy.FURTHER_ROUND_CONFIRMED_BY_PRESIDIUM: gettext_noop(
        "Bầu tiếp trong số những người bằng phiếu, Đoàn Chủ tịch xác nhận"),
    UnfilledPolicy.FURTHER_ROUND_THEN_CONGRESS_DECIDES: gettext_noop(
        "Bầu tiếp; bầu nhiều lần vẫn chưa đủ thì đại hội quyết định"),
    AlternatesOrder.VOTES_DESC: gettext_noop("Theo số phiếu bầu từ cao đến thấp"),
    ResolutionMajority.MORE_THAN_HALF_OF_BASE: gettext_noop(
        "Quá một nửa tổng số được triệu tập tán thành"),
}


@dataclass(frozen=True)
class RuleRow:
    """One line of a table of the rules applied: for the election's page and the office."""

    name: str
    label: str
    value: str
    citation: str
    sureness: Sureness


_FRACTION_FIELDS = ("surplus_max_share", "proposal_surplus_min_share", "proposal_surplus_max_share",
                    "floor_nomination_min_share", "quorum_share")
_ENUM_FIELDS: dict[str, type[StrEnum]] = {
    "ballot_order": BallotOrder,
    "threshold_rule": ThresholdRule,
    "tie_policy": TiePolicy,
    "unfilled_policy": UnfilledPolicy,
    "alternates_order": AlternatesOrder,
    "resolution_majority": ResolutionMajority,
}

ERR_RULESET_UNKNOWN_KEY = gettext_noop("Quy tắc '{key}' không được biết.")
ERR_RULESET_VALUE = gettext_noop("Quy tắc '{key}': giá trị '{value}' không hợp lệ.")
ERR_RULESET_SHARE = gettext_noop("Quy tắc '{key}': tỷ lệ phải nằm giữa 0 và 1 (đang là {value}).")
ERR_RULESET_PROPOSAL_RANGE = gettext_noop(
    "Số dư của đề án ({low}–{high}) phải nằm trong số dư tối đa ({maximum})."
)
ERR_RULESET_NO_REASONS = gettext_noop("Phải có ít nhất một trường hợp phiếu không hợp lệ.")

MSG_SURPLUS_OK = gettext_noop(
    "{candidates} người cho {seats} chỗ: số dư {surplus} ({percent}%), trong khoảng {low}%–{high}%."
)
MSG_SURPLUS_NOT_MORE = gettext_noop(
    "{candidates} người cho {seats} chỗ: danh sách bầu cử phải nhiều hơn số lượng cần bầu; "
    "đại hội quyết định (190-QĐ/TW Điều 14)."
)
MSG_SURPLUS_OVER = gettext_noop(
    "{candidates} người cho {seats} chỗ: số dư {surplus} ({percent}%) vượt quá {high}% "
    "(tối đa {max_candidates} người); xin ý kiến đại hội (190-QĐ/TW Điều 14)."
)
MSG_SURPLUS_SHORT = gettext_noop(
    "{candidates} người cho {seats} chỗ: số dư {surplus} ({percent}%) chưa đủ {low}% "
    "(ít nhất {min_candidates} người); đại hội quyết định (190-QĐ/TW Điều 14)."
)


def _pct(share: Fraction) -> str:
    """A share as a percent for messages: 3/10 -> "30", 2/15 -> "13,33" (Vietnamese comma)."""
    hundredths = (share.numerator * 10000 * 2 + share.denominator) // (2 * share.denominator)
    whole, frac = divmod(hundredths, 100)
    return str(whole) if frac == 0 else f"{whole},{frac:02d}".rstrip("0")


def _share_text(share: Fraction) -> str:
    # Thirds read better as fractions ("2/3"); the rest as percents ("30%").
    return f"{share.numerator}/{share.denominator}" if share.denominator % 3 == 0 else f"{_pct(share)}%"


@dataclass(frozen=True)
class SurplusCheck:
    ok: bool  # within the range the rules allow without a decision of the congress
    share: Fraction  # (candidates - seats) / seats
    message: str
    min_candidates: int  # the fewest names that reach the proposal's lower bound
    max_candidates: int  # the most names within the maximum surplus


@dataclass(frozen=True)
class RuleSet:
    """The rules an election (and the congress's votes) is counted under, with defaults."""

    # 190-QĐ/TW Điều 14: the list exceeds the seats by at most 30% of the seats.
    surplus_max_share: Fraction = Fraction(3, 10)
    # 190-QĐ/TW Điều 14: the convening committee's own proposal carries a surplus of 10–15%.
    proposal_surplus_min_share: Fraction = Fraction(1, 10)
    proposal_surplus_max_share: Fraction = Fraction(15, 100)
    # 190-QĐ/TW Điều 14: a floor nominee or self-nominee needs the agreement of MORE than 30%
    # of the delegates (members) attending ("từ hơn 30% tổng số đại biểu dự đại hội").
    floor_nomination_min_share: Fraction = Fraction(3, 10)
    ballot_order: BallotOrder = BallotOrder.GIVEN_NAME_VIETNAMESE
    # 244-QĐ/TW Điều 17 for the first three; write_in and identifying_mark are open.
    invalid_reasons: tuple[InvalidReason, ...] = tuple(InvalidReason)
    threshold_rule: ThresholdRule = ThresholdRule.MORE_THAN_HALF_OF_BASE
    tie_policy: TiePolicy = TiePolicy.FURTHER_ROUND_CONFIRMED_BY_PRESIDIUM
    unfilled_policy: UnfilledPolicy = UnfilledPolicy.FURTHER_ROUND_THEN_CONGRESS_DECIDES
    alternates_order: AlternatesOrder = AlternatesOrder.VOTES_DESC
    # Open (no text found): at least two thirds of the base; the congress confirms it.
    quorum_share: Fraction = Fraction(2, 3)
    resolution_majority: ResolutionMajority = ResolutionMajority.MORE_THAN_HALF_OF_BASE

    def __post_init__(self) -> None:
        for name in _FRACTION_FIELDS:
            value = getattr(self, name)
            share = _parse_share(name, value)
            object.__setattr__(self, name, share)
        for name, enum in _ENUM_FIELDS.items():
            value = getattr(self, name)
            try:
                object.__setattr__(self, name, enum(value))
            except ValueError:
                raise RulesError(ERR_RULESET_VALUE, key=name, value=value) from None
        reasons: list[InvalidReason] = []
        for value in self.invalid_reasons:
            try:
                reason = InvalidReason(value)
            except ValueError:
                raise RulesError(ERR_RULESET_VALUE, key="invalid_reasons", value=value) from None
            if reason not in reasons:
                reasons.append(reason)
        if not reasons:
            raise RulesError(ERR_RULESET_NO_REASONS)
        # Kept in the fixed precedence order, so two rule sets with the same reasons are equal.
        object.__setattr__(self, "invalid_reasons", tuple(r for r in InvalidReason if r in reasons))
        if not (self.proposal_surplus_min_share <= self.proposal_surplus_max_share
                <= self.surplus_max_share):
            raise RulesError(ERR_RULESET_PROPOSAL_RANGE, low=self.proposal_surplus_min_share,
                             high=self.proposal_surplus_max_share, maximum=self.surplus_max_share)

    # --- storage ---------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: shares as "3/10", enums as their values, reasons as a list."""
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Fraction):
                data[f.name] = f"{value.numerator}/{value.denominator}"
            elif isinstance(value, tuple):
                data[f.name] = [str(v) for v in value]
            else:
                data[f.name] = str(value)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleSet:
        """The rule set stored with an election; keys left out take the default (an empty dict,
        the model's default, is the default rule set). Unknown keys are an error: a misspelt
        rule must not silently fall back to its default."""
        names = {f.name for f in fields(cls)}
        for key in data:
            if key not in names:
                raise RulesError(ERR_RULESET_UNKNOWN_KEY, key=key)
        kwargs: dict[str, Any] = dict(data)
        if "invalid_reasons" in kwargs:
            value = kwargs["invalid_reasons"]
            if not isinstance(value, list | tuple):
                raise RulesError(ERR_RULESET_VALUE, key="invalid_reasons", value=value)
            kwargs["invalid_reasons"] = tuple(value)
        return cls(**kwargs)

    def with_changes(self, **changes: Any) -> RuleSet:
        return replace(self, **changes)

    # --- what is open, and what to print --------------------------------------------------
    def describe(self) -> list[RuleRow]:
        """Every parameter with its label, its value as it reads, its source and how sure."""
        rows = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Fraction):
                text = _share_text(value)
            elif isinstance(value, tuple):
                text = "; ".join(INVALID_REASON_INFO[r].label for r in value)
            else:
                text = VALUE_LABELS[value]
            info = RULE_INFO[f.name]
            rows.append(RuleRow(f.name, info.label, text, info.citation, info.sureness))
        return rows

    @staticmethod
    def info(name: str) -> RuleInfo:
        return RULE_INFO[name]

    def open_rules(self) -> list[str]:
        """The parameters whose rule is not settled: the application asks the presiding body
        to confirm them and records its decision (RULES.md)."""
        names = [name for name, info in RULE_INFO.items() if info.sureness is Sureness.OPEN]
        names += [f"invalid_reasons.{r}" for r in self.invalid_reasons
                  if INVALID_REASON_INFO[r].sureness is Sureness.OPEN]
        return names

    def citations(self) -> list[str]:
        """Vietnamese lines for the minutes: the texts applied, then each rule with its value and
        its source ("(chưa có quy định)" marks what the presiding body decided)."""
        lines = [
            "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
            "Căn cứ Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số 190-QĐ/TW "
            "ngày 10/10/2024;",
            "Căn cứ Hướng dẫn số 04-HD/TW ngày 31/12/2024 về thực hiện Quy chế bầu cử trong Đảng;",
        ]
        rules = [
            ("surplus_max_share",
             f"Số dư không quá {_share_text(self.surplus_max_share)} số lượng cần bầu; đề án nhân sự "
             f"của cấp ủy triệu tập có số dư từ {_pct(self.proposal_surplus_min_share)}% đến "
             f"{_pct(self.proposal_surplus_max_share)}%"),
            ("floor_nomination_min_share",
             f"Người ứng cử, được đề cử tại đại hội phải được hơn "
             f"{_share_text(self.floor_nomination_min_share)} tổng số đại biểu dự đại hội đồng ý giới "
             f"thiệu mới được đưa vào danh sách"),
            ("ballot_order", "Tên trên phiếu bầu xếp theo vần A, B, C của tên"),
            ("invalid_reasons",
             "Phiếu không hợp lệ: " + "; ".join(INVALID_REASON_INFO[r].label.removeprefix("Phiếu ")
                                                for r in self.invalid_reasons)),
            ("threshold_rule",
             "Người trúng cử phải được quá một nửa số phiếu bầu so với tổng số đại biểu (đảng viên) "
             "được triệu tập, trừ số được trừ theo quy định; tỷ lệ phần trăm tính trên cùng cơ sở đó; "
             "trúng cử theo thứ tự số phiếu từ cao đến thấp cho đủ số lượng cần bầu"),
            ("tie_policy",
             "Nếu ở vị trí cuối có nhiều người bằng phiếu, nhiều hơn số lượng còn lại, bầu tiếp trong số "
             "những người bằng phiếu, do Đoàn Chủ tịch xác nhận (không xét theo tuổi)"),
            ("unfilled_policy",
             "Bầu lần thứ nhất chưa đủ số lượng thì bầu tiếp; bầu nhiều lần vẫn không đủ số lượng, "
             "có bầu tiếp hay không do đại hội quyết định"),
            ("alternates_order", "Đại biểu dự khuyết xếp theo số phiếu bầu từ cao đến thấp"),
            ("quorum_share",
             f"Đại hội hợp lệ khi có ít nhất {_share_text(self.quorum_share)} tổng số đại biểu "
             f"(đảng viên) được triệu tập có mặt"),
            ("resolution_majority",
             "Nghị quyết, quyết định được thông qua khi quá một nửa tổng số đại biểu (đảng viên) "
             "được triệu tập tán thành"),
        ]
        for name, text in rules:
            info = RULE_INFO[name]
            source = info.citation
            if info.sureness is Sureness.OPEN and not source.startswith("chưa"):
                source += ", chưa có quy định rõ"
            lines.append(f"– {text} ({source}).")
        return lines

    # --- pure helpers the application needs ----------------------------------------------
    def surplus_check(self, seats: int, candidates: int) -> SurplusCheck:
        """190-QĐ/TW Điều 14: the list must exceed the seats; the surplus is at most 30% of
        the seats; the convening committee proposes 10–15%. Short of the lower bound, or over
        the maximum, the list goes to the congress for its decision, recorded (ok=False).

        Seats 9, 11 names: surplus 2/9 = 22.22%: ok. Seats 9 allows at most 9 + ⌊9×3/10⌋ = 11
        names and needs at least 9 + ⌈9×1/10⌉ = 10."""
        if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
            raise RulesError(ERR_RULESET_VALUE, key="seats", value=seats)
        if isinstance(candidates, bool) or not isinstance(candidates, int) or candidates < 0:
            raise RulesError(ERR_RULESET_VALUE, key="candidates", value=candidates)
        surplus = candidates - seats
        share = Fraction(surplus, seats)
        low, high = self.proposal_surplus_min_share, self.surplus_max_share
        min_candidates = seats + max(1, math.ceil(seats * low))
        max_candidates = seats + math.floor(seats * high)
        params = {"candidates": candidates, "seats": seats, "surplus": surplus,
                  "percent": _pct(share) if surplus >= 0 else "-" + _pct(-share),
                  "low": _pct(low), "high": _pct(high),
                  "min_candidates": min_candidates, "max_candidates": max_candidates}
        if surplus <= 0:
            return SurplusCheck(False, share, MSG_SURPLUS_NOT_MORE.format(**params),
                                min_candidates, max_candidates)
        if share > high:
            return SurplusCheck(False, share, MSG_SURPLUS_OVER.format(**params),
                                min_candidates, max_candidates)
        if share < low:
            return SurplusCheck(False, share, MSG_SURPLUS_SHORT.format(**params),
                                min_candidates, max_candidates)
        return SurplusCheck(True, share, MSG_SURPLUS_OK.format(**params), min_candidates, max_candidates)

    def floor_nomination_passes(self, agree: int, attending: int) -> bool:
        """190-QĐ/TW Điều 14: strictly more than 30% of those ATTENDING agree.
        Attending 200: 60 is exactly 30% and fails; 61 passes (61 × 10 = 610 > 200 × 3 = 600)."""
        _nonnegative(agree=agree, attending=attending)
        share = self.floor_nomination_min_share
        return agree * share.denominator > attending * share.numerator

    def quorum_met(self, present: int, base: int) -> bool:
        """Open rule, default at least two thirds of the base present: base 244 needs
        163 (163 × 3 = 489 ≥ 244 × 2 = 488; 162 × 3 = 486 falls short)."""
        _nonnegative(present=present, base=base)
        return present * self.quorum_share.denominator >= base * self.quorum_share.numerator

    def resolution_adopted(self, agree: int, base: int) -> bool:
        """More than half of the base in favour (Charter; Quy định 24 item 9.3), not of those
        present: base 244 needs 123."""
        _nonnegative(agree=agree, base=base)
        return agree * 2 > base


def _nonnegative(**values: int) -> None:
    for key, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RulesError(ERR_RULESET_VALUE, key=key, value=value)


def _parse_share(name: str, value: object) -> Fraction:
    try:
        if not isinstance(value, bool) and isinstance(value, str | int | Fraction):
            share = Fraction(value)
        else:
            raise ValueError
    except (ValueError, ZeroDivisionError):
        raise RulesError(ERR_RULESET_VALUE, key=name, value=value) from None
    if not 0 <= share <= 1:
        raise RulesError(ERR_RULESET_SHARE, key=name, value=value)
    return share


DEFAULT = RuleSet()

# Module-level helpers with the default rules, for callers that hold no rule set.
def surplus_check(seats: int, candidates: int, rules: RuleSet = DEFAULT) -> SurplusCheck:
    return rules.surplus_check(seats, candidates)


def floor_nomination_passes(agree: int, attending: int, rules: RuleSet = DEFAULT) -> bool:
    return rules.floor_nomination_passes(agree, attending)


def quorum_met(present: int, base: int, rules: RuleSet = DEFAULT) -> bool:
    return rules.quorum_met(present, base)


def resolution_adopted(agree: int, base: int, rules: RuleSet = DEFAULT) -> bool:
    return rules.resolution_adopted(agree, base)
