"""Reads of scan batches: a box's batches, the next ballot to review, the figures the
minutes give, and the comparison of a keyed recount with the scan of the same box."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet

from daihoi.elections.models import PaperBallot, Round
from daihoi.elections.scanning.models import ScanBatch, ScannedBallot


def batches_of_round(round_: Round) -> QuerySet[ScanBatch]:
    return (ScanBatch.objects.filter(group__round=round_).select_related("group", "job")
            .order_by("group__number", "pk"))


def batch_counts(batch: ScanBatch) -> dict[str, int]:
    rows = list(batch.ballots.values_list("status", "decision"))
    return {"total": len(rows),
            "read": sum(s == ScannedBallot.Status.READ for s, _ in rows),
            "to_review": sum(s != ScannedBallot.Status.READ for s, _ in rows),
            "decided": sum(s != ScannedBallot.Status.READ and d is not None for s, d in rows),
            "undecided": sum(s != ScannedBallot.Status.READ and d is None for s, d in rows)}


def to_review(batch: ScanBatch) -> QuerySet[ScannedBallot]:
    return batch.ballots.exclude(status=ScannedBallot.Status.READ).defer("image")


def next_to_review(batch: ScanBatch, after: int = 0) -> ScannedBallot | None:
    undecided = to_review(batch).filter(decision__isnull=True)
    return undecided.filter(position__gt=after).first() or undecided.first()


def round_scan_figures(round_: Round) -> dict[str, int]:
    """For the minutes: ballots counted from scans, read by the machine alone or decided by
    a person (issue 20: the minutes say how many of each)."""
    joined = ScannedBallot.objects.filter(batch__group__round=round_, paper__isnull=False)
    by_person = joined.exclude(status=ScannedBallot.Status.READ).count()
    total = joined.count()
    return {"scanned": total, "by_machine": total - by_person, "by_person": by_person}


def _totals(ballots: list[tuple[list[int], bool]], names: list[str]) -> dict[str, Any]:
    votes: Counter[str] = Counter()
    for marks, _faulty in ballots:
        for line, name in enumerate(names, 1):
            if line not in marks:
                votes[name] += 1
    return {"ballots": len(ballots), "votes": {n: votes[n] for n in names}}


def recount_comparison(batch: ScanBatch) -> dict[str, Any] | None:
    """The box's keyed ballots (entered by hand, not from a scan) against this batch's
    ballots: ballot totals and per-name totals (names kept), with the differences. None
    when the box has no keyed ballots."""
    names = list(batch.ballot["text"]["names"])
    keyed = list(PaperBallot.objects.filter(group=batch.group_id, entry=1, scan__isnull=True)
                 .values_list("marks", "unstamped"))
    if not keyed:
        return None
    scanned = []
    for b in batch.ballots.all().defer("image"):
        d = b.decision or {"marks": b.struck, "unstamped": False, "not_ballot": False}
        if not d.get("not_ballot"):
            scanned.append((list(d["marks"]), bool(d.get("unstamped"))))
    k, s = _totals(keyed, names), _totals(scanned, names)
    differences = [{"name": n, "keyed": k["votes"][n], "scanned": s["votes"][n]}
                   for n in names if k["votes"][n] != s["votes"][n]]
    return {"keyed": k, "scanned": s, "differences": differences,
            "same": not differences and k["ballots"] == s["ballots"]}
