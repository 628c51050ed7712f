"""The encrypted scheme's ballot (issue 21, docs/evote-protocol.md §4): opening once the key is
made, casting an encrypted ballot exactly once, challenging one, and the close handing the
encrypted sum to the trustees. Ballots are made with the Python crypto, as the delegate's
browser makes them with crypto.js (their agreement is tests/elections/evoting/crypto/)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from daihoi.congress.models import Delegate
from daihoi.elections.evoting import selectors, services
from daihoi.elections.evoting.crypto import ballots
from daihoi.elections.evoting.crypto.group import CryptoError
from daihoi.elections.evoting.models import (
    CastBallot,
    ChallengeCount,
    EncryptedBallot,
    EVoteRound,
    SpoiledBallot,
    VoterReceipt,
)
from daihoi.elections.evoting.services import BallotInvalid, Outcome, VoteRefused
from daihoi.elections.models import Round

from .conftest import Ceremony, encrypt, key_of, user_of, vote_encrypted

pytestmark = pytest.mark.django_db

ENCRYPTED = EVoteRound.Scheme.ENCRYPTED


def kept(*indexes: int, count: int = 5) -> list[int]:
    """A strike ballot's selections: 1 for each name kept."""
    return [1 if i in indexes else 0 for i in range(count)]


def _spoil(delegate: Delegate, done: Ceremony, choices: list[int],
           token: str | None = None) -> tuple[str, list[int]]:
    ballot, reveal = encrypt(done.keys(), choices)
    opened = services.ballot_spoil(
        acting_user=user_of(delegate), round_=done.round,
        token=token or services.ballot_token(done.round, key_of(delegate)),
        ballot=ballot, reveal=reveal)
    return ballot, opened


def test_the_encrypted_scheme_opens_only_once_the_key_is_made(
        make_round: Callable[..., Round], make_encrypted_round: Callable[..., Ceremony],
        counter: Any) -> None:
    bare = make_round(open=False)
    with pytest.raises(ValidationError, match="chưa tạo khóa"):
        services.evote_open(acting_user=counter, round_=bare, scheme=ENCRYPTED)
    bare.refresh_from_db()
    assert bare.status == Round.Status.PREPARING and not bare.electronic
    with pytest.raises(ValidationError):
        services.evote_open(acting_user=counter, round_=bare, scheme="rot13")
    done = make_encrypted_round(open=False)
    assert services.evote_open(acting_user=counter, round_=done.round,
                               scheme=ENCRYPTED).status == Round.Status.VOTING
    state = EVoteRound.objects.get(round=done.round)
    assert state.scheme == ENCRYPTED and state.public_key and state.extended_hash
    # The manifest the ceremony fixed is kept (every proof hashes it).
    assert json.loads(state.manifest)["candidates"] == [
        c.full_name for c in services.candidates_of(done.round)]


def test_the_plain_scheme_stays_the_default_of_the_service(
        make_encrypted_round: Callable[..., Ceremony], counter: Any) -> None:
    """A round with a key may still be opened plain (the committee's choice on the page)."""
    done = make_encrypted_round(open=False)
    services.evote_open(acting_user=counter, round_=done.round)
    round_ = Round.objects.select_related("evote").get(pk=done.round.pk)
    assert not selectors.is_encrypted(round_)


def test_a_delegate_casts_an_encrypted_ballot_once(
        make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate]) -> None:
    done = make_encrypted_round()
    d = make_delegate()
    token = services.ballot_token(done.round, key_of(d))
    ballot, _reveal = encrypt(done.keys(), kept(0, 1, 2))
    cast = services.vote_cast_encrypted(acting_user=user_of(d), round_=done.round, token=token,
                                        ballot=ballot)
    assert cast == services.Cast(Outcome.RECORDED, json.loads(ballot)["tracker"])
    [row] = EncryptedBallot.objects.filter(round=done.round)
    assert row.tracker == cast.tracker
    assert row.ballot == ballots.canonical(json.loads(ballot))  # the stored form, canonical
    assert not CastBallot.objects.exists()  # no clear ballot anywhere
    # The phone lost the answer and sends the same ballot with the same token: counted once.
    again = services.vote_cast_encrypted(acting_user=user_of(d), round_=done.round, token=token,
                                         ballot=ballot)
    assert again.outcome == Outcome.ALREADY_RECORDED
    # Another ballot from another form: "đã bỏ phiếu".
    assert vote_encrypted(d, done, kept(3, 4)).outcome == Outcome.ALREADY_VOTED
    assert EncryptedBallot.objects.count() == 1 and VoterReceipt.objects.count() == 1


