"""The running sum of an encrypted round (ceremony.ballots_sum): during the vote the worker adds
the cast ballots into a stored sum, so the close adds only the rest. The sum it hands the
trustees is the sum of every cast ballot, each added exactly once, also when two summing
tasks run at once (PostgreSQL: the e-vote row's lock)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from daihoi.congress.models import Delegate
from daihoi.elections.evoting import ceremony, services
from daihoi.elections.evoting.crypto import ballots
from daihoi.elections.evoting.models import EncryptedBallot, EVoteRound
from daihoi.elections.models import Round

from .conftest import Ceremony, vote_encrypted

CONTENTS = [[1, 1, 1, 0, 0], [1, 1, 0, 0, 0], [1, 0, 0, 1, 0], [0, 0, 0, 0, 1],
            [1, 1, 0, 0, 1], [0, 1, 1, 0, 0], [1, 0, 1, 0, 0]]


def _state(done: Ceremony) -> EVoteRound:
    return EVoteRound.objects.get(round_id=done.round.pk)


def _full_sum(done: Ceremony) -> list[dict[str, str]]:
    stored = EncryptedBallot.objects.filter(round_id=done.round.pk).values_list("ballot", flat=True)
    return ballots.aggregate(_state(done).manifest, list(stored))


@pytest.mark.django_db
def test_the_worker_sums_during_the_vote_and_the_close_adds_the_rest(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        counter: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ceremony, "SUM_EVERY", 3)  # the tests' tasks run at once, in the vote
    done = make_encrypted_round(seats=3, convened=10)
    for choices in CONTENTS:
        vote_encrypted(make_delegate(), done, choices)
    state = _state(done)
    # Seven ballots: summed by the task at the 3rd and the 6th, the 7th left for the close.
    assert state.running_count == 6
    assert EncryptedBallot.objects.filter(round_id=done.round.pk, summed=False).count() == 1
    rest = EncryptedBallot.objects.filter(round_id=done.round.pk, summed=False).values_list(
        "ballot", flat=True)
    full = _full_sum(done)
    assert ballots.aggregate(state.manifest, [{"selections": state.running_sum}, *rest]) == full
    assert state.running_sum != full  # the 7th is not in it yet
    services.evote_close_encrypted(acting_user=counter, round_=done.round)
    assert _state(done).aggregate == full
    assert ceremony.ballots_sum(done.round.pk) == 0  # after the close: nothing more is summed
    done.decrypt(1, 2)
    round_ = Round.objects.get(pk=done.round.pk)
    assert [c["votes"] for c in round_.result["candidates"]] == [sum(c[i] for c in CONTENTS)
                                                                   for i in range(5)]


@pytest.mark.django_db
def test_a_ballot_cast_while_nothing_was_summed_is_counted_at_the_close(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        counter: Any) -> None:
    done = make_encrypted_round(seats=3, convened=10)
    for choices in CONTENTS[:2]:
        vote_encrypted(make_delegate(), done, choices)
    assert ceremony.ballots_sum(done.round.pk, at_least=3) == 0  # not yet due
    assert ceremony.ballots_sum(done.round.pk) == 2
    assert ceremony.ballots_sum(done.round.pk) == 0  # each ballot once
    vote_encrypted(make_delegate(), done, CONTENTS[2])
    full = _full_sum(done)
    services.evote_close_encrypted(acting_user=counter, round_=done.round)
    assert _state(done).aggregate == full and _state(done).running_count == 2


@pytest.mark.django_db(transaction=True)
def test_two_sums_at_once_add_each_ballot_once(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        counter: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL (SQLite serialises every writer)")
    done = make_encrypted_round(seats=3, convened=10)
    for choices in CONTENTS:
        vote_encrypted(make_delegate(), done, choices)
    barrier = threading.Barrier(3)
    added: list[int] = []

    def run() -> None:
        try:
            barrier.wait()
            added.append(ceremony.ballots_sum(done.round.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(added)[-1] == len(CONTENTS) and sum(added) == len(CONTENTS)
    state = _state(done)
    assert state.running_count == len(CONTENTS) and state.running_sum == _full_sum(done)
    services.evote_close_encrypted(acting_user=counter, round_=done.round)
    assert _state(done).aggregate == _full_sum(done)
