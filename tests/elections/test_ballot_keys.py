"""Paper ballots carry the idempotency key the entry screen makes: a retry stores nothing
twice (issue 15, "a paper ballot doubled after a crash": 301 ballots for 300 papers); a
saved ballot is called up by its number in the group and corrected or voided, audited, and
the double-entry comparison sees it (issue 14)."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from daihoi.core.models import AuditLog
from daihoi.elections import selectors, services
from daihoi.elections.models import PaperBallot

pytestmark = pytest.mark.django_db


def test_same_key_twice_stores_one_ballot(counting_round: Any, counter: Any) -> None:
    round_ = counting_round()
    group = round_.groups.get()
    key = uuid.uuid4()
    first = services.ballot_enter(acting_user=counter, group=group.pk, marks="4 5", key=key)
    # The retry of a ballot whose answer was lost: typed the same, sent with the same key.
    again = services.ballot_enter(acting_user=counter, group=group.pk, marks="4 5", key=str(key))
    assert (first.repeated, again.repeated) == (False, True)
    assert again.ballot.pk == first.ballot.pk and again.position == 1
    assert PaperBallot.objects.filter(group=group).count() == 1
    group.refresh_from_db()
    assert group.entered_1 == 1
    # A new key is a new ballot, number 2.
    assert services.ballot_enter(acting_user=counter, group=group.pk, marks="4 5",
                                 key=uuid.uuid4()).position == 2


def test_a_key_of_another_group_is_refused(counting_round: Any, counter: Any) -> None:
    round_ = counting_round(groups=2)
    one, two = round_.groups.all()
    key = uuid.uuid4()
    services.ballot_enter(acting_user=counter, group=one.pk, marks="4", key=key)
    with pytest.raises(ValidationError) as err:
        services.ballot_enter(acting_user=counter, group=two.pk, marks="4", key=key)
    assert str(services.ERR_KEY_OTHER_GROUP) in err.value.messages
    assert PaperBallot.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_with_one_key_store_one_ballot(
        role_groups: None, counting_round: Any, counter: Any) -> None:
    """Two requests of the same ballot at the same instant (a retry sent while the first is
    still in flight): on PostgreSQL the group's row lock puts them one after the other, and
    the second finds the first's key. On SQLite the unique key refuses the second insert
    and its retry finds the first. Either way: one ballot, one position, no error."""
    if connection.vendor != "postgresql":
        pytest.skip("two writers at once need PostgreSQL (the test SQLite is one connection)")
    round_ = counting_round(convened=100, issued=100)
    group = round_.groups.get()
    keys = [uuid.uuid4() for _ in range(10)]
    errors: list[BaseException] = []
    answers: list[services.EnteredBallot] = []
    start = threading.Barrier(2)

    def worker() -> None:
        try:
            start.wait()
            for key in keys:
                answers.append(services.ballot_enter(acting_user=counter, group=group.pk,
                                                     marks="4 5", key=key))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    stored = list(PaperBallot.objects.filter(group=group).order_by("position"))
    assert [p.position for p in stored] == list(range(1, 11))
    assert {p.key for p in stored} == set(keys)
    assert sum(not a.repeated for a in answers) == 10 and len(answers) == 20
    group.refresh_from_db()
    assert group.entered_1 == 10
    if connection.vendor == "postgresql":
        assert sum(a.repeated for a in answers) == 10


def _enter_many(counter: Any, group: Any, n: int, marks: str = "4 5", entry: int = 1) -> None:
    for _ in range(n):
        services.ballot_enter(acting_user=counter, group=group.pk, marks=marks, entry=entry)


def test_correct_and_void_ballot_17(counting_round: Any, counter: Any) -> None:
    """20 ballots striking Dung and Em (4, 5); ballot 17 was misread: it struck An (1).
    Corrected to "1 4" (An and Dung struck), An has 19 votes and Em 1; voided, 19 collected."""
    round_ = counting_round(convened=20, issued=20)
    group = round_.groups.get()
    _enter_many(counter, group, 20)
    services.ballot_correct(acting_user=counter, group=group.pk, entry=1, position=17,
                            action="correct", marks="1 4")
    totals = selectors.group_totals(group)
    assert (totals.ballots_collected, totals.votes[0], totals.votes[4]) == (20, 19, 1)
    paper = selectors.ballot_at(group, 1, 17)
    assert paper is not None and paper.marks == [1, 4] and paper.corrected_at is not None
    row = AuditLog.objects.filter(verb="ballot_correct").get()
    assert row.before["marks"] == [4, 5] and row.after["marks"] == [1, 4]
    assert row.after["position"] == 17 and row.actor_id == counter.pk

    services.ballot_correct(acting_user=counter, group=group.pk, entry=1, position=17,
                            action="void")
    totals = selectors.group_totals(group)
    assert (totals.ballots_collected, totals.votes[0]) == (19, 19)
    assert AuditLog.objects.filter(verb="ballot_void").count() == 1
    services.ballot_correct(acting_user=counter, group=group.pk, entry=1, position=17,
                            action="restore")
    assert selectors.group_totals(group).ballots_collected == 20
    with pytest.raises(ValidationError):
        services.ballot_correct(acting_user=counter, group=group.pk, entry=1, position=21,
                                action="void")
    with pytest.raises(ValidationError):  # a reading that is no reading of this ballot
        services.ballot_correct(acting_user=counter, group=group.pk, entry=1, position=3,
                                action="correct", marks="9")


def test_double_entry_comparison_sees_the_correction(counting_round: Any, counter: Any) -> None:
    round_ = counting_round(convened=20, issued=20, double_entry=True)
    group = round_.groups.get()
    _enter_many(counter, group, 20, entry=1)
    _enter_many(counter, group, 20, entry=2)
    assert selectors.effective_ballots(group)[1] == []
    services.ballot_correct(acting_user=counter, group=group.pk, entry=2, position=17,
                            action="correct", marks="1")
    agreed, mismatches = selectors.effective_ballots(group)
    assert [m.position for m in mismatches] == [17] and len(agreed) == 19
    services.ballot_correct(acting_user=counter, group=group.pk, entry=1, position=17,
                            action="correct", marks="1")
    assert selectors.effective_ballots(group)[1] == []
    # Voided in one reading only: a mismatch; in both: agreed, and counted by nobody.
    services.ballot_correct(acting_user=counter, group=group.pk, entry=1, position=5,
                            action="void")
    assert [m.position for m in selectors.effective_ballots(group)[1]] == [5]
    services.ballot_correct(acting_user=counter, group=group.pk, entry=2, position=5,
                            action="void")
    agreed, mismatches = selectors.effective_ballots(group)
    assert mismatches == [] and len(agreed) == 19


def test_correcting_needs_the_counting_committee(counting_round: Any, counter: Any,
                                                 office: Any) -> None:
    round_ = counting_round()
    group = round_.groups.get()
    _enter_many(counter, group, 2)
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        services.ballot_correct(acting_user=office, group=group.pk, entry=1, position=1,
                                action="void")