def test_a_delegate_who_has_voted_is_answered_before_any_proof_is_checked(
        make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate], monkeypatch: pytest.MonkeyPatch) -> None:
    """A resend and a second form cost the server no proof check (~20 ms each on 30 names);
    the answer is the same as after one."""
    done = make_encrypted_round()
    d = make_delegate()
    token = services.ballot_token(done.round, key_of(d))
    ballot, _reveal = encrypt(done.keys(), kept(0, 1))
    first = services.vote_cast_encrypted(acting_user=user_of(d), round_=done.round, token=token,
                                         ballot=ballot)
    checked: list[object] = []
    monkeypatch.setattr(ballots, "verify_ballot", lambda *args: checked.append(args))
    again = services.vote_cast_encrypted(acting_user=user_of(d), round_=done.round, token=token,
                                         ballot=ballot)
    assert again == services.Cast(Outcome.ALREADY_RECORDED, first.tracker)
    assert vote_encrypted(d, done, kept(3)).outcome == Outcome.ALREADY_VOTED
    assert checked == []
    # Garbage resent with the right token is refused as malformed, not echoed.
    with pytest.raises(VoteRefused):
        services.vote_cast_encrypted(acting_user=user_of(d), round_=done.round, token=token,
                                     ballot=json.dumps({"tracker": "x", "selections": 1}))
    # A delegate who has not voted still has every proof checked.
    other = make_delegate()
    assert vote_encrypted(other, done, kept(2)).outcome == Outcome.RECORDED
    assert len(checked) == 1
    assert EncryptedBallot.objects.count() == 2 and VoterReceipt.objects.count() == 2


def test_a_copy_of_another_delegates_ballot_is_refused(
        make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate]) -> None:
    """Copying a ballot from the board (to vote as another did) is refused, and the copier's
    receipt is not kept: they may still vote."""
    done = make_encrypted_round()
    a, b = make_delegate(), make_delegate()
    ballot, _reveal = encrypt(done.keys(), kept(0, 1))
    services.vote_cast_encrypted(acting_user=user_of(a), round_=done.round,
                                 token=services.ballot_token(done.round, key_of(a)), ballot=ballot)
    with pytest.raises(BallotInvalid) as exc:
        services.vote_cast_encrypted(acting_user=user_of(b), round_=done.round,
                                     token=services.ballot_token(done.round, key_of(b)),
                                     ballot=ballot)
    assert exc.value.message == str(services.ERR_TRACKER_TAKEN)
    assert not services.has_voted(done.round, key_of(b))
    assert vote_encrypted(b, done, kept(2)).outcome == Outcome.RECORDED


def _altered(ballot: str, path: tuple[Any, ...]) -> str:
    data = json.loads(ballot)
    node = data
    for step in path[:-1]:
        node = node[step]
    value = node[path[-1]]
    node[path[-1]] = ("1" if value[0] != "1" else "2") + value[1:]
    return json.dumps(data)


@pytest.mark.parametrize("path", [
    ("selections", 0, "beta"),  # another ciphertext: the proofs no longer hold
    ("selections", 2, "proof", 1, 0),
    ("contests", 0, "proof", 0, 1),
    ("tracker",),
])
def test_an_altered_ballot_is_refused_and_nothing_is_recorded(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        path: tuple[Any, ...]) -> None:
    done = make_encrypted_round()
    d = make_delegate()
    ballot, _reveal = encrypt(done.keys(), kept(0, 1))
    token = services.ballot_token(done.round, key_of(d))
    with pytest.raises(VoteRefused) as exc:
        services.vote_cast_encrypted(acting_user=user_of(d), round_=done.round, token=token,
                                     ballot=_altered(ballot, path))
    assert "không chứng minh được" in exc.value.message or "không đúng mẫu" in exc.value.message
    assert not VoterReceipt.objects.exists() and not EncryptedBallot.objects.exists()
    cast = services.vote_cast_encrypted(acting_user=user_of(d), round_=done.round, token=token,
                                        ballot=ballot)
    assert cast.outcome == Outcome.RECORDED


@pytest.mark.parametrize("posted", ["", "not json", "[]", '{"tracker": 5}', '{"tracker": "ab"}',
                                    json.dumps({"selections": [], "contests": [], "tracker": "0" * 64})])
def test_a_malformed_ballot_is_refused(make_encrypted_round: Callable[..., Ceremony],
                                       make_delegate: Callable[..., Delegate], posted: str) -> None:
    done = make_encrypted_round()
    d = make_delegate()
    with pytest.raises(VoteRefused):
        services.vote_cast_encrypted(acting_user=user_of(d), round_=done.round,
                                     token=services.ballot_token(done.round, key_of(d)),
                                     ballot=posted)
    assert not VoterReceipt.objects.exists()


