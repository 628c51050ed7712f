"""The scanning demo: a box scanned and read, a handful of ballots awaiting the counting
committee's review (what the demo login kiemphieu sees first)."""

from __future__ import annotations

import pytest

from daihoi.core import demo as core_demo
from daihoi.elections.models import Round
from daihoi.elections.scanning import demo, selectors
from daihoi.elections.scanning.models import ScanBatch, ScannedBallot
from daihoi.organizations import demo as org_demo

pytestmark = pytest.mark.django_db


def test_a_box_read_with_ballots_to_review() -> None:
    logs: list[str] = []
    core_demo.build(seed=7, log=logs.append)
    org_demo.build(seed=7, log=logs.append, members=200)
    demo.build(seed=7, log=logs.append)
    batch = ScanBatch.objects.get()
    assert batch.status == ScanBatch.Status.READ
    assert batch.group.round.status == Round.Status.COUNTING
    counts = selectors.batch_counts(batch)
    assert counts["total"] == demo.BALLOTS
    # Two family-name-only strokes, a short stroke, an unstamped ballot, a write-in: each
    # left to a person; the rest read by the machine.
    assert counts["to_review"] == counts["undecided"] == 5, [
        (b.position, b.doubtful, b.flags) for b in batch.ballots.exclude(status="read")]
    flags = sorted(f for b in batch.ballots.all() for f in b.flags)
    assert flags == ["unstamped", "write_in"]
    assert not ScannedBallot.objects.filter(status=ScannedBallot.Status.REFUSED).exists()
    assert selectors.next_to_review(batch) is not None
    demo.build(seed=7, log=logs.append)
    assert ScanBatch.objects.count() == 1
