"""Demo elections for the root organization (`build`), or for a congress (`build_for`, which
the congress's demo calls with its delegates: this app does not import the congress):

- the executive committee: 28 seats, 33 candidates, strike format, first round counted from
  paper ballots entered by two counting groups (about 240), elected recorded, published;
- the secretary: one seat, approve format, elected by the new committee at its first
  session (its members the electorate, their attendance recorded), published;
- the delegation to the higher congress: the list ready (preparing), so a new user can close
  it, print the ballots and count.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from daihoi.core.models import User
from daihoi.elections import selectors, services
from daihoi.elections.models import CountingGroup, Decision, Election, PaperBallot, Round
from daihoi.organizations.models import Member, Organization

COMMITTEE_SEATS = 28
COMMITTEE_CANDIDATES = 33
DELEGATION_SEATS = 15
DELEGATION_CANDIDATES = 17
COUNTING_NAMES = "Lê Thị Mai\nNguyễn Văn Hải\nTrần Thị Thu\nPhạm Quốc Việt\nĐỗ Minh Tâm"


def _actor() -> User | None:
    return User.objects.filter(is_superuser=True).order_by("id").first() or \
        User.objects.filter(username="admin").first()


def _enter_ballots(round_: Round, rng: random.Random, *, voters: int, strikes: Callable[[], list[int]],
                   invalid: dict[str, int], groups: int = 2) -> None:
    """Ballots as a counting group reads them, in bulk (the demo needs seconds, not minutes):
    the same rows `services.ballot_enter` writes."""
    group_rows = list(round_.groups.order_by("number"))
    rows: list[PaperBallot] = []
    counters = [0] * len(group_rows)
    special: list[str] = [reason for reason, k in invalid.items() for _ in range(k)]
    specials_at = set(rng.sample(range(voters), len(special)))
    it = iter(special)
    for i in range(voters):
        g = i % len(group_rows)
        counters[g] += 1
        paper = PaperBallot(group=group_rows[g], entry=1, position=counters[g], marks=strikes())
        if i in specials_at:
            reason = next(it)
            if reason in ("unstamped", "identifying_mark", "write_in"):
                setattr(paper, reason, True)
            elif reason == "too_many_kept":
                paper.marks = paper.marks[:1]
        rows.append(paper)
    PaperBallot.objects.bulk_create(rows, batch_size=1000)
    for group, n in zip(group_rows, counters, strict=True):
        CountingGroup.objects.filter(pk=group.pk).update(entered_1=n, done=True)


def build(*, seed: int, log: Callable[[str], None]) -> None:
    """For the root organization, when no congress demo made the elections already."""
    if Election.objects.exists():
        log("Đã có cuộc bầu cử: bỏ qua dữ liệu demo bầu cử")
        return
    root = Organization.objects.filter(parent__isnull=True).order_by("id").first()
    if root is None:
        log("Chưa có tổ chức đảng: bỏ qua dữ liệu demo bầu cử")
        return
    pool = list(Member.objects.filter(status__in=Member.ACTIVE_STATUSES).order_by("id")[:400])
    build_for(seed=seed, log=log, organization=root, congress=None, pool=pool, term="2025–2030",
              counting_names=COUNTING_NAMES)


def build_for(*, seed: int, log: Callable[[str], None], organization: Organization,
              congress: Any, pool: list[Member], term: str, counting_names: str = "") -> None:
    """The three elections, of `congress` if given (its counting committee then counts:
    `counting_names` empty), with candidates drawn from `pool`."""
    if Election.objects.exists():
        log("Đã có cuộc bầu cử: bỏ qua dữ liệu demo bầu cử")
        return
    actor = _actor()
    if actor is None:
        log("Chưa có tài khoản quản trị: bỏ qua dữ liệu demo bầu cử")
        return
    rng = random.Random(seed + 30)  # noqa: S311 - demo data, reproducible by design
    org = organization
    if len(pool) < COMMITTEE_CANDIDATES + DELEGATION_CANDIDATES:
        log("Quá ít đảng viên cho dữ liệu demo bầu cử")
        return
    picks = rng.sample(pool, COMMITTEE_CANDIDATES + DELEGATION_CANDIDATES)
    committee_members, delegation_members = (picks[:COMMITTEE_CANDIDATES],
                                             picks[COMMITTEE_CANDIDATES:])
    counting_text = counting_names

    # --- the executive committee -----------------------------------------------------------
    committee = services.election_create(
        acting_user=actor, organization=org, congress=congress,
        title=f"Bầu Ban Chấp hành Đảng bộ khóa mới, nhiệm kỳ {term}",
        kind=Election.Kind.COMMITTEE, seats=COMMITTEE_SEATS, term=term,
        seats_basis="Đại hội biểu quyết số lượng Ban Chấp hành khóa mới là 28 đồng chí (100% tán thành)",
        counting_members=counting_text,
    )
    for m in committee_members:
        services.candidate_add(acting_user=actor, election=committee, member=m)
    if not selectors.surplus_status(committee).ok:  # under 30%: the congress keeps the list
        services.decision_record(
            acting_user=actor, election=committee, kind=Decision.Kind.SURPLUS, decided_by="Đại hội",
            text=f"Đại hội biểu quyết thông qua danh sách bầu cử {len(committee_members)} đồng chí")
    round_ = services.round_create_first(acting_user=actor, election=committee)
    convened = round_.electorate_convened or 246
    excluded = round_.excluded
    present = convened - excluded - 4
    services.round_setup(acting_user=actor, round_=round_, electorate_convened=convened,
                         excluded=excluded, electorate_present=present, ballots_issued=present)
    # The counting committee confirms the open cases before counting (as the demo's minutes
    # then print): both open reasons applied, a blank agree/disagree ballot invalid.
    services.counting_rules_confirm(acting_user=actor, election=committee,
                                    open_reasons=["identifying_mark", "write_in"],
                                    blank_approve_ballot="invalid")
    services.round_start_counting(acting_user=actor, round_=round_, groups=2)
    n = COMMITTEE_CANDIDATES
    # Each candidate's standing: a few are struck often, most rarely.
    weights = [rng.uniform(0.3, 1.0) if i % 6 else rng.uniform(2.5, 5.0) for i in range(n)]

    def committee_strikes() -> list[int]:
        k = rng.choice([5, 5, 5, 6, 6, 7, 8])
        chosen: set[int] = set()
        while len(chosen) < k:
            chosen.add(rng.choices(range(1, n + 1), weights=weights)[0])
        return sorted(chosen)

    _enter_ballots(round_, rng, voters=present - 1, strikes=committee_strikes,
                   invalid={"unstamped": 1, "too_many_kept": 1, "identifying_mark": 1})
    services.round_finalize(acting_user=actor, round_=round_)
    services.round_publish(acting_user=actor, round_=round_)
    round_.refresh_from_db()
    result = round_.result or {}
    log(f"Bầu Ban Chấp hành: {len(result.get('elected', []))}/{COMMITTEE_SEATS} trúng cử "
        f"({result.get('ballots_collected')} phiếu)")

    # --- the secretary, by the new committee at its first session ---------------------------
    elected = list(committee.mandates.order_by("order"))
    secretary = services.election_create(
        acting_user=actor, organization=org, congress=congress,
        title=f"Bầu Bí thư Đảng ủy khóa mới, nhiệm kỳ {term}", kind=Election.Kind.SECRETARY,
        seats=1, ballot_format=Election.BallotFormat.APPROVE, term=term,
        electorate=Election.Electorate.COMMITTEE_CONFERENCE, committee_election=committee,
        seats_basis="Hội nghị lần thứ nhất Ban Chấp hành khóa mới", counting_members=COUNTING_NAMES,
    )
    services.committee_attendance_set(acting_user=actor, committee_election=committee,
                                      present=[m.pk for m in elected])  # all at the first session
    if elected:
        services.candidate_add(acting_user=actor, election=secretary, member=elected[0].member,
                               full_name=elected[0].full_name)
        s_round = services.round_create_first(acting_user=actor, election=secretary)
        seats = len(elected)
        services.round_setup(acting_user=actor, round_=s_round, electorate_convened=seats,
                             excluded=0, electorate_present=seats, ballots_issued=seats)
        services.counting_rules_confirm(acting_user=actor, election=secretary,
                                        open_reasons=["identifying_mark", "write_in"],
                                        blank_approve_ballot="invalid")
        services.round_start_counting(acting_user=actor, round_=s_round, groups=1)
        disagree = iter([True, False] + [False] * seats)
        _enter_ballots(s_round, rng, voters=seats, groups=1, invalid={},
                       strikes=lambda: [1] if next(disagree) else [])
        services.round_finalize(acting_user=actor, round_=s_round)
        services.round_publish(acting_user=actor, round_=s_round)

    # --- the delegation to the higher congress: list ready ---------------------------------
    delegation = services.election_create(
        acting_user=actor, organization=org, congress=congress,
        title="Bầu Đoàn đại biểu dự Đại hội Đảng bộ tỉnh", kind=Election.Kind.DELEGATION,
        seats=DELEGATION_SEATS, term=term, counting_members=counting_text,
        seats_basis="Ban Thường vụ Tỉnh ủy phân bổ 15 đại biểu chính thức",
    )
    for m in delegation_members:
        services.candidate_add(acting_user=actor, election=delegation, member=m)
    log(f"3 cuộc bầu cử (Ban Chấp hành, Bí thư, Đoàn đại biểu {DELEGATION_CANDIDATES} người "
        "đang chuẩn bị)")