def test_a_ballot_made_for_another_round_is_refused(
        make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate]) -> None:
    """Every proof hashes the round's extended hash (its manifest and key): a ballot proved
    for another round does not verify here."""
    first, second = make_encrypted_round(), make_encrypted_round()
    d = make_delegate()
    ballot, _reveal = encrypt(first.keys(), kept(0))
    with pytest.raises(BallotInvalid):
        services.vote_cast_encrypted(acting_user=user_of(d), round_=second.round,
                                     token=services.ballot_token(second.round, key_of(d)),
                                     ballot=ballot)


def test_more_names_than_seats_cannot_even_be_encrypted(
        make_encrypted_round: Callable[..., Ceremony]) -> None:
    done = make_encrypted_round(seats=3)
    with pytest.raises(CryptoError):
        encrypt(done.keys(), kept(0, 1, 2, 3))
    with pytest.raises(CryptoError):
        encrypt(done.keys(), kept())  # nobody elected: invalid too


def test_the_refusals_of_the_plain_scheme_hold(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        make_user: Callable[..., Any]) -> None:
    done = make_encrypted_round()
    with pytest.raises(VoteRefused) as exc:
        vote_encrypted(make_delegate(present=False), done, kept(0))
    assert exc.value.message == str(services.ERR_NOT_PRESENT)
    a, b = make_delegate(), make_delegate()
    with pytest.raises(VoteRefused) as exc:
        vote_encrypted(a, done, kept(0), token=services.ballot_token(done.round, key_of(b)))
    assert exc.value.message == str(services.ERR_TOKEN)
    ballot, _ = encrypt(done.keys(), kept(0))
    with pytest.raises(VoteRefused) as exc:
        services.vote_cast_encrypted(acting_user=make_user("delegate"), round_=done.round,
                                     token="x", ballot=ballot)
    assert exc.value.message == str(services.ERR_NOT_DELEGATE)
    assert not VoterReceipt.objects.exists()


def test_an_encrypted_ballot_is_not_taken_by_a_plain_round(
        make_round: Callable[..., Round], make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate]) -> None:
    done = make_encrypted_round()
    plain = make_round()
    d = make_delegate()
    ballot, _ = encrypt(done.keys(), kept(0))
    with pytest.raises(VoteRefused) as exc:
        services.vote_cast_encrypted(acting_user=user_of(d), round_=plain,
                                     token=services.ballot_token(plain, key_of(d)), ballot=ballot)
    assert exc.value.message == str(services.ERR_NOT_ENCRYPTED)


# --- the challenge (Benaloh) ---------------------------------------------------------------
def test_a_challenged_ballot_is_published_opened_and_never_counted(
        make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate]) -> None:
    done = make_encrypted_round()
    d = make_delegate()
    token = services.ballot_token(done.round, key_of(d))
    ballot, opened = _spoil(d, done, kept(1, 3), token=token)
    assert opened == kept(1, 3)
    [spoiled] = SpoiledBallot.objects.filter(round=done.round)
    assert spoiled.tracker == json.loads(ballot)["tracker"]
    assert spoiled.reveal["choices"] == kept(1, 3) and len(spoiled.reveal["nonces"]) == 5
    # A challenge records no vote, and the challenged ballot cannot be cast afterwards (its
    # nonces are public: casting it would show the vote).
    assert not services.has_voted(done.round, key_of(d))
    with pytest.raises(BallotInvalid) as exc:
        services.vote_cast_encrypted(acting_user=user_of(d), round_=done.round, token=token,
                                     ballot=ballot)
    assert exc.value.message == str(services.ERR_SPOILED_CAST)
    # The same challenge again is stored once; then the delegate votes with a fresh ballot.
    again = services.ballot_spoil(acting_user=user_of(d), round_=done.round, token=token,
                                  ballot=ballot, reveal={"nonces": spoiled.reveal["nonces"],
                                                         "choices": kept(1, 3)})
    assert again == kept(1, 3) and SpoiledBallot.objects.count() == 1
    assert vote_encrypted(d, done, kept(1, 3), token=token).outcome == Outcome.RECORDED
    assert EncryptedBallot.objects.count() == 1


