"""The rule parameters (daihoi.rules.rulesets): defaults, storage, citations and helpers."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules import rulesets
from daihoi.rules.counting import InvalidReason, RulesError
from daihoi.rules.rulesets import (
    DEFAULT,
    INVALID_REASON_INFO,
    RULE_INFO,
    RuleSet,
    Sureness,
    floor_nomination_passes,
    quorum_met,
    resolution_adopted,
    surplus_check,
)


def test_defaults_are_those_of_rules_md() -> None:
    rules = RuleSet()
    assert rules.surplus_max_share == Fraction(3, 10)  # 190-QĐ/TW Điều 14
    assert (rules.proposal_surplus_min_share, rules.proposal_surplus_max_share) == (Fraction(1, 10),
                                                                                   Fraction(3, 20))
    assert rules.floor_nomination_min_share == Fraction(3, 10)
    assert rules.threshold_rule == "more_than_half_of_base"
    assert rules.invalid_reasons == (InvalidReason.UNSTAMPED, InvalidReason.IDENTIFYING_MARK,
                                     InvalidReason.WRITE_IN, InvalidReason.TOO_MANY_KEPT,
                                     InvalidReason.ALL_STRUCK)
    assert rules.tie_policy == "further_round_confirmed_by_presidium"
    assert rules.unfilled_policy == "further_round_then_congress_decides"
    assert rules.alternates_order == "votes_desc"
    assert rules.quorum_share == Fraction(2, 3)
    assert rules.resolution_majority == "more_than_half_of_base"


def test_every_parameter_has_label_citation_sureness() -> None:
    from dataclasses import fields
    names = {f.name for f in fields(RuleSet)}
    assert names == set(RULE_INFO)
    for info in [*RULE_INFO.values(), *INVALID_REASON_INFO.values()]:
        assert info.label and info.citation
        assert isinstance(info.sureness, Sureness)
    assert RULE_INFO["threshold_rule"].citation == "190-QĐ/TW Điều 30"
    assert RULE_INFO["surplus_max_share"].citation == "190-QĐ/TW Điều 14"
    assert INVALID_REASON_INFO[InvalidReason.WRITE_IN].sureness is Sureness.OPEN
    assert INVALID_REASON_INFO[InvalidReason.IDENTIFYING_MARK].sureness is Sureness.OPEN
    assert INVALID_REASON_INFO[InvalidReason.UNSTAMPED].sureness is Sureness.SURE


def test_open_rules_are_asked() -> None:
    """RULES.md: where a rule is open, the presiding body decides; these are the ones."""
    assert DEFAULT.open_rules() == ["tie_policy", "alternates_order", "quorum_share",
                                    "invalid_reasons.identifying_mark", "invalid_reasons.write_in"]
    fewer = RuleSet(invalid_reasons=(InvalidReason.UNSTAMPED, InvalidReason.ALL_STRUCK,
                                     InvalidReason.TOO_MANY_KEPT))
    assert "invalid_reasons.write_in" not in fewer.open_rules()


def test_round_trip_through_json() -> None:
    changed = RuleSet(quorum_share=Fraction(1, 2), surplus_max_share="1/4",  # type: ignore[arg-type]
                      invalid_reasons=("all_struck", "unstamped"))  # type: ignore[arg-type]
    stored = json.loads(json.dumps(changed.to_dict()))
    assert stored["quorum_share"] == "1/2"
    assert stored["invalid_reasons"] == ["unstamped", "all_struck"]  # precedence order
    assert RuleSet.from_dict(stored) == changed
    assert RuleSet.from_dict({}) == DEFAULT  # the model's default `{}`
    assert RuleSet.from_dict(DEFAULT.to_dict()) == DEFAULT


@pytest.mark.parametrize(("data", "template"), [
    ({"quorum": "2/3"}, rulesets.ERR_RULESET_UNKNOWN_KEY),
    ({"quorum_share": "3/2"}, rulesets.ERR_RULESET_SHARE),
    ({"quorum_share": "-1/3"}, rulesets.ERR_RULESET_SHARE),
    ({"quorum_share": "two thirds"}, rulesets.ERR_RULESET_VALUE),
    ({"quorum_share": 0.66}, rulesets.ERR_RULESET_VALUE),
    ({"quorum_share": True}, rulesets.ERR_RULESET_VALUE),
    ({"quorum_share": "1/0"}, rulesets.ERR_RULESET_VALUE),
    ({"tie_policy": "older_wins"}, rulesets.ERR_RULESET_VALUE),
    ({"invalid_reasons": ["smudge"]}, rulesets.ERR_RULESET_VALUE),
    ({"invalid_reasons": "unstamped"}, rulesets.ERR_RULESET_VALUE),
    ({"invalid_reasons": []}, rulesets.ERR_RULESET_NO_REASONS),
    ({"proposal_surplus_max_share": "2/5"}, rulesets.ERR_RULESET_PROPOSAL_RANGE),
    ({"proposal_surplus_min_share": "1/5"}, rulesets.ERR_RULESET_PROPOSAL_RANGE),
])
def test_from_dict_rejects_bad_rules(data: dict[str, object], template: str) -> None:
    with pytest.raises(RulesError) as err:
        RuleSet.from_dict(data)
    assert err.value.template == template


def test_citations_cite_190_and_follow_the_values() -> None:
    lines = DEFAULT.citations()
    assert lines[1] == ("Căn cứ Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số 190-QĐ/TW "
                        "ngày 10/10/2024;")
    text = "\n".join(lines)
    assert "không quá 30% số lượng cần bầu" in text
    assert "từ 10% đến 15%" in text
    assert "hơn 30% tổng số đại biểu dự đại hội" in text
    assert "quá một nửa" in text and "190-QĐ/TW Điều 30" in text
    assert "ít nhất 2/3" in text
    assert "không xét theo tuổi" in text
    assert "ghi thêm tên" in text
    changed = "\n".join(RuleSet(quorum_share=Fraction(3, 4),
                                invalid_reasons=(InvalidReason.UNSTAMPED,)).citations())
    assert "ít nhất 75%" in changed
    assert "ghi thêm tên" not in changed


# --- surplus (190-QĐ/TW Điều 14) ------------------------------------------------------------
@pytest.mark.parametrize(("seats", "candidates", "ok", "template"), [
    (9, 10, True, rulesets.MSG_SURPLUS_OK),  # 1/9 = 11.11% ≥ 10%
    (9, 11, True, rulesets.MSG_SURPLUS_OK),  # 2/9 = 22.22% ≤ 30%
    (9, 12, False, rulesets.MSG_SURPLUS_OVER),  # 3/9 = 33.33% > 30%
    (10, 13, True, rulesets.MSG_SURPLUS_OK),  # 3/10 = 30% exactly: "không quá 30%"
    (10, 14, False, rulesets.MSG_SURPLUS_OVER),  # 40%
    (20, 21, False, rulesets.MSG_SURPLUS_SHORT),  # 1/20 = 5% < 10%
    (20, 22, True, rulesets.MSG_SURPLUS_OK),  # 10% exactly
    (9, 9, False, rulesets.MSG_SURPLUS_NOT_MORE),  # no surplus: the congress decides
    (9, 8, False, rulesets.MSG_SURPLUS_NOT_MORE),
    (3, 4, False, rulesets.MSG_SURPLUS_OVER),  # 1/3 > 30%: a list of 3 has no room for surplus
])
def test_surplus_check(seats: int, candidates: int, ok: bool, template: str) -> None:
    """190-QĐ/TW Điều 14: the surplus is at most 30% of the seats; the committee proposes 10–15%;
    outside that the congress decides, recorded."""
    check = surplus_check(seats, candidates)
    assert check.ok is ok
    assert check.share == Fraction(candidates - seats, seats)
    assert check.message == template.format(**{**_params(check, seats, candidates)})


def _params(check: rulesets.SurplusCheck, seats: int, candidates: int) -> dict[str, object]:
    surplus = candidates - seats
    pct = rulesets._pct(abs(check.share))
    return {"candidates": candidates, "seats": seats, "surplus": surplus,
            "percent": pct if surplus >= 0 else "-" + pct, "low": "10", "high": "30",
            "min_candidates": check.min_candidates, "max_candidates": check.max_candidates}


def test_surplus_bounds() -> None:
    """Seats 50: at most 50 + ⌊50 × 3/10⌋ = 65 names, at least 50 + ⌈50 × 1/10⌉ = 55."""
    check = surplus_check(50, 60)
    assert (check.min_candidates, check.max_candidates) == (55, 65)
    assert check.message == "60 người cho 50 chỗ: số dư 10 (20%), trong khoảng 10%–30%."
    with pytest.raises(RulesError):
        surplus_check(0, 3)
    with pytest.raises(RulesError):
        surplus_check(3, -1)


@given(st.integers(1, 200), st.integers(0, 300))
def test_surplus_bounds_agree_with_ok(seats: int, candidates: int) -> None:
    check = surplus_check(seats, candidates)
    assert check.ok == (check.min_candidates <= candidates <= check.max_candidates)


# --- floor nominations, quorum, resolutions -------------------------------------------------
@pytest.mark.parametrize(("agree", "attending", "passes"), [
    (60, 200, False),  # exactly 30%: not "more than"
    (61, 200, True),
    (3, 10, False),
    (4, 10, True),
    (0, 0, False),
])
def test_floor_nomination_needs_more_than_30_percent_of_attending(agree: int, attending: int,
                                                                  passes: bool) -> None:
    """190-QĐ/TW Điều 14: "phải được từ hơn 30% tổng số đại biểu dự đại hội đồng ý giới thiệu".
    Attending 200: 60 × 10 = 600 is not > 200 × 3 = 600; 61 × 10 = 610 is."""
    assert floor_nomination_passes(agree, attending) is passes


@pytest.mark.parametrize(("present", "base", "met"), [
    (163, 244, True),  # 163 × 3 = 489 ≥ 488
    (162, 244, False),  # 486 < 488
    (2, 3, True),
    (200, 300, True),  # exactly two thirds
    (199, 300, False),
])
def test_quorum_two_thirds_of_base(present: int, base: int, met: bool) -> None:
    """Open rule, default at least two thirds of the base (RULES.md, Congress)."""
    assert quorum_met(present, base) is met


@pytest.mark.parametrize(("agree", "base", "adopted"), [
    (123, 244, True),  # 244 // 2 + 1 = 123
    (122, 244, False),  # exactly half is not more than half
    (123, 245, True),
    (122, 245, False),
])
def test_resolution_more_than_half_of_base(agree: int, base: int, adopted: bool) -> None:
    """Charter; Quy định 24 item 9.3: more than half of the body (the base), not of those present."""
    assert resolution_adopted(agree, base) is adopted


def test_helpers_use_the_rule_set() -> None:
    lenient = RuleSet(quorum_share=Fraction(1, 2), floor_nomination_min_share=Fraction(1, 5))
    assert lenient.quorum_met(150, 300)
    assert not DEFAULT.quorum_met(150, 300)
    assert lenient.floor_nomination_passes(41, 200)
    assert quorum_met(150, 300, lenient)


@pytest.mark.parametrize("bad", [-1, True, 1.5])
def test_helpers_reject_bad_numbers(bad: object) -> None:
    with pytest.raises(RulesError):
        quorum_met(bad, 10)  # type: ignore[arg-type]
    with pytest.raises(RulesError):
        resolution_adopted(5, bad)  # type: ignore[arg-type]
    with pytest.raises(RulesError):
        floor_nomination_passes(bad, 10)  # type: ignore[arg-type]


@given(st.integers(0, 2000), st.integers(1, 2000))
def test_majorities_agree_with_exact_fractions(votes: int, base: int) -> None:
    """The integer forms equal the rules as fractions: a resolution passes exactly when the
    votes reach the election threshold (both "more than half of the base"); the quorum is
    present/base ≥ 2/3; a floor nomination agree/attending > 3/10."""
    from daihoi.rules.counting import threshold
    assert resolution_adopted(votes, base) == (Fraction(votes, base) > Fraction(1, 2))
    assert resolution_adopted(votes, base) == (votes >= threshold(base))
    assert quorum_met(votes, base) == (Fraction(votes, base) >= Fraction(2, 3))
    assert floor_nomination_passes(votes, base) == (Fraction(votes, base) > Fraction(3, 10))


def test_describe_lists_every_rule() -> None:
    rows = {row.name: row for row in RuleSet(quorum_share=Fraction(3, 4)).describe()}
    assert set(rows) == set(RULE_INFO)
    assert rows["surplus_max_share"].value == "30%"
    assert rows["quorum_share"].value == "75%"
    assert rows["quorum_share"].sureness is Sureness.OPEN
    assert rows["threshold_rule"].citation == "190-QĐ/TW Điều 30"
    assert "Quá một nửa" in rows["threshold_rule"].value
    assert "Bầu tiếp" in rows["tie_policy"].value
    assert rows["invalid_reasons"].value.count(";") == 4
    assert rows["proposal_surplus_max_share"].value == "15%"
    assert RuleSet().describe()[0].label == RULE_INFO["surplus_max_share"].label
