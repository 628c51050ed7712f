"""The rule parameters (daihoi.rules.rulesets): defaults, storage, citations and helpers."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules import rulesets
from daihoi.rules.counting import (
    Ballot,
    BallotFormat,
    BlankApproveBallot,
    Contest,
    InvalidReason,
    RulesError,
    count,
    count_totals,
)
from daihoi.rules.errors import ERR_BASE_NOT_POSITIVE
from daihoi.rules.names import NameOrder
from daihoi.rules.rulesets import (
    DEFAULT,
    INVALID_REASON_INFO,
    RULE_INFO,
    RuleSet,
    Sureness,
    floor_nomination_passes,
    quorum_met,
    resolution_adopted,
)


def test_defaults_are_those_of_rules_md() -> None:
    rules = RuleSet()
    assert rules.surplus_max_share == Fraction(3, 10)  # 190-QĐ/TW Điều 14
    assert (rules.proposal_surplus_min_share, rules.proposal_surplus_max_share) == (Fraction(1, 10),
                                                                                   Fraction(3, 20))
    assert rules.floor_nomination_min_share == Fraction(3, 10)
    assert rules.name_order is NameOrder.FAMILY_THEN_MIDDLE  # the state's rule (RULES.md)
    assert rules.invalid_reasons == (InvalidReason.UNSTAMPED, InvalidReason.IDENTIFYING_MARK,
                                     InvalidReason.WRITE_IN, InvalidReason.TOO_MANY_KEPT,
                                     InvalidReason.ALL_STRUCK)
    assert rules.blank_approve_ballot is BlankApproveBallot.INVALID
    assert rules.quorum_share == Fraction(2, 3) == rulesets.DEFAULT_QUORUM_SHARE


def test_every_rule_has_label_citation_sureness() -> None:
    from dataclasses import fields
    names = {f.name for f in fields(RuleSet)}
    assert names == set(rulesets.PARAMETER_INFO)
    assert set(RULE_INFO) == names | set(rulesets.FIXED_RULES)
    assert not names & rulesets.REMOVED_KEYS
    for info in [*RULE_INFO.values(), *INVALID_REASON_INFO.values()]:
        assert info.label and info.citation
        assert isinstance(info.sureness, Sureness)
    assert RULE_INFO["threshold_rule"].citation == "190-QĐ/TW Điều 30"
    assert RULE_INFO["surplus_max_share"].citation == "190-QĐ/TW Điều 14"
    assert RULE_INFO["resolution_majority"].citation == "Điều lệ Đảng; Quy định 294-QĐ/TW mục 9.3"
    assert INVALID_REASON_INFO[InvalidReason.UNSTAMPED].citation == "190-QĐ/TW Điều 15"
    assert INVALID_REASON_INFO[InvalidReason.WRITE_IN].sureness is Sureness.OPEN
    assert INVALID_REASON_INFO[InvalidReason.IDENTIFYING_MARK].sureness is Sureness.OPEN
    assert INVALID_REASON_INFO[InvalidReason.UNSTAMPED].sureness is Sureness.SURE


def test_no_repealed_text_is_cited() -> None:
    """RULES.md: cite 190-QĐ/TW and Quy định 294, not the repealed 244-QĐ/TW and Quy định 24."""
    text = "\n".join([*DEFAULT.citations(),
                      *(i.citation for i in [*RULE_INFO.values(), *INVALID_REASON_INFO.values()])])
    assert "244-QĐ" not in text
    assert "Quy định 24-" not in text and "Quy định 24 " not in text
    assert "Quy định số 294-QĐ/TW" in text


def test_open_rules_are_asked() -> None:
    """RULES.md: where a rule is open, the presiding body decides; these are the ones."""
    assert DEFAULT.open_rules() == ["name_order", "blank_approve_ballot", "quorum_share",
                                    "tie_policy", "delegation_passed", "alternates_order",
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


# What `to_dict()` stored before six single-valued rules stopped being parameters.
STORED_BEFORE = {
    "surplus_max_share": "3/10", "proposal_surplus_min_share": "1/10",
    "proposal_surplus_max_share": "3/20", "floor_nomination_min_share": "3/10",
    "ballot_order": "given_name_vietnamese",
    "invalid_reasons": ["unstamped", "identifying_mark", "write_in", "too_many_kept", "all_struck"],
    "threshold_rule": "more_than_half_of_base", "tie_policy": "further_round_confirmed_by_presidium",
    "unfilled_policy": "further_round_then_congress_decides", "alternates_order": "votes_desc",
    "quorum_share": "2/3", "resolution_majority": "more_than_half_of_base",
}


def test_rules_stored_by_past_elections_still_read() -> None:
    """Past elections keep the rules they were counted under: the removed keys are ignored,
    and the ballot order they printed (middle name before family name) is kept."""
    past = RuleSet.from_dict(STORED_BEFORE)
    assert past == DEFAULT.with_changes(name_order=NameOrder.MIDDLE_THEN_FAMILY)
    assert "threshold_rule" not in past.to_dict()
    assert RuleSet.from_dict({"tie_policy": "anything stored"}) == DEFAULT


@pytest.mark.parametrize(("data", "template"), [
    ({"quorum": "2/3"}, rulesets.ERR_RULESET_UNKNOWN_KEY),
    ({"quorum_share": "3/2"}, rulesets.ERR_RULESET_SHARE),
    ({"quorum_share": "-1/3"}, rulesets.ERR_RULESET_SHARE),
    ({"quorum_share": "two thirds"}, rulesets.ERR_RULESET_VALUE),
    ({"quorum_share": 0.66}, rulesets.ERR_RULESET_VALUE),
    ({"quorum_share": True}, rulesets.ERR_RULESET_VALUE),
    ({"quorum_share": "1/0"}, rulesets.ERR_RULESET_VALUE),
    ({"name_order": "older_first"}, rulesets.ERR_RULESET_VALUE),
    ({"blank_approve_ballot": "maybe"}, rulesets.ERR_RULESET_VALUE),
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
    """Charter; Quy định 294-QĐ/TW item 9.3: more than half of the body (the base), not of those
    present."""
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
    assert not rows["threshold_rule"].parameter and rows["quorum_share"].parameter
    assert "quá một nửa" in rows["threshold_rule"].value
    assert "bầu tiếp" in rows["tie_policy"].value
    assert rows["invalid_reasons"].value.count(";") == 4
    assert rows["proposal_surplus_max_share"].value == "15%"
    assert "theo họ, rồi tên đệm" in rows["name_order"].value
    assert RuleSet().describe()[0].label == RULE_INFO["surplus_max_share"].label


def test_base_of_zero_is_an_error() -> None:
    """RULES.md: a base of zero or less is an error in the input, never a count."""
    for base in (0, -3):
        with pytest.raises(RulesError) as err:
            resolution_adopted(0, base)
        assert err.value.template == ERR_BASE_NOT_POSITIVE
        with pytest.raises(RulesError):
            DEFAULT.quorum_needed(base)


# --- each parameter changes what it names -------------------------------------------------------
def test_parameter_surplus_max_share() -> None:
    """Seats 10, 12 names: under 30% (13 would stand); at a maximum of 20% it stands."""
    assert not DEFAULT.surplus_check(10, 12).ok
    assert RuleSet(surplus_max_share=Fraction(1, 5), proposal_surplus_max_share=Fraction(1, 5),
                   ).surplus_check(10, 12).ok


def test_parameter_proposal_shares() -> None:
    """Seats 10, 13 names (30%): outside the default proposal (10–15%), inside a 20–30% one."""
    assert not DEFAULT.surplus_check(10, 13).within_proposal
    wide = RuleSet(proposal_surplus_min_share=Fraction(1, 5), proposal_surplus_max_share=Fraction(3, 10))
    assert wide.surplus_check(10, 13).within_proposal
    low = RuleSet(proposal_surplus_min_share=Fraction(1, 20))
    assert not DEFAULT.surplus_check(20, 21).within_proposal
    assert low.surplus_check(20, 21).within_proposal


def test_parameter_floor_nomination_min_share() -> None:
    assert not DEFAULT.floor_nomination_passes(41, 200)
    assert RuleSet(floor_nomination_min_share=Fraction(1, 5)).floor_nomination_passes(41, 200)
    assert RuleSet(floor_nomination_min_share=Fraction(1, 5)).floor_nomination_text() == "20%"


def test_parameter_name_order() -> None:
    """Equal given names: family then middle by default, middle then family when chosen."""
    names = ["Trần Anh An", "Lê Văn An"]
    assert DEFAULT.ballot_order(names) == ["Lê Văn An", "Trần Anh An"]
    assert RuleSet(name_order=NameOrder.MIDDLE_THEN_FAMILY).ballot_order(names) == [
        "Trần Anh An", "Lê Văn An"]


def test_parameter_invalid_reasons() -> None:
    """A ballot with a name written in: invalid by default, valid when the counting committee
    does not apply that open reason."""
    ballot = Ballot(struck=frozenset({1}), write_in=("Người ngoài",))
    for rules, valid in ((DEFAULT, 0), (RuleSet(invalid_reasons=(InvalidReason.UNSTAMPED,)), 1)):
        contest = Contest(seats=1, candidates=("A", "B"), ballot_format=BallotFormat.STRIKE,
                          electorate_convened=3, **rules.contest_options())
        assert count(contest, [ballot]).valid == valid


def test_parameter_blank_approve_ballot() -> None:
    """A 3-name approve ballot marked for nobody (blank): invalid by default (counted as voting
    for nobody); valid, voting for nobody, when the counting committee so confirms. A ballot
    disagreeing with every line stays invalid either way (it votes for nobody: Điều 15)."""
    blank, against_all = Ballot(), Ballot(disagree=frozenset({0, 1, 2}))
    agree_a = Ballot(agree=frozenset({0}))
    results = {}
    for choice in BlankApproveBallot:
        rules = RuleSet(blank_approve_ballot=choice)
        contest = Contest(seats=2, candidates=("A", "B", "C"), ballot_format=BallotFormat.APPROVE,
                          electorate_convened=5, **rules.contest_options())
        results[choice] = count(contest, [blank, against_all, agree_a, agree_a])
    default = results[BlankApproveBallot.INVALID]
    assert (default.valid, default.invalid_by_reason[InvalidReason.ALL_STRUCK]) == (2, 2)
    assert default.votes == (2, 0, 0)
    assert default.elected == ()  # base 5 needs 3
    lenient = results[BlankApproveBallot.VALID]
    assert (lenient.valid, lenient.invalid_by_reason[InvalidReason.ALL_STRUCK]) == (3, 1)
    assert lenient.votes == (2, 0, 0)
    # From a tally sheet: 3 valid ballots with 2 votes in all are possible only when blank
    # ballots are valid.
    contest = Contest(seats=2, candidates=("A", "B", "C"), ballot_format=BallotFormat.APPROVE,
                      electorate_convened=5, blank_approve_ballot=BlankApproveBallot.VALID)
    assert count_totals(contest, ballots_collected=3, invalid_by_reason={},
                        votes=[2, 0, 0]).valid == 3
    with pytest.raises(RulesError):
        count_totals(Contest(seats=2, candidates=("A", "B", "C"), ballot_format=BallotFormat.APPROVE,
                             electorate_convened=5),
                     ballots_collected=3, invalid_by_reason={}, votes=[2, 0, 0])


def test_parameter_quorum_share() -> None:
    assert not DEFAULT.quorum_met(150, 300)
    assert RuleSet(quorum_share=Fraction(1, 2)).quorum_met(150, 300)
    assert RuleSet(quorum_share=Fraction(1, 2)).quorum_needed(300) == 150
    assert DEFAULT.quorum_needed(300) == 200
    assert (DEFAULT.quorum_text(), RuleSet(quorum_share=Fraction(3, 4)).quorum_text()) == ("2/3", "75%")