def test_a_challenge_that_does_not_open_the_ballot_is_refused(
        make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate]) -> None:
    done = make_encrypted_round()
    d = make_delegate()
    ballot, reveal = encrypt(done.keys(), kept(0, 2))
    token = services.ballot_token(done.round, key_of(d))
    lying = {"nonces": reveal["nonces"], "choices": kept(0, 1)}
    with pytest.raises(BallotInvalid):
        services.ballot_spoil(acting_user=user_of(d), round_=done.round, token=token,
                              ballot=ballot, reveal=lying)
    other_nonces = {"nonces": list(reversed(reveal["nonces"])), "choices": reveal["choices"]}
    with pytest.raises(BallotInvalid):
        services.ballot_spoil(acting_user=user_of(d), round_=done.round, token=token,
                              ballot=ballot, reveal=other_nonces)
    assert not SpoiledBallot.objects.exists()


def test_only_a_delegate_who_may_still_vote_challenges(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        make_user: Callable[..., Any]) -> None:
    done = make_encrypted_round()
    d = make_delegate()
    ballot, reveal = encrypt(done.keys(), kept(0))
    with pytest.raises(VoteRefused):
        services.ballot_spoil(acting_user=make_user("delegate"), round_=done.round, token="x",
                              ballot=ballot, reveal=reveal)
    vote_encrypted(d, done, kept(0))
    with pytest.raises(VoteRefused) as exc:
        _spoil(d, done, kept(1))
    assert exc.value.message == str(services.ERR_ALREADY_VOTED)
    # A cast ballot's nonces are never published, whoever asks.
    other = make_delegate()
    cast_ballot = EncryptedBallot.objects.get().ballot
    with pytest.raises(VoteRefused):
        services.ballot_spoil(acting_user=user_of(other), round_=done.round,
                              token=services.ballot_token(done.round, key_of(other)),
                              ballot=cast_ballot, reveal=reveal)
    assert not SpoiledBallot.objects.exists()


# --- the close -----------------------------------------------------------------------------
def test_the_close_adds_up_and_the_trustees_decrypt_the_totals(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        counter: Any) -> None:
    done = make_encrypted_round(seats=3, convened=10)
    contents = [kept(0, 1, 2), kept(0, 1), kept(0, 3), kept(4), kept(0, 1, 4)]
    for choices in contents:
        assert vote_encrypted(make_delegate(), done, choices).outcome == Outcome.RECORDED
    _spoil(make_delegate(), done, kept(2, 3, 4))  # on the board, not in the count
    report = services.evote_close_encrypted(acting_user=counter, round_=done.round)
    assert report.receipts == 5 and not report.decrypted
    round_ = Round.objects.get(pk=done.round.pk)
    assert round_.status == Round.Status.COUNTING
    with pytest.raises(VoteRefused):  # the vote is over
        vote_encrypted(make_delegate(), done, kept(0))
    # The ballots were mixed: the same ones, fresh keys.
    assert EncryptedBallot.objects.filter(round=round_).count() == 5
    assert SpoiledBallot.objects.filter(round=round_).count() == 1
    # k = 2 of 3: one trustee's share decrypts nothing, the second gives the totals.
    assert not done.decrypt(3).decrypted
    final = done.decrypt(1)
    assert final.decrypted and final.finalized
    round_.refresh_from_db()
    assert round_.status == Round.Status.CLOSED
    expected = [sum(c[i] for c in contents) for i in range(5)]
    assert [c["votes"] for c in round_.result["candidates"]] == expected
    assert EVoteRound.objects.get(round=round_).totals == expected


def test_closing_an_encrypted_round_with_the_plain_close_is_refused(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        counter: Any) -> None:
    """The plain count reads clear ballots; an encrypted round has none: not "0 votes"."""
    done = make_encrypted_round()
    vote_encrypted(make_delegate(), done, kept(0))
    with pytest.raises(ValidationError):
        services.evote_close(acting_user=counter, round_=done.round)
    assert Round.objects.get(pk=done.round.pk).status == Round.Status.VOTING


@pytest.mark.django_db(transaction=True)
def test_the_close_mixes_the_encrypted_and_the_spoiled_ballots(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        counter: Any) -> None:
    """As the plain close does (test_unlinkability): fresh keys, and on PostgreSQL every
    encrypted ballot written by the one transaction of the mix, none by a vote."""
    from django.db import connection

    done = make_encrypted_round(convened=10)
    for choices in (kept(0), kept(1, 2), kept(3)):
        vote_encrypted(make_delegate(), done, choices)
    _spoil(make_delegate(), done, kept(4))
    before = set(EncryptedBallot.objects.values_list("id", flat=True))
    trackers = set(EncryptedBallot.objects.values_list("tracker", flat=True))
    spoiled_before = set(SpoiledBallot.objects.values_list("id", flat=True))
    services.evote_close_encrypted(acting_user=counter, round_=done.round)
    assert not before & set(EncryptedBallot.objects.values_list("id", flat=True))
    assert set(EncryptedBallot.objects.values_list("tracker", flat=True)) == trackers
    assert not spoiled_before & set(SpoiledBallot.objects.values_list("id", flat=True))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT xmin::text FROM {EncryptedBallot._meta.db_table}")  # noqa: S608
            ballot_xmins = {row[0] for row in cursor.fetchall()}
            cursor.execute(f"SELECT DISTINCT xmin::text FROM {VoterReceipt._meta.db_table}")  # noqa: S608
            receipt_xmins = {row[0] for row in cursor.fetchall()}
        assert len(ballot_xmins) == 1 and not ballot_xmins & receipt_xmins


