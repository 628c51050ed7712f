"""The electoral base (số được triệu tập): the number every threshold, percentage and quorum
is computed against. Pure Python, no Django.

190-QĐ/TW Điều 30 (RULES.md, "Who is elected"): the result is counted on the valid
ballots, but a candidate is elected with more than half of the CONVENED electorate, and the
percentages of the minutes are computed against that same base. What "convened" means
depends on the kind of body, so there is one function per kind:

- `delegates_congress`: a congress of delegates (đại hội đại biểu), Điều 30 khoản 3;
- `members_congress`: a congress of all the members (đại hội đảng viên), Điều 30 khoản 2;
- `committee_conference`: a conference of a committee (hội nghị ban chấp hành), *open*.

Each takes the seats as plain records (one per person on the list) and classifies them, so
the classification itself (who is excluded, and why, each person counted once) is written
here and nowhere else. A base of zero or less is an error in the input, never a count
(RULES.md, "A base of zero or less"): the functions raise `BaseError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ERR_BASE_NOT_POSITIVE = ("Số được triệu tập để tính tỷ lệ là {base} (triệu tập {convened}, "
                         "được trừ {excluded}): phải lớn hơn 0.")

# The labels of the breakdown (printed on the congress page and kept with a round).
NOT_CONVENED = "not_convened"
COMMITTEE_ABSENT = "committee_absent"
ABSENT_UNREPLACED = "absent_unreplaced"
TRANSFERRED = "temporarily_transferred"
EXEMPT_ABSENT = "exempt_absent"
SUSPENDED = "suspended_prosecuted_detained"
ABSENT_ACCEPTED = "absent_reason_accepted"


class BaseError(ValueError):
    """The base is zero or less: nobody could be elected against it. `base` is what was
    counted (a screen can still show the list's numbers)."""

    def __init__(self, message: str, base: Base) -> None:
        super().__init__(message)
        self.base = base


@dataclass(frozen=True)
class Base:
    """`convened` less `excluded` is the base; `breakdown` says what was excluded and why
    (label, count), in the order of the regulation's text. `not_convened` counts those on
    the list who are not convened at all (they are in neither `convened` nor `excluded`)."""

    convened: int
    excluded: int
    breakdown: tuple[tuple[str, int], ...] = ()
    not_convened: int = 0

    @property
    def value(self) -> int:
        return self.convened - self.excluded

    def part(self, label: str) -> int:
        return dict(self.breakdown).get(label, 0)


def _checked(base: Base) -> Base:
    if base.value <= 0:
        raise BaseError(ERR_BASE_NOT_POSITIVE.format(base=base.value, convened=base.convened,
                                                     excluded=base.excluded), base)
    return base


# --- a congress of delegates ----------------------------------------------------------------
@dataclass(frozen=True)
class DelegateSeat:
    """One official delegate on the list of a delegates' congress (alternates are not on it:
    an alternate who takes a seat stands for the official he replaces).

    `committee_member`: a member of the convening committee, delegate ex officio.
    `absent_whole`: absent for the whole congress. `replaced`: an alternate took the seat.
    `not_convened`: suspended, indicted or prosecuted, or found to have been elected
    improperly (credentials rejected); Hướng dẫn 04."""

    committee_member: bool = False
    absent_whole: bool = False
    replaced: bool = False
    not_convened: bool = False


def delegates_congress(seats: Iterable[DelegateSeat]) -> Base:
    """190-QĐ/TW Điều 30 khoản 3: the official delegates convened, less the members of the
    convening committee absent for the whole congress, less the official delegates absent
    for the whole congress with no alternate replacing them. No "valid reason" condition.

    Each seat is counted once: one not convened is in no other count (it is not convened,
    so it cannot also be subtracted as absent); a committee member absent for the whole
    congress is subtracted whether or not an alternate holds the seat (the text names the
    committee members apart from the delegates who can be replaced).

    >>> s = [DelegateSeat()] * 5 + [DelegateSeat(committee_member=True, absent_whole=True,
    ...                                           replaced=True), DelegateSeat()]
    >>> delegates_congress(s).value  # 7 convened, the absent committee member subtracted
    6
    """
    convened = not_convened = committee_absent = unreplaced = 0
    for seat in seats:
        if seat.not_convened:
            not_convened += 1
            continue
        convened += 1
        if seat.absent_whole and seat.committee_member:
            committee_absent += 1
        elif seat.absent_whole and not seat.replaced:
            unreplaced += 1
    return _checked(Base(convened=convened, excluded=committee_absent + unreplaced,
                         breakdown=((COMMITTEE_ABSENT, committee_absent),
                                    (ABSENT_UNREPLACED, unreplaced)),
                         not_convened=not_convened))


# --- a congress of all the members ------------------------------------------------------------
@dataclass(frozen=True)
class MemberSeat:
    """One official member on the list of a members' congress (a cell's congress).

    `transferred`: on temporary transfer elsewhere (sinh hoạt tạm thời). `exempt`: exempted
    from work and party activity. `suspended`: suspended, prosecuted or detained.
    `absent_whole` with `absence_accepted`: absent for the whole congress for a reason the
    convening committee accepted; an absence without an accepted reason excludes nobody."""

    transferred: bool = False
    exempt: bool = False
    suspended: bool = False
    absent_whole: bool = False
    absence_accepted: bool = False


def members_congress(members: Iterable[MemberSeat]) -> Base:
    """190-QĐ/TW Điều 30 khoản 2: the official members convened, less only the exclusions
    it lists: members on temporary transfer elsewhere, exempted members who are absent (an
    exempted member who attends and votes counts), members suspended, prosecuted or
    detained, members absent for the whole congress for a reason the convening committee
    accepted. Each member is excluded once, for the first reason in that order.

    A cell of 20 with 3 away on work trips keeps a base of 20 unless the committee accepted
    their reasons:

    >>> members_congress([MemberSeat()] * 17 + [MemberSeat(absent_whole=True)] * 3).value
    20
    >>> members_congress([MemberSeat()] * 17
    ...                  + [MemberSeat(absent_whole=True, absence_accepted=True)] * 3).value
    17
    """
    convened = transferred = exempt_absent = suspended = accepted = 0
    for m in members:
        convened += 1
        if m.transferred:
            transferred += 1
        elif m.exempt and m.absent_whole:
            exempt_absent += 1
        elif m.suspended:
            suspended += 1
        elif m.absent_whole and m.absence_accepted:
            accepted += 1
    return _checked(Base(convened=convened,
                         excluded=transferred + exempt_absent + suspended + accepted,
                         breakdown=((TRANSFERRED, transferred), (EXEMPT_ABSENT, exempt_absent),
                                    (SUSPENDED, suspended), (ABSENT_ACCEPTED, accepted))))


# --- a conference of a committee ----------------------------------------------------------------
@dataclass(frozen=True)
class CommitteeSeat:
    """One member of the committee convened to its conference (e.g. the newly elected
    committee at its first session)."""

    member_key: str = ""


def committee_conference(members: Iterable[CommitteeSeat]) -> Base:
    """The committee's members convened (RULES.md, "Who is elected": *open*, the exclusions
    for a committee conference were not seen, so none is applied). Each member counts once
    (the same key twice is one person)."""
    rows = list(members)
    keyed = {m.member_key for m in rows if m.member_key}
    unkeyed = sum(1 for m in rows if not m.member_key)
    return _checked(Base(convened=len(keyed) + unkeyed, excluded=0))
