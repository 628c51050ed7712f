"""The candidate list's surplus (daihoi.rules.surplus), 190-QĐ/TW Điều 14, and its parameters
in the rule set."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules import surplus
from daihoi.rules.errors import RulesError
from daihoi.rules.percent import percent_text
from daihoi.rules.rulesets import RuleSet, surplus_check


# --- surplus (190-QĐ/TW Điều 14) ------------------------------------------------------------
@pytest.mark.parametrize(("seats", "candidates", "ok", "template"), [
    (9, 11, True, surplus.MSG_SURPLUS_OK),  # 9 + ⌊2.7⌋ = 11: the whole 30% in persons
    (9, 10, False, surplus.MSG_SURPLUS_SHORT),  # under 30%: the congress decides
    (9, 12, False, surplus.MSG_SURPLUS_OVER),  # 3/9 = 33.33% > 30%
    (10, 13, True, surplus.MSG_SURPLUS_OK),  # 3/10 = 30% exactly: "không quá 30%"
    (10, 12, False, surplus.MSG_SURPLUS_SHORT),  # 20%: within the proposal, still under 30%
    (10, 14, False, surplus.MSG_SURPLUS_OVER),  # 40%
    (20, 21, False, surplus.MSG_SURPLUS_SHORT),  # 5%
    (9, 9, False, surplus.MSG_SURPLUS_NOT_MORE),  # no surplus: the congress decides
    (9, 8, False, surplus.MSG_SURPLUS_NOT_MORE),
    (3, 4, True, surplus.MSG_SURPLUS_OK),  # 3 seats: 30% rounds to nothing, one more stands
    (3, 5, False, surplus.MSG_SURPLUS_OVER),
    (5, 6, True, surplus.MSG_SURPLUS_OK),  # ⌊1.5⌋ = 1
    (4, 6, False, surplus.MSG_SURPLUS_OVER),
])
def test_surplus_check(seats: int, candidates: int, ok: bool, template: str) -> None:
    """190-QĐ/TW Điều 14: the surplus is at most 30% of the seats; a list under it (or with
    none) or over it goes to the congress for its decision, recorded. A body of 3 to 5 seats
    may have one more name than seats."""
    check = surplus_check(seats, candidates)
    assert check.ok is ok
    assert check.share == Fraction(candidates - seats, seats)
    assert check.message.startswith(template.format(**_params(check, seats, candidates)))
    if not ok:
        assert "đại hội" in check.message


def _params(check: surplus.SurplusCheck, seats: int, candidates: int) -> dict[str, object]:
    surplus = candidates - seats
    pct = percent_text(abs(check.share))
    return {"candidates": candidates, "seats": seats, "surplus": surplus,
            "percent": pct if surplus >= 0 else "-" + pct, "high": "30%",
            "max_candidates": check.max_candidates}


def test_surplus_messages() -> None:
    """Seats 50: at most 50 + ⌊50 × 3/10⌋ = 65 names; the proposal is 55 to 57 (10–15%)."""
    check = surplus_check(50, 65)
    assert (check.max_candidates, check.proposal_min_candidates,
            check.proposal_max_candidates) == (65, 55, 57)
    assert check.message == "65 người cho 50 chỗ: số dư 15 (30%), đủ số dư tối đa 30% (65 người)."
    short = surplus_check(50, 56)
    assert short.message == (
        "56 người cho 50 chỗ: số dư 6 (12%) chưa đủ 30% (tối đa 65 người); đại hội thảo luận, "
        "quyết định (190-QĐ/TW Điều 14). Số dư trong khoảng đề án nhân sự của cấp ủy triệu tập "
        "(10%–15%).")
    assert surplus_check(9, 10).message.startswith("10 người cho 9 chỗ: số dư 1 (11,11%)")
    with pytest.raises(RulesError):
        surplus_check(0, 3)
    with pytest.raises(RulesError):
        surplus_check(3, -1)


@given(st.integers(1, 300), st.integers(0, 500))
def test_surplus_properties(seats: int, candidates: int) -> None:
    """For any list: it stands exactly at the most names 30% allows (at least one more than
    the seats); never with no surplus; never over 30% of the seats unless 30% rounds to no
    one; and the convening committee's proposal never decides whether it stands."""
    check = surplus_check(seats, candidates)
    assert check.ok == (candidates == check.max_candidates)
    assert check.max_candidates == seats + max(1, seats * 3 // 10)
    if check.ok:
        assert candidates > seats
        assert candidates - seats <= max(1, Fraction(3, 10) * seats)
    assert ("đại hội" in check.message) is not check.ok
    for proposal in (("0", "0"), ("1/10", "3/20"), ("1/5", "3/10")):
        other = RuleSet(proposal_surplus_min_share=proposal[0],  # type: ignore[arg-type]
                        proposal_surplus_max_share=proposal[1])  # type: ignore[arg-type]
        assert other.surplus_check(seats, candidates).ok == check.ok
    assert check.within_proposal == (candidates > seats
                                     and Fraction(1, 10) <= check.share <= Fraction(3, 20))


def test_max_surplus_small_bodies() -> None:
    """30% of 3 is 0.9 person: one more name; of 4, 1.2 → 1; of 5, 1.5 → 1; of 7, 2.1 → 2."""
    assert [surplus.max_surplus(s, Fraction(3, 10)) for s in (1, 2, 3, 4, 5, 6, 7, 10)] == [
        1, 1, 1, 1, 1, 1, 2, 3]
    assert surplus.max_surplus(5, Fraction(0)) == 0