# --- the cap on challenges -----------------------------------------------------------------
def test_challenges_are_capped_per_delegate_and_the_vote_still_goes_through(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """MAX_CHALLENGES (3 here, to keep the proofs few) challenges are published; the next is
    refused with the message and stores nothing; the same ballot again is still answered
    (stored and counted once); another delegate is not affected; the capped delegate casts."""
    monkeypatch.setattr(services, "MAX_CHALLENGES", 3)
    done = make_encrypted_round()
    d, other = make_delegate(), make_delegate()
    token = services.ballot_token(done.round, key_of(d))
    first = None
    for n in range(3):
        first = first or _spoil(d, done, kept(n), token=token)
        if n:
            _spoil(d, done, kept(n), token=token)
    assert SpoiledBallot.objects.count() == 3
    with pytest.raises(services.ChallengeLimit) as exc:
        _spoil(d, done, kept(3), token=token)
    assert exc.value.message == str(services.ERR_CHALLENGE_LIMIT).format(max=3)
    assert "tối đa 3 phiếu" in exc.value.message
    assert SpoiledBallot.objects.count() == 3
    # The first challenge resent (its answer lost) is not a new one: answered, not counted.
    assert first is not None
    spoiled = SpoiledBallot.objects.get(tracker=json.loads(first[0])["tracker"])
    assert services.ballot_spoil(acting_user=user_of(d), round_=done.round, token=token,
                                 ballot=first[0], reveal=spoiled.reveal) == kept(0)
    assert SpoiledBallot.objects.count() == 3
    # Another delegate's challenges are their own.
    assert _spoil(other, done, kept(4))[1] == kept(4)
    assert sorted(ChallengeCount.objects.values_list("count", flat=True)) == [1, 3]
    # The capped delegate votes.
    assert vote_encrypted(d, done, kept(0, 1), token=token).outcome == Outcome.RECORDED
    assert EncryptedBallot.objects.count() == 1


def test_the_challenge_counter_holds_only_a_number(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        counter: Any) -> None:
    """The counter is apart from the spoiled ballots: no tracker, no ballot id, no time, no
    sequence (its key is the round and the voter), and the voter as a keyed hash, not the
    voter's key. The close deletes the round's counters (with the mix), so nothing is left
    to say who challenged."""
    from django.db import models as m

    fields = {f.name: f for f in ChallengeCount._meta.concrete_fields}
    assert set(fields) == {"round", "voter", "count"}
    assert ChallengeCount._meta.pk.name == "pk" and not any(
        isinstance(f, m.AutoField | m.BigAutoField | m.UUIDField) for f in fields.values())
    assert [f.related_model._meta.label for f in fields.values() if f.is_relation] == \
        ["elections.Round"]
    assert not list(SpoiledBallot._meta.related_objects)  # nothing points at a spoiled ballot
    done = make_encrypted_round(convened=10)
    d = make_delegate()
    ballot, _opened = _spoil(d, done, kept(2))
    _spoil(d, done, kept(3))
    [row] = ChallengeCount.objects.filter(round=done.round).values("voter", "count")
    assert row["count"] == 2
    tracker = json.loads(ballot)["tracker"]
    assert "delegate" not in row["voter"] and len(row["voter"]) == 64  # a hash, not the key
    assert tracker not in row["voter"]
    assert not {str(pk) for pk in SpoiledBallot.objects.values_list("id", flat=True)} & set(
        map(str, row.values()))
    # The same delegate in another round has another counter key.
    assert services._challenger(done.round.pk, key_of(d)) == row["voter"]
    assert services._challenger(done.round.pk + 1, key_of(d)) != row["voter"]
    vote_encrypted(make_delegate(), done, kept(0))
    services.evote_close_encrypted(acting_user=counter, round_=done.round)
    assert not ChallengeCount.objects.exists()
    assert SpoiledBallot.objects.filter(round=done.round).count() == 2
