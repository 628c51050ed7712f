"""The candidate list's surplus (số dư), 190-QĐ/TW Điều 14. Pure Python, no Django.

For the committee and the standing committee the list may exceed the seats by at most 30% of
the seats; the congress decides on a list under that surplus (including one with none) or
over it, and the decision is recorded ("chưa đủ số dư 30%": RULES.md, sure). For a body of 3
to 5 seats, 30% rounds to nothing: the surplus is at most one person (RULES.md, fairly sure).
The convening committee's own proposal carries 10–15%: that is what it proposes, never a limit
on the list (`SurplusCheck.within_proposal` reports it).

The shares are parameters of the rule set (`RuleSet.surplus_check`); this module computes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from daihoi.rules.errors import RulesError, gettext_noop
from daihoi.rules.percent import percent_text, share_text

ERR_SURPLUS_COUNT = gettext_noop("'{field}' phải là số nguyên, ít nhất {minimum} (đang là {value}).")

MSG_SURPLUS_OK = gettext_noop(
    "{candidates} người cho {seats} chỗ: số dư {surplus} ({percent}), đủ số dư tối đa {high} "
    "({max_candidates} người)."
)
MSG_SURPLUS_NOT_MORE = gettext_noop(
    "{candidates} người cho {seats} chỗ: danh sách bầu cử không có số dư; đại hội thảo luận, "
    "quyết định (190-QĐ/TW Điều 14)."
)
MSG_SURPLUS_OVER = gettext_noop(
    "{candidates} người cho {seats} chỗ: số dư {surplus} ({percent}) vượt quá {high} "
    "(tối đa {max_candidates} người); xin ý kiến đại hội (190-QĐ/TW Điều 14)."
)
MSG_SURPLUS_SHORT = gettext_noop(
    "{candidates} người cho {seats} chỗ: số dư {surplus} ({percent}) chưa đủ {high} "
    "(tối đa {max_candidates} người); đại hội thảo luận, quyết định (190-QĐ/TW Điều 14)."
)
# Added to the message when the list carries what the convening committee proposes.
MSG_SURPLUS_IN_PROPOSAL = gettext_noop(
    " Số dư trong khoảng đề án nhân sự của cấp ủy triệu tập ({low}–{proposal_high})."
)


@dataclass(frozen=True)
class SurplusCheck:
    """190-QĐ/TW Điều 14 applied to a list. `ok`: the list stands without a decision of the
    congress; otherwise (under the maximum surplus, none at all, or over it) the congress
    decides and the decision is recorded."""

    ok: bool
    share: Fraction  # (candidates - seats) / seats
    message: str
    max_candidates: int  # the most names within the maximum surplus
    # The convening committee's proposal (10–15%): information, never a limit on the list.
    proposal_min_candidates: int
    proposal_max_candidates: int
    within_proposal: bool


def _count(field: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise RulesError(ERR_SURPLUS_COUNT, field=field, minimum=minimum, value=value)
    return value


def max_surplus(seats: int, max_share: Fraction) -> int:
    """The most names over the seats: ⌊seats × share⌋, and one person where the share rounds
    to nothing (a body of 3 to 5 seats at 30%). Seats 3: 1; seats 9: 2; seats 10: 3."""
    allowed = math.floor(_count("seats", seats, 1) * max_share)
    return max(allowed, 1) if max_share > 0 else 0


def check(seats: int, candidates: int, *, max_share: Fraction, proposal_min_share: Fraction,
          proposal_max_share: Fraction) -> SurplusCheck:
    """A list of `candidates` names for `seats`: it stands when its surplus is exactly the most
    the maximum share allows in whole persons; under that (or with none) or over it, the
    congress decides (ok=False, the message says why).

    Seats 9 at 30%: at most 9 + ⌊2.7⌋ = 11 names: 11 stands, 10 and 12 go to the congress.
    Seats 3: 30% is 0.9 person, so one more: 4 names stand."""
    seats = _count("seats", seats, 1)
    candidates = _count("candidates", candidates, 0)
    surplus = candidates - seats
    share = Fraction(surplus, seats)
    max_candidates = seats + max_surplus(seats, max_share)
    within_proposal = surplus > 0 and proposal_min_share <= share <= proposal_max_share
    params = {"candidates": candidates, "seats": seats, "surplus": surplus,
              "percent": percent_text(share), "low": share_text(proposal_min_share),
              "proposal_high": share_text(proposal_max_share), "high": share_text(max_share),
              "max_candidates": max_candidates}
    if surplus <= 0:
        template = MSG_SURPLUS_NOT_MORE
    elif candidates > max_candidates:
        template = MSG_SURPLUS_OVER
    elif candidates < max_candidates:
        template = MSG_SURPLUS_SHORT
    else:
        template = MSG_SURPLUS_OK
    message = template.format(**params)
    if within_proposal:
        message += MSG_SURPLUS_IN_PROPOSAL.format(**params)
    return SurplusCheck(
        ok=template is MSG_SURPLUS_OK, share=share, message=message, max_candidates=max_candidates,
        proposal_min_candidates=seats + max(1, math.ceil(seats * proposal_min_share)),
        proposal_max_candidates=seats + math.floor(seats * proposal_max_share),
        within_proposal=within_proposal)
