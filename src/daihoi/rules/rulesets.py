"""The rule parameters of elections and congress votes, with their defaults and citations.

RULES.md: every rule is a named parameter with a default, stored with the election (or
congress) it was applied to (`Election.rules`, via `RuleSet.to_dict()`), and printed in the
minutes (`RuleSet.citations()`). When a regulation changes, the office changes a rule set, not
the code; past elections keep the rules they were counted under. Where a rule is *open* (not
settled by a text we could read), the application asks the presiding body and records its
decision: `RuleSet.open_rules()` lists them.

Every field of `RuleSet` changes the calculation it names (tests/rules/test_rulesets.py shows
each). The rules that have one known form (the threshold, ties, seats left unfilled, the order
of alternates, adopting a resolution) are not parameters: they are written once where they are
computed (`counting`, `majority`) and printed in the minutes with their source (`FIXED_RULES`).

Pure Python, no Django import. Shares are exact `Fraction`s, stored as "3/10".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from fractions import Fraction
from typing import Any

from daihoi.rules import nomination, surplus
from daihoi.rules.counting import BlankApproveBallot, InvalidReason
from daihoi.rules.errors import RulesError, check_base, gettext_noop
from daihoi.rules.majority import CITATION_RESOLUTION, is_more_than_half
from daihoi.rules.names import NameOrder, sort_key
from daihoi.rules.percent import share_text
from daihoi.rules.surplus import (  # noqa: F401  (the messages, kept importable from here)
    MSG_SURPLUS_IN_PROPOSAL,
    MSG_SURPLUS_NOT_MORE,
    MSG_SURPLUS_OK,
    MSG_SURPLUS_OVER,
    MSG_SURPLUS_SHORT,
    SurplusCheck,
)


class Sureness(StrEnum):
    """How sure we are that the default is what the regulation says (RULES.md)."""

    SURE = "sure"
    FAIRLY_SURE = "fairly sure"
    OPEN = "open"


# RULES.md, Congress and votes (open: no text found): at least two thirds of the base present;
# the congress confirms it. The one place this default is written (`rules.quorum` reads it).
DEFAULT_QUORUM_SHARE = Fraction(2, 3)


@dataclass(frozen=True)
class RuleInfo:
    """What a rule means: its Vietnamese label, where it comes from, how sure we are."""

    label: str
    citation: str
    sureness: Sureness


# The five reasons; 190-QĐ/TW Điều 15 gives the first three, local rulebooks the other two.
INVALID_REASON_INFO: dict[InvalidReason, RuleInfo] = {
    InvalidReason.UNSTAMPED: RuleInfo(
        gettext_noop("Phiếu không do Ban kiểm phiếu phát ra (không có dấu)"),
        "190-QĐ/TW Điều 15", Sureness.SURE),
    InvalidReason.TOO_MANY_KEPT: RuleInfo(
        gettext_noop("Phiếu bầu nhiều hơn số lượng cần bầu"), "190-QĐ/TW Điều 15", Sureness.SURE),
    InvalidReason.ALL_STRUCK: RuleInfo(
        gettext_noop("Phiếu gạch tên tất cả (không bầu ai)"), "190-QĐ/TW Điều 15", Sureness.SURE),
    InvalidReason.WRITE_IN: RuleInfo(
        gettext_noop("Phiếu ghi thêm tên người ngoài danh sách"),
        gettext_noop("Quy chế làm việc của Ban kiểm phiếu"), Sureness.OPEN),
    InvalidReason.IDENTIFYING_MARK: RuleInfo(
        gettext_noop("Phiếu có dấu hiệu nhận biết (ký tên, viết thêm, nhiều màu mực)"),
        gettext_noop("Quy chế làm việc của Ban kiểm phiếu"), Sureness.OPEN),
}

# The parameters (the fields of RuleSet).
PARAMETER_INFO: dict[str, RuleInfo] = {
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
    "name_order": RuleInfo(
        gettext_noop("Thứ tự trên phiếu bầu giữa những người trùng tên"),
        gettext_noop("190-QĐ/TW Điều 15; Hướng dẫn 04-HD/TW, mẫu phiếu bầu; chưa có quy định về "
                     "người trùng tên"),
        Sureness.OPEN),
    "invalid_reasons": RuleInfo(
        gettext_noop("Các trường hợp phiếu không hợp lệ"), "190-QĐ/TW Điều 15", Sureness.SURE),
    "blank_approve_ballot": RuleInfo(
        gettext_noop("Phiếu đồng ý / không đồng ý nhiều tên không đánh dấu đồng ý ai"),
        gettext_noop("chưa có quy định; Ban kiểm phiếu xác nhận trước khi kiểm phiếu"), Sureness.OPEN),
    "quorum_share": RuleInfo(
        gettext_noop("Số đại biểu có mặt tối thiểu để đại hội hợp lệ"),
        gettext_noop("chưa có quy định; đại hội xác nhận"), Sureness.OPEN),
}

# The texts in force (RULES.md, late 2025), as the "Căn cứ" lines of the minutes print them.
LEGAL_BASES = (
    gettext_noop("Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"),
    gettext_noop("Căn cứ Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số 190-QĐ/TW "
                 "ngày 10/10/2024;"),
    gettext_noop("Căn cứ Hướng dẫn số 04-HD/TW ngày 31/12/2024 về thực hiện Quy chế bầu cử "
                 "trong Đảng;"),
    gettext_noop("Căn cứ Quy định số 294-QĐ/TW ngày 26/5/2025 về thi hành Điều lệ Đảng;"),
)

# The rules with one known form: not parameters, printed in the minutes with their source.
FIXED_RULES: dict[str, tuple[RuleInfo, str]] = {
    "threshold_rule": (RuleInfo(
        gettext_noop("Điều kiện trúng cử"), "190-QĐ/TW Điều 30", Sureness.SURE),
        gettext_noop("Người trúng cử phải được quá một nửa số phiếu bầu so với tổng số đại biểu (đảng viên) "
        "được triệu tập, trừ số được trừ theo quy định; tỷ lệ phần trăm tính trên cùng cơ sở đó; "
        "trúng cử theo thứ tự số phiếu từ cao đến thấp cho đủ số lượng cần bầu")),
    "tie_policy": (RuleInfo(
        gettext_noop("Trường hợp nhiều người bằng phiếu ở vị trí cuối"),
        gettext_noop("chưa có quy định; Đoàn Chủ tịch quyết định"), Sureness.OPEN),
        gettext_noop("Nếu ở vị trí cuối có nhiều người bằng phiếu, nhiều hơn số lượng còn lại, bầu "
                     "tiếp trong số những người bằng phiếu, do Đoàn Chủ tịch xác nhận (không xét "
                     "theo tuổi)")),
    "unfilled_policy": (RuleInfo(
        gettext_noop("Trường hợp bầu chưa đủ số lượng"), "190-QĐ/TW Điều 18", Sureness.FAIRLY_SURE),
        gettext_noop("Bầu lần thứ nhất chưa đủ số lượng thì bầu tiếp; bầu nhiều lần vẫn không đủ số lượng, "
        "có bầu tiếp hay không do đại hội quyết định")),
    "delegation_passed": (RuleInfo(
        gettext_noop("Bầu đủ đại biểu chính thức mà còn người trúng cử quá một nửa"),
        gettext_noop("190-QĐ/TW Điều 18, chưa đọc được"), Sureness.OPEN),
        gettext_noop("Bầu đủ số đại biểu chính thức mà còn người được quá một nửa số phiếu bầu thì "
                     "Đoàn Chủ tịch quyết định")),
    "alternates_order": (RuleInfo(
        gettext_noop("Thứ tự đại biểu dự khuyết"), "190-QĐ/TW Điều 18", Sureness.OPEN),
        gettext_noop("Đại biểu dự khuyết xếp theo số phiếu bầu từ cao đến thấp")),
    "resolution_majority": (RuleInfo(
        gettext_noop("Điều kiện thông qua nghị quyết, quyết định"),
        f"Điều lệ Đảng; {CITATION_RESOLUTION}", Sureness.FAIRLY_SURE),
        gettext_noop("Nghị quyết, quyết định được thông qua khi quá một nửa tổng số đại biểu (đảng viên) "
        "được triệu tập tán thành")),
}

RULE_INFO: dict[str, RuleInfo] = {**PARAMETER_INFO,
                                  **{name: info for name, (info, _text) in FIXED_RULES.items()}}

# Keys of rule sets stored before these rules stopped being parameters (they had one value
# each and changed nothing): a past election's stored rules may hold them; they are ignored.
REMOVED_KEYS = frozenset({"threshold_rule", "ballot_order", "tie_policy", "unfilled_policy",
                          "alternates_order", "resolution_majority"})

# How each choice reads in a table of the rules applied (RuleSet.describe()).
VALUE_LABELS: dict[StrEnum, str] = {
    NameOrder.FAMILY_THEN_MIDDLE: gettext_noop("Theo tên, vần A, B, C; trùng tên thì theo họ, rồi "
                                               "tên đệm"),
    NameOrder.MIDDLE_THEN_FAMILY: gettext_noop("Theo tên, vần A, B, C; trùng tên thì theo tên đệm, "
                                               "rồi họ"),
    BlankApproveBallot.INVALID: gettext_noop("Không hợp lệ (như phiếu không bầu ai)"),
    BlankApproveBallot.VALID: gettext_noop("Hợp lệ, không tính cho ai"),
}


@dataclass(frozen=True)
class RuleRow:
    """One line of a table of the rules applied: for the election's page and the office."""

    name: str
    label: str
    value: str
    citation: str
    sureness: Sureness
    parameter: bool = True  # False: a rule with one known form (FIXED_RULES)


