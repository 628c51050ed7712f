"""Election services: the list, the surplus decision, floor nominations, withdrawals, paper
ballot entry, undo, double entry, tally sheets, rounds for ties and unfilled seats."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from daihoi.elections import selectors, services
from daihoi.elections.models import Candidate, CountingGroup, Decision, Election, Mandate, Round

from .conftest import confirm_counting

pytestmark = pytest.mark.django_db


def test_list_is_in_vietnamese_order_by_given_name(make_election: Any) -> None:
    election = make_election()
    names = [c.full_name for c in selectors.list_candidates(election)]
    # Given names: An, Bình, Cường, Dung, Em.
    assert names == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung",
                     "Hoàng Văn Em"]


def test_surplus_over_30_percent_needs_a_recorded_decision(make_election: Any, office: Any) -> None:
    # 3 seats, 5 names: surplus 2/3 = 66.67% > 30%.
    election = make_election(decide_surplus=False)
    status = selectors.surplus_status(election)
    assert status.applies and not status.ok
    with pytest.raises(ValidationError) as err:
        services.round_create_first(acting_user=office, election=election)
    assert "quyết định của đại hội" in str(err.value)
    services.decision_record(acting_user=office, election=election, kind=Decision.Kind.SURPLUS,
                             text="Đại hội đồng ý danh sách 5 người", decided_by="Đại hội")
    round_ = services.round_create_first(acting_user=office, election=election)
    assert round_.candidates.count() == 5
    assert Election.objects.get(pk=election.pk).status == Election.Status.VOTING


def test_surplus_within_range_needs_no_decision(make_election: Any, office: Any) -> None:
    # 10 seats, 13 names: the full 30% (190-QĐ/TW Điều 14); under it the congress decides.
    election = make_election(seats=10, names=[f"Nguyễn Văn Tên{i}" for i in range(13)],
                             decide_surplus=False)
    assert selectors.surplus_status(election).ok
    services.round_create_first(acting_user=office, election=election)


def test_floor_nomination_needs_more_than_30_percent_of_attending(make_election: Any,
                                                                  office: Any) -> None:
    election = make_election()
    # Attending 200: 60 is exactly 30%: rejected; 61 passes.
    rejected = services.candidate_add(acting_user=office, election=election, full_name="Đỗ Văn Giang",
                                      nomination=Candidate.Nomination.FLOOR, opinion_agree=60,
                                      opinion_attending=200)
    accepted = services.candidate_add(acting_user=office, election=election, full_name="Vũ Thị Hà",
                                      nomination=Candidate.Nomination.SELF, opinion_agree=61,
                                      opinion_attending=200)
    assert rejected.nomination_status == "rejected"
    assert accepted.nomination_status == "accepted"
    listed = selectors.list_candidates(election)
    assert accepted in listed and rejected not in listed
    with pytest.raises(ValidationError):
        services.candidate_add(acting_user=office, election=election, full_name="X Y Z",
                               nomination=Candidate.Nomination.FLOOR, opinion_agree=201,
                               opinion_attending=200)


def test_withdrawal_is_recorded_and_leaves_the_list(make_election: Any, office: Any) -> None:
    election = make_election()
    cand = selectors.list_candidates(election)[0]
    with pytest.raises(ValidationError):
        services.candidate_withdraw(acting_user=office, candidate=cand, reason="", approved_by="")
    services.candidate_withdraw(acting_user=office, candidate=cand, reason="Lý do sức khỏe",
                                approved_by="Đoàn Chủ tịch")
    cand.refresh_from_db()
    assert cand.withdrawn and cand.withdrawal_approved_by == "Đoàn Chủ tịch"
    assert cand not in selectors.list_candidates(election)


def _enter(round_: Round, user: Any, marks: str, **kw: Any) -> services.EnteredBallot:
    group = round_.groups.filter(mode=CountingGroup.Mode.BALLOTS).first()
    return services.ballot_enter(acting_user=user, group=group, marks=marks, **kw)


def test_entry_counts_and_undo(counting_round: Any, counter: Any) -> None:
    round_ = counting_round()
    # Ballot order: 1 An, 2 Bình, 3 Cường, 4 Dung, 5 Em; 3 seats: strike at least 2.
    assert _enter(round_, counter, "4 5").reason is None
    assert _enter(round_, counter, "4,5").reason is None
    assert _enter(round_, counter, "1 5").reason is None
    assert str(_enter(round_, counter, "5").reason) == "too_many_kept"
    assert str(_enter(round_, counter, "*").reason) == "all_struck"
    assert str(_enter(round_, counter, "4 5", unstamped=True).reason) == "unstamped"
    group = round_.groups.get()
    assert services.ballot_undo(acting_user=counter, group=group) == 6
    count = selectors.round_count(round_)
    assert count.result.ballots_collected == 5
    assert count.result.valid == 3
    assert count.result.votes == (2, 3, 3, 1, 0)
    with pytest.raises(ValidationError):
        _enter(round_, counter, "9")
    with pytest.raises(ValidationError):
        _enter(round_, counter, "abc")


def test_only_counting_committee_enters(counting_round: Any, office: Any, make_user: Any) -> None:
    round_ = counting_round()
    delegate = make_user("delegate")
    for user in (office, delegate):
        with pytest.raises(PermissionDenied):
            _enter(round_, user, "4 5")


def test_double_entry_mismatch_listed_then_resolved(counting_round: Any, counter: Any) -> None:
    round_ = counting_round(double_entry=True)
    group = round_.groups.get()
    for marks in ("4 5", "1 2", "3 4"):
        services.ballot_enter(acting_user=counter, group=group, marks=marks, entry=1)
    for marks in ("4 5", "1 3", "3 4"):
        services.ballot_enter(acting_user=counter, group=group, marks=marks, entry=2)
    agreed, mismatches = selectors.effective_ballots(group)
    assert [m.position for m in mismatches] == [2]
    assert len(agreed) == 2
    assert selectors.round_count(round_).result.ballots_collected == 2
    with pytest.raises(ValidationError) as err:
        services.round_finalize(acting_user=counter, round_=round_)
    assert "không khớp" in str(err.value)
    services.ballot_resolve(acting_user=counter, group=group, position=2, take=2)
    agreed, mismatches = selectors.effective_ballots(group)
    assert mismatches == [] and len(agreed) == 3


def test_tally_sheet_group_sums_with_ballot_group(counting_round: Any, counter: Any) -> None:
    round_ = counting_round(convened=20, issued=20, sheet_groups=1)
    ballots_group, sheet = list(round_.groups.order_by("number"))
    for marks in ("4 5", "4 5", "1 2"):
        services.ballot_enter(acting_user=counter, group=ballots_group, marks=marks)
    # A sheet that cannot be: a candidate with more votes than valid ballots.
    with pytest.raises(ValidationError):
        services.group_sheet_save(acting_user=counter, group=sheet, ballots_collected=5,
                                  invalid_by_reason={"unstamped": 1}, votes=[5, 0, 0, 0, 0])
    services.group_sheet_save(acting_user=counter, group=sheet, ballots_collected=5,
                              invalid_by_reason={"unstamped": 1}, votes=[4, 4, 4, 0, 0])
    result = selectors.round_count(round_).result
    assert result.ballots_collected == 8
    assert result.invalid == 1
    assert result.votes == (6, 6, 7, 1, 1)


def test_finalize_writes_mandates_and_closes(counting_round: Any, counter: Any,
                                             office: Any) -> None:
    round_ = counting_round(convened=4, issued=4)
    for marks in ("4 5", "4 5", "4 5", "3 5"):
        _enter(round_, counter, marks)
    services.round_finalize(acting_user=counter, round_=round_)
    round_.refresh_from_db()
    assert round_.status == Round.Status.CLOSED
    # base 4, threshold 3: An 4, Bình 4, Cường 3 (elected), Dung 1.
    assert round_.result["threshold"] == 3
    elected = list(Mandate.objects.filter(round=round_).order_by("order")
                   .values_list("full_name", "votes"))
    assert elected == [("Nguyễn Văn An", 4), ("Trần Thị Bình", 4), ("Lê Văn Cường", 3)]
    assert round_.election.status == Election.Status.CLOSED
    assert selectors.round_propose_next(round_) is None


def test_tie_proposes_a_round_among_the_tied(counting_round: Any, counter: Any,
                                             office: Any) -> None:
    round_ = counting_round(convened=6, issued=6)
    # Base 6, threshold 4: An 5, Bình 5; Cường and Dung 4 each for the last seat.
    for marks in ("4 5", "4 5", "3 5", "3 5", "2 5", "1 5"):
        _enter(round_, counter, marks)
    services.round_finalize(acting_user=counter, round_=round_)
    round_.refresh_from_db()
    assert round_.result["tie"]["seats"] == 1
    proposal = selectors.round_propose_next(round_)
    assert proposal is not None and proposal.kind == "tie" and proposal.seats == 1
    assert [c.full_name for c in proposal.candidates] == ["Lê Văn Cường", "Phạm Thị Dung"]
    assert round_.election.status == Election.Status.VOTING
    with pytest.raises(ValidationError):
        services.round_create_next(acting_user=office, round_=round_, decided_by="", text="")
    new = services.round_create_next(acting_user=office, round_=round_,
                                     decided_by="Đoàn Chủ tịch", text="Bầu lại giữa hai đồng chí")
    assert new.number == 2 and new.seats == 1 and new.reason == "tie"
    assert new.candidates.count() == 2
    assert Decision.objects.filter(round=new, kind=Decision.Kind.TIE_ROUND).exists()


def test_unfilled_seats_propose_a_round_among_the_not_elected(counting_round: Any, counter: Any,
                                                              office: Any) -> None:
    round_ = counting_round(convened=10, issued=4)
    # base 10, threshold 6: 4 ballots cannot elect anyone.
    for marks in ("4 5", "3 5", "4 5", "3 5"):
        _enter(round_, counter, marks)
    services.round_finalize(acting_user=counter, round_=round_)
    round_.refresh_from_db()
    assert round_.result["unfilled"] == 3
    proposal = selectors.round_propose_next(round_)
    assert proposal is not None and proposal.kind == "unfilled" and len(proposal.candidates) == 5
    new = services.round_create_next(acting_user=office, round_=round_, decided_by="Đại hội",
                                     text="Bầu tiếp", added_names=["Đinh Văn Khoa"])
    assert new.candidates.count() == 6
    services.election_stop(acting_user=office, election=round_.election, decided_by="Đại hội",
                           text="Không bầu tiếp")
    assert Election.objects.get(pk=round_.election.pk).status == Election.Status.CLOSED


def test_electronic_totals_enter_as_a_group(counting_round: Any, counter: Any) -> None:
    round_ = counting_round(convened=10, issued=10)
    cands = selectors.ballot_candidates(round_)
    _enter(round_, counter, "4 5")
    services.round_record_totals(acting_user=counter, round_=round_, ballots_collected=6,
                                 invalid_by_reason={"all_struck": 1},
                                 votes={cands[0].pk: 5, cands[1].pk: 5, cands[2].pk: 5})
    result = selectors.round_count(round_).result
    assert result.ballots_collected == 7
    assert result.votes[:3] == (6, 6, 6)


def test_delegation_alternates_from_the_remaining(org: Any, office: Any, counter: Any) -> None:
    election = services.election_create(acting_user=office, organization=org, title="Đoàn đại biểu",
                                        kind=Election.Kind.DELEGATION, seats=2)
    for name in ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]:
        services.candidate_add(acting_user=office, election=election, full_name=name)
    round_ = services.round_create_first(acting_user=office, election=election)
    services.round_setup(acting_user=counter, round_=round_, electorate_convened=3, excluded=0,
                         ballots_issued=3)
    confirm_counting(election, counter)
    services.round_start_counting(acting_user=counter, round_=round_)
    for marks in ("3 4", "3 4", "2 4"):
        _enter(round_, counter, marks)
    services.round_finalize(acting_user=counter, round_=round_)
    alt = services.election_create_alternates(acting_user=office, election=election, seats=1)
    assert alt.follows == election
    assert sorted(c.full_name for c in alt.candidates.all()) == ["Lê Văn Cường", "Phạm Thị Dung"]
    assert list(Mandate.objects.filter(election=election).values_list("position", flat=True)) == [
        Mandate.Position.DELEGATE_OFFICIAL] * 2


def test_ballot_entry_and_undo_are_audited_without_content(counting_round: Any, counter: Any) -> None:
    from daihoi.core.models import AuditLog

    round_ = counting_round()
    entered = _enter(round_, counter, "4 5")
    row = AuditLog.objects.filter(verb="ballot_enter").get()
    assert row.actor == counter and row.after == {"group": entered.ballot.group_id, "entry": 1,
                                                   "position": 1}
    services.ballot_undo(acting_user=counter, group=round_.groups.get())
    assert AuditLog.objects.filter(verb="ballot_undo").count() == 1


def test_alternates_ordered_by_votes(org: Any, office: Any, counter: Any) -> None:
    """190-QĐ/TW Điều 18 (open, a parameter): the alternates replace in the order of votes."""
    officials = services.election_create(acting_user=office, organization=org, title="Đoàn",
                                         kind=Election.Kind.DELEGATION, seats=1)
    for name in ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]:
        services.candidate_add(acting_user=office, election=officials, full_name=name)

    def count(election: Election, convened: int, ballots: list[str]) -> None:
        round_ = services.round_create_first(acting_user=office, election=election)
        services.round_setup(acting_user=counter, round_=round_, electorate_convened=convened,
                             excluded=0, ballots_issued=convened)
        confirm_counting(election, counter)
        services.round_start_counting(acting_user=counter, round_=round_)
        for marks in ballots:
            _enter(round_, counter, marks)
        services.round_finalize(acting_user=counter, round_=round_)

    # An elected official (3 of 3 keep An).
    count(officials, 3, ["2 3 4", "2 3 4", "2 3 4"])
    alternates = services.election_create_alternates(acting_user=office, election=officials,
                                                     seats=2)
    # Ballot order now Bình, Cường, Dung; 2 seats. Cường 3 votes, Bình 2, Dung 1.
    count(alternates, 3, ["3", "3", "1"])
    rows = list(Mandate.objects.filter(election=alternates).order_by("order")
                .values_list("full_name", "order", "votes", "position"))
    assert rows == [("Lê Văn Cường", 1, 3, "delegate_alternate"),
                    ("Trần Thị Bình", 2, 2, "delegate_alternate")]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_groups_summed_equal_one_count_of_all_ballots(counting_round: Any, counter: Any,
                                                      seed: int) -> None:
    """The round's result (each group as totals, summed, then rules.count_totals) is the
    same as rules.count over every ballot in one pile: splitting the boxes changes nothing."""
    import random

    from daihoi.rules import counting as rules

    rng = random.Random(seed)
    round_ = counting_round(convened=80, issued=80, groups=3)
    groups = list(round_.groups.order_by("number"))
    papers = []
    for _ in range(rng.randint(30, 70)):
        struck = sorted(rng.sample(range(1, 6), rng.choice([0, 1, 2, 2, 3, 5])))
        flags = {"unstamped": rng.random() < 0.05, "write_in": rng.random() < 0.03}
        services.ballot_enter(acting_user=counter, group=rng.choice(groups),
                              marks=" ".join(map(str, struck)) or "", **flags)
        papers.append((struck, flags))
    combined = selectors.round_count(round_).result
    contest = selectors.contest_of(round_)
    one_pile = rules.count(contest, [
        rules.Ballot(struck=frozenset(i - 1 for i in s), unstamped=f["unstamped"],
                     write_in=("x",) if f["write_in"] else ()) for s, f in papers])
    assert combined.to_json() == one_pile.to_json()


def test_approve_format_entry(counting_round: Any, counter: Any) -> None:
    """190-QĐ/TW Điều 30 khoản 1: a line marked in both boxes or in neither does not count for
    that candidate and the ballot stays valid."""
    round_ = counting_round(convened=5, issued=5, seats=5, ballot_format="approve",
                            decide_surplus=True)
    group = round_.groups.get()
    services.ballot_enter(acting_user=counter, group=group, marks="2")  # disagree with Bình
    services.ballot_enter(acting_user=counter, group=group, marks="", void_lines="3 4")
    saved = services.ballot_enter(acting_user=counter, group=group, marks="*")
    assert str(saved.reason) == "all_struck"  # disagrees with everyone: votes for nobody
    with pytest.raises(ValidationError):
        services.ballot_enter(acting_user=counter, group=group, marks="3", void_lines="3")
    result = selectors.round_count(round_).result
    assert result.valid == 2 and result.invalid == 1
    assert result.votes == (2, 1, 1, 1, 2)


def test_withdrawal_after_the_list_is_closed_but_before_the_vote(make_election: Any, office: Any,
                                                                  counter: Any) -> None:
    election = make_election()
    round_ = services.round_create_first(acting_user=office, election=election)
    cand = selectors.ballot_candidates(round_)[0]
    services.candidate_withdraw(acting_user=office, candidate=cand, reason="Ốm",
                                approved_by="Đoàn Chủ tịch")
    assert cand not in selectors.ballot_candidates(round_)
    services.round_open_voting(acting_user=counter, round_=round_)
    other = selectors.ballot_candidates(round_)[0]
    with pytest.raises(ValidationError) as err:
        services.candidate_withdraw(acting_user=office, candidate=other, reason="x",
                                    approved_by="Đoàn Chủ tịch")
    assert str(services.ERR_WITHDRAW_AFTER_VOTE) in str(err.value)


def test_a_reason_the_rule_set_does_not_apply_leaves_the_ballot_valid(counting_round: Any,
                                                                       counter: Any) -> None:
    """Write-ins are an *open* rule (RULES.md, 244-QĐ/TW Điều 17 lists three reasons only):
    an election whose rule set leaves that reason out counts such a ballot as valid."""
    from daihoi.rules.counting import InvalidReason
    from daihoi.rules.rulesets import RuleSet

    round_ = counting_round()
    election = round_.election
    reasons = tuple(r for r in InvalidReason if r != InvalidReason.WRITE_IN)
    election.rules = RuleSet.from_dict({"invalid_reasons": [str(r) for r in reasons]}).to_dict()
    election.save(update_fields=["rules"])
    _enter(round_, counter, "4 5", write_in=True)
    _enter(round_, counter, "4 5", unstamped=True)
    result = selectors.round_count(round_).result
    assert result.valid == 1
    assert result.invalid_by_reason[InvalidReason.UNSTAMPED] == 1
    assert result.invalid_by_reason[InvalidReason.WRITE_IN] == 0


def test_a_member_of_the_counting_committee_cannot_stand(org: Any, office: Any) -> None:
    """190-QĐ/TW Điều 8: the counting committee is made of delegates who are not candidates."""
    import datetime as dt

    from daihoi.congress.models import Body, BodyMember, Congress
    from daihoi.organizations.models import Member

    congress = Congress.objects.create(organization=org, ordinal=1, term_start=2025, term_end=2030,
                                       starts_on=dt.date(2025, 8, 20), ends_on=dt.date(2025, 8, 21))
    teller, other = (Member.objects.create(full_name=n, gender="male", organization=org,
                                           date_of_birth=dt.date(1980, 1, 1),
                                           admission_date=dt.date(2005, 1, 1), status="full")
                     for n in ("Lê Văn Kiểm", "Trần Văn Bầu"))
    body = Body.objects.create(congress=congress, kind=Body.Kind.COUNTING)
    BodyMember.objects.create(body=body, member=teller)
    election = services.election_create(acting_user=office, organization=org, congress=congress,
                                        title="Bầu Ban Chấp hành", kind="committee", seats=1,
                                        term="2025–2030")
    services.candidate_add(acting_user=office, election=election, member=other)
    with pytest.raises(ValidationError, match="Ban Kiểm phiếu"):
        services.candidate_add(acting_user=office, election=election, member=teller)


def test_round_setup_refuses_a_base_of_zero(make_election: Any, office: Any, counter: Any) -> None:
    """RULES.md: a base of zero or less is an error, never silently 1: 2 convened, 2 excluded."""
    election = make_election()
    round_ = services.round_create_first(acting_user=office, election=election)
    with pytest.raises(ValidationError) as err:
        services.round_setup(acting_user=counter, round_=round_, electorate_convened=2, excluded=2,
                             ballots_issued=0, electorate_present=0)
    assert "ít nhất là 1" in str(err.value)
