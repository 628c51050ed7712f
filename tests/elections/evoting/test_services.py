"""Casting, refusing, retrying and closing an electronic vote (services)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from daihoi.congress.models import Delegate
from daihoi.core.models import AuditLog
from daihoi.elections.evoting import services
from daihoi.elections.evoting.models import CastBallot, EVoteRound, VoterReceipt
from daihoi.elections.evoting.services import BallotInvalid, Outcome, VoteRefused
from daihoi.elections.models import CountingGroup, Round

from .conftest import NAMES, key_of, vote

pytestmark = pytest.mark.django_db


def test_a_delegate_votes_once(make_round: Callable[..., Round],
                               make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round()
    d = make_delegate()
    assert vote(d, round_, {"s": [0, 1]}) == Outcome.RECORDED
    # A second ballot form (new token) is refused: one delegate, one ballot.
    assert vote(d, round_, {"s": [2, 3]}) == Outcome.ALREADY_VOTED
    assert VoterReceipt.objects.filter(round=round_).count() == 1
    assert list(CastBallot.objects.filter(round=round_).values_list("choices", flat=True)) == [
        "sskkk"]


def test_a_retry_with_the_same_token_is_recorded_once(make_round: Callable[..., Round],
                                                      make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round()
    d = make_delegate()
    token = services.ballot_token(round_, key_of(d))
    assert vote(d, round_, {"s": [3, 4]}, token=token) == Outcome.RECORDED
    # The network failed after the server committed; the phone sends the same form again.
    assert vote(d, round_, {"s": [3, 4]}, token=token) == Outcome.ALREADY_RECORDED
    assert CastBallot.objects.filter(round=round_).count() == 1


def test_a_token_of_another_delegate_or_round_is_refused(make_round: Callable[..., Round],
                                                         make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round()
    a, b = make_delegate(), make_delegate()
    with pytest.raises(VoteRefused) as exc:
        vote(a, round_, {"s": [0, 1]}, token=services.ballot_token(round_, key_of(b)))
    assert exc.value.message == str(services.ERR_TOKEN)
    with pytest.raises(VoteRefused):
        vote(a, round_, {"s": [0, 1]}, token="forged:token")
    assert not VoterReceipt.objects.exists()


def test_not_checked_in_is_refused(make_round: Callable[..., Round],
                                   make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round()
    d = make_delegate(present=False)
    with pytest.raises(VoteRefused) as exc:
        vote(d, round_, {"s": [0, 1]})
    assert exc.value.message == str(services.ERR_NOT_PRESENT)
    assert not CastBallot.objects.exists()


def test_checked_out_is_refused(make_round: Callable[..., Round],
                                make_delegate: Callable[..., Delegate]) -> None:
    from django.utils import timezone

    round_ = make_round()
    d = make_delegate()
    d.checkins.update(checked_out_at=timezone.now())
    with pytest.raises(VoteRefused, match="điểm danh"):
        vote(d, round_, {"s": [0, 1]})


def test_a_user_who_is_not_a_delegate_is_refused(make_round: Callable[..., Round],
                                                 make_user: Callable[..., Any]) -> None:
    round_ = make_round()
    with pytest.raises(VoteRefused) as exc:
        services.vote_cast(acting_user=make_user("delegate"), round_=round_, token="x",
                           choices={"s": [0, 1]})
    assert exc.value.message == str(services.ERR_NOT_DELEGATE)


def test_seats_decide_who_votes(make_round: Callable[..., Round],
                                make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round()
    official = make_delegate()
    alternate = make_delegate(kind=Delegate.Kind.ALTERNATE)
    with pytest.raises(VoteRefused) as exc:
        vote(alternate, round_, {"s": [0, 1]})
    assert exc.value.message == str(services.ERR_NOT_ENTITLED)
    # The alternate replaces the official: now the alternate votes and the official does not.
    alternate.replaces = official
    alternate.save()
    assert vote(alternate, round_, {"s": [0, 1]}) == Outcome.RECORDED
    with pytest.raises(VoteRefused):
        vote(official, round_, {"s": [0, 1]})
    rejected = make_delegate(credentials=Delegate.Credentials.REJECTED)
    with pytest.raises(VoteRefused):
        vote(rejected, round_, {"s": [0, 1]})


def test_round_not_open_is_refused(make_round: Callable[..., Round],
                                   make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round(open=False)
    d = make_delegate()
    with pytest.raises(VoteRefused) as exc:
        vote(d, round_, {"s": [0, 1]})
    assert exc.value.message == str(services.ERR_NOT_OPEN)


def test_a_delegate_of_another_congress_is_refused(make_round: Callable[..., Round],
                                                   make_delegate: Callable[..., Delegate]) -> None:
    from daihoi.congress.models import Congress

    round_ = make_round()
    d = make_delegate()
    other = Congress.objects.create(organization=round_.election.organization, ordinal=17,
                                    term_start=2020, term_end=2025, starts_on="2020-06-01",
                                    ends_on="2020-06-02")
    round_.election.congress = other
    round_.election.save()
    round_.refresh_from_db()
    with pytest.raises(VoteRefused) as exc:
        vote(d, round_, {"s": [0, 1]})
    assert exc.value.message == str(services.ERR_NOT_DELEGATE)


@pytest.mark.parametrize(("choices", "message"), [
    ({"s": [0]}, "nhiều hơn số lượng cần bầu"),  # 4 kept for 3 seats
    ({"s": [0, 1, 2, 3, 4]}, "chưa bầu cho ai"),  # everyone struck
    ({"s": [9]}, "không đúng mẫu"),  # not on the list
])
def test_an_invalid_ballot_is_refused_and_nothing_is_recorded(
        make_round: Callable[..., Round], make_delegate: Callable[..., Delegate],
        choices: dict[str, list[int]], message: str) -> None:
    round_ = make_round()
    d = make_delegate()
    with pytest.raises(BallotInvalid, match=message):
        vote(d, round_, choices)
    assert not VoterReceipt.objects.exists() and not CastBallot.objects.exists()
    # The delegate corrects the ballot and votes.
    assert vote(d, round_, {"s": [0, 1]}) == Outcome.RECORDED


def test_approve_format(make_round: Callable[..., Round],
                        make_delegate: Callable[..., Delegate], counter: Any) -> None:
    round_ = make_round(seats=3, names=NAMES[:3], ballot_format="approve")
    voters = [make_delegate() for _ in range(4)]
    vote(voters[0], round_, {"a": [0, 1, 2], "d": []})
    vote(voters[1], round_, {"a": [0], "d": [1, 2]})
    vote(voters[2], round_, {"a": [0, 1], "d": []})  # line 3 unmarked: counts for nobody
    with pytest.raises(BallotInvalid):
        vote(voters[3], round_, {"a": [], "d": [0, 1, 2]})  # votes for nobody
    report = services.evote_close(acting_user=counter, round_=round_)
    names = [c.full_name for c in services.candidates_of(round_)]
    votes = dict(zip(names, report.result.votes, strict=True))
    assert sorted(votes.values(), reverse=True) == [3, 2, 1]


def test_too_many_agreed_says_to_untick_not_to_strike(
        make_round: Callable[..., Round], make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round(seats=2, names=NAMES[:3], ballot_format="approve")
    with pytest.raises(BallotInvalid) as exc:
        vote(make_delegate(), round_, {"a": [0, 1, 2], "d": []})
    assert exc.value.message == str(services.ERR_TOO_MANY_AGREED).format(kept=3, seats=2)
    assert "gạch" not in exc.value.message


def test_close_tallies_with_the_rules_and_finalizes(make_round: Callable[..., Round],
                                                    make_delegate: Callable[..., Delegate],
                                                    counter: Any) -> None:
    round_ = make_round(seats=2, convened=5)
    voters = [make_delegate() for _ in range(5)]
    # Candidates 0 and 1 are kept by everyone; 2, 3, 4 are struck by all: 0 and 1 get 5.
    for d in voters:
        vote(d, round_, {"s": [2, 3, 4]})
    audit_before = AuditLog.objects.count()
    report = services.evote_close(acting_user=counter, round_=round_)
    round_.refresh_from_db()
    assert report.receipts == 5 and report.finalized
    assert round_.status == Round.Status.CLOSED
    assert round_.result["ballots_collected"] == 5
    assert [c["votes"] for c in round_.result["candidates"]] == [5, 5, 0, 0, 0]
    assert len(round_.result["elected"]) == 2
    group = round_.groups.get()
    assert group.mode == CountingGroup.Mode.ELECTRONIC and group.totals["ballots_collected"] == 5
    closing = AuditLog.objects.filter(verb="evote_close").get()
    assert closing.after == {"receipts": 5, "ballots": 5}
    assert AuditLog.objects.count() > audit_before
    # Every ballot was mixed at close.
    assert not CastBallot.objects.filter(round=round_, mixed=False).exists()
    # Voting after the close is refused.
    with pytest.raises(VoteRefused):
        vote(make_delegate(), round_, {"s": [2, 3, 4]})


def test_votes_write_no_audit_rows_and_no_logs(make_round: Callable[..., Round],
                                               make_delegate: Callable[..., Delegate],
                                               caplog: pytest.LogCaptureFixture) -> None:
    round_ = make_round()
    d = make_delegate()
    before = AuditLog.objects.count()
    with caplog.at_level("DEBUG"):
        vote(d, round_, {"s": [0, 3]})
    assert AuditLog.objects.count() == before
    for record in caplog.records:
        if record.name == "django.db.backends":
            continue  # SQL debug logging is off in production (DEBUG=False)
        assert d.member.full_name not in record.getMessage()
        assert "[0, 3]" not in record.getMessage()


def test_only_the_counting_committee_opens_and_closes(make_round: Callable[..., Round],
                                                     office: Any, make_user: Callable[..., Any]) -> None:
    round_ = make_round(open=False)
    with pytest.raises(PermissionDenied):
        services.evote_open(acting_user=make_user("delegate"), round_=round_)
    counting = make_user("counting")
    services.evote_open(acting_user=counting, round_=round_)
    assert EVoteRound.objects.filter(round=round_).exists()
    with pytest.raises(ValidationError):
        services.evote_open(acting_user=counting, round_=round_)
    with pytest.raises(PermissionDenied):
        services.evote_close(acting_user=office, round_=round_)


def test_an_election_with_no_electorate_has_no_electronic_vote(
        make_round: Callable[..., Round], counter: Any) -> None:
    """Neither of a congress nor of a committee: no app knows who may vote."""
    round_ = make_round(open=False)
    election = round_.election
    election.congress = None
    election.save()
    with pytest.raises(ValidationError) as exc:
        services.evote_open(acting_user=counter, round_=round_)
    assert str(services.ERR_NO_ELECTORATE) in exc.value.messages