_FRACTION_FIELDS = ("surplus_max_share", "proposal_surplus_min_share", "proposal_surplus_max_share",
                    "floor_nomination_min_share", "quorum_share")
_ENUM_FIELDS: dict[str, type[StrEnum]] = {
    "name_order": NameOrder,
    "blank_approve_ballot": BlankApproveBallot,
}

ERR_RULESET_UNKNOWN_KEY = gettext_noop("Quy tắc '{key}' không được biết.")
ERR_RULESET_VALUE = gettext_noop("Quy tắc '{key}': giá trị '{value}' không hợp lệ.")
ERR_RULESET_SHARE = gettext_noop("Quy tắc '{key}': tỷ lệ phải nằm giữa 0 và 1 (đang là {value}).")
ERR_RULESET_PROPOSAL_RANGE = gettext_noop(
    "Số dư của đề án ({low}–{high}) phải nằm trong số dư tối đa ({maximum})."
)
ERR_RULESET_NO_REASONS = gettext_noop("Phải có ít nhất một trường hợp phiếu không hợp lệ.")



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
    # 190-QĐ/TW Điều 15 (by given name); between equal given names, open: the state's order.
    name_order: NameOrder = NameOrder.FAMILY_THEN_MIDDLE
    # 190-QĐ/TW Điều 15 for the first three; write_in and identifying_mark are open.
    invalid_reasons: tuple[InvalidReason, ...] = tuple(InvalidReason)
    # Open: a multi-name approve ballot marked for nobody; the counting committee confirms.
    blank_approve_ballot: BlankApproveBallot = BlankApproveBallot.INVALID
    quorum_share: Fraction = DEFAULT_QUORUM_SHARE

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
        rule must not silently fall back to its default. The keys of rules that stopped being
        parameters (REMOVED_KEYS) are ignored, so past elections' stored rules still read."""
        names = {f.name for f in fields(cls)}
        for key in data:
            if key not in names and key not in REMOVED_KEYS:
                raise RulesError(ERR_RULESET_UNKNOWN_KEY, key=key)
        kwargs: dict[str, Any] = {k: v for k, v in data.items() if k in names}
        if "ballot_order" in data and "name_order" not in data:
            # Stored before the tie-break was a parameter: the code then ordered equal given
            # names by middle name, then family name, and that list was the one printed.
            kwargs["name_order"] = NameOrder.MIDDLE_THEN_FAMILY
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
        """Every parameter with its label, its value as it reads, its source and how sure;
        then the fixed rules (`parameter=False`)."""
        rows = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Fraction):
                text = share_text(value)
            elif isinstance(value, tuple):
                text = "; ".join(INVALID_REASON_INFO[r].label for r in value)
            else:
                text = VALUE_LABELS[value]
            info = PARAMETER_INFO[f.name]
            rows.append(RuleRow(f.name, info.label, text, info.citation, info.sureness))
        for name, (info, text) in FIXED_RULES.items():
            rows.append(RuleRow(name, info.label, text, info.citation, info.sureness, parameter=False))
        return rows

    @staticmethod
    def info(name: str) -> RuleInfo:
        return RULE_INFO[name]

    def open_rules(self) -> list[str]:
        """The rules not settled: the application asks the presiding body to confirm them and
        records its decision (RULES.md)."""
        names = [name for name, info in RULE_INFO.items() if info.sureness is Sureness.OPEN]
        names += [f"invalid_reasons.{r}" for r in self.invalid_reasons
                  if INVALID_REASON_INFO[r].sureness is Sureness.OPEN]
        return names

    @staticmethod
    def legal_bases() -> list[str]:
        """The "Căn cứ" lines of the minutes: the regulations applied, one a line, and
        nothing else (the rules themselves are the system's list, not a legal basis)."""
        return list(LEGAL_BASES)

    def citations(self) -> list[str]:
        """Vietnamese lines for the minutes: the texts applied, then each rule with its value and
        its source ("(chưa có quy định)" marks what the presiding body decided)."""
        lines = self.legal_bases()
        same_name = ("theo họ, rồi tên đệm" if self.name_order is NameOrder.FAMILY_THEN_MIDDLE
                     else "theo tên đệm, rồi họ")
        blank = ("không hợp lệ" if self.blank_approve_ballot is BlankApproveBallot.INVALID
                 else "hợp lệ, không tính cho ai")
        rules = [
            ("surplus_max_share",
             f"Số dư không quá {share_text(self.surplus_max_share)} số lượng cần bầu (danh sách chưa "
             f"đủ hoặc vượt số dư đó do đại hội quyết định); đề án nhân sự của cấp ủy triệu tập có "
             f"số dư từ {share_text(self.proposal_surplus_min_share)} đến "
             f"{share_text(self.proposal_surplus_max_share)}"),
            ("floor_nomination_min_share",
             f"Người ứng cử, được đề cử tại đại hội phải được hơn "
             f"{share_text(self.floor_nomination_min_share)} tổng số đại biểu dự đại hội đồng ý giới "
             f"thiệu mới được đưa vào danh sách"),
            ("name_order",
             f"Tên trên phiếu bầu xếp theo vần A, B, C của tên; trùng tên thì {same_name}"),
            ("invalid_reasons",
             "Phiếu không hợp lệ: " + "; ".join(INVALID_REASON_INFO[r].label.removeprefix("Phiếu ")
                                                for r in self.invalid_reasons)),
            ("blank_approve_ballot",
             f"Phiếu đồng ý / không đồng ý có nhiều tên mà không đánh dấu đồng ý ai (không phải "
             f"không đồng ý tất cả): {blank}"),
            ("quorum_share",
             f"Đại hội hợp lệ khi có ít nhất {share_text(self.quorum_share)} tổng số đại biểu "
             f"(đảng viên) được triệu tập có mặt"),
            *((name, text) for name, (_info, text) in FIXED_RULES.items()),
        ]
        for name, text in rules:
            info = RULE_INFO[name]
            source = info.citation
            if info.sureness is Sureness.OPEN and not source.startswith("chưa"):
                source += ", chưa có quy định rõ"
            lines.append(f"– {text} ({source}).")
        return lines

    # --- the calculations the parameters name -----------------------------------------------
    def surplus_check(self, seats: int, candidates: int) -> SurplusCheck:
        """190-QĐ/TW Điều 14 with this rule set's shares (`rules.surplus.check`)."""
        return surplus.check(seats, candidates, max_share=self.surplus_max_share,
                             proposal_min_share=self.proposal_surplus_min_share,
                             proposal_max_share=self.proposal_surplus_max_share)

    def floor_nomination_passes(self, agree: int, attending: int) -> bool:
        """190-QĐ/TW Điều 14 with this rule set's share (`rules.nomination.passes`)."""
        return nomination.passes(agree, attending, self.floor_nomination_min_share)

    def floor_nomination_text(self) -> str:
        """The share as it reads in messages and help texts: "30%"."""
        return share_text(self.floor_nomination_min_share)

    def quorum_needed(self, base: int) -> int:
        """The least number present that is at least the quorum share of the base: 2/3 of 246
        is 164 exactly, so 164; 2/3 of 245 is 163.33…, so 164."""
        return math.ceil(check_base(base) * self.quorum_share)

    def quorum_met(self, present: int, base: int) -> bool:
        """Open rule, default at least two thirds of the base present: base 244 needs
        163 (163 × 3 = 489 ≥ 244 × 2 = 488; 162 × 3 = 486 falls short)."""
        _nonnegative(present=present)
        return present >= self.quorum_needed(base)

    def quorum_text(self) -> str:
        """The quorum share as it reads: "2/3"."""
        return share_text(self.quorum_share)

    def resolution_adopted(self, agree: int, base: int) -> bool:
        """More than half of the base in favour (Điều lệ Đảng; Quy định 294-QĐ/TW item 9.3), not
        of those present: base 244 needs 123."""
        _nonnegative(agree=agree)
        return is_more_than_half(agree, check_base(base))

    def sort_key(self, full_name: str) -> str:
        """The ballot order key of a name (190-QĐ/TW Điều 15 with `name_order`)."""
        return sort_key(full_name, self.name_order)

    def ballot_order(self, full_names: list[str]) -> list[str]:
        """Names in the order the ballot prints them."""
        return sorted(full_names, key=lambda n: (self.sort_key(n), n))

    def contest_options(self) -> dict[str, Any]:
        """The keyword arguments of `counting.Contest` this rule set decides."""
        return {"invalid_reasons": self.invalid_reasons,
                "blank_approve_ballot": self.blank_approve_ballot}


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
