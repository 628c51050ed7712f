"""Two requests at once: one counts, the other is told the vote is already in. Real threads
and real transactions (transaction=True), on SQLite and PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

import pytest
from django.db import OperationalError, connection

from daihoi.congress.models import Delegate
from daihoi.elections.evoting import services
from daihoi.elections.evoting.models import CastBallot, VoterReceipt
from daihoi.elections.evoting.services import Outcome
from daihoi.elections.models import Round

from .conftest import key_of, vote

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls: list[Callable[[], Outcome]]) -> list[Outcome | BaseException]:
    barrier = threading.Barrier(len(calls))
    results: list[Outcome | BaseException] = [RuntimeError("not run")] * len(calls)

    def run(i: int) -> None:
        try:
            barrier.wait()
            for _attempt in range(1000):
                try:
                    results[i] = calls[i]()
                    break
                except OperationalError as exc:
                    # The SQLite test database is in memory with a shared cache, whose table
                    # locks fail at once instead of waiting for the busy timeout as the WAL
                    # file of production does. Trying again is what the busy timeout does.
                    if "locked" not in str(exc) or connection.vendor != "sqlite":
                        raise
                    time.sleep(0.01 + 0.02 * random.random())
        except BaseException as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_two_submissions_at_once_count_once(make_round: Callable[..., Round],
                                            make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round()
    d = make_delegate()
    # Two tabs: two ballot forms, two tokens, sent at the same moment, four times each.
    tokens = [services.ballot_token(round_, key_of(d)) for _ in range(4)]
    results = _race([lambda t=t: vote(d, round_, {"s": [0, 1]}, token=t) for t in tokens])
    assert sorted(map(str, results)) == sorted(
        [str(Outcome.RECORDED)] + [str(Outcome.ALREADY_VOTED)] * 3), results
    assert VoterReceipt.objects.filter(round=round_).count() == 1
    assert CastBallot.objects.filter(round=round_).count() == 1


def test_the_same_submission_twice_at_once_counts_once(make_round: Callable[..., Round],
                                                       make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round()
    d = make_delegate()
    token = services.ballot_token(round_, key_of(d))
    results = _race([lambda: vote(d, round_, {"s": [2, 3]}, token=token)] * 3)
    assert sorted(map(str, results)) == sorted(
        [str(Outcome.RECORDED)] + [str(Outcome.ALREADY_RECORDED)] * 2), results
    assert CastBallot.objects.filter(round=round_).count() == 1


def test_many_delegates_at_once_and_a_close_lose_nothing(
        make_round: Callable[..., Round], make_delegate: Callable[..., Delegate],
        counter: object) -> None:
    round_ = make_round(seats=2)
    voters = [make_delegate() for _ in range(12)]
    results = _race([lambda d=d: vote(d, round_, {"s": [2, 3, 4]}) for d in voters])
    assert all(r == Outcome.RECORDED for r in results), results
    report = services.evote_close(acting_user=counter, round_=round_)  # type: ignore[arg-type]
    assert report.receipts == 12
    assert report.result.votes[:2] == (12, 12)


def test_votes_racing_the_close_are_counted_or_refused_never_lost(
        make_round: Callable[..., Round], make_delegate: Callable[..., Delegate],
        counter: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """The close waits for the votes in flight and refuses the later ones: every receipt
    has its ballot in the count, and every refused vote left nothing behind."""
    monkeypatch.setattr(services, "MIX_EVERY", 3)  # mixes run while the close comes in
    round_ = make_round(seats=2)
    voters = [make_delegate() for _ in range(16)]
    reports: list[object] = []

    def close() -> Outcome:
        reports.append(services.evote_close(acting_user=counter, round_=round_))  # type: ignore[arg-type]
        return Outcome.RECORDED

    calls: list[Callable[[], Outcome]] = [lambda d=d: vote(d, round_, {"s": [2, 3, 4]})
                                          for d in voters]
    calls.insert(8, close)
    results = _race(calls)
    refused = [r for r in results if isinstance(r, services.VoteRefused)]
    others = [r for r in results if isinstance(r, BaseException) and r not in refused]
    assert not others, others
    recorded = sum(1 for r in results if r == Outcome.RECORDED) - 1  # less the close
    assert recorded + len(refused) == len(voters)
    report = reports[0]
    receipts = VoterReceipt.objects.filter(round=round_).count()
    assert receipts == recorded == CastBallot.objects.filter(round=round_).count()
    assert report.receipts == receipts  # type: ignore[attr-defined]
    assert report.result.votes[:2] == (receipts, receipts)  # type: ignore[attr-defined]
