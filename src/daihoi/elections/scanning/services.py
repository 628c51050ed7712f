"""Scan batches: recorded, read (by the worker), decided, joined to the count (issue 20).

Each function is one durable transaction that checks the counting committee's permission
(190-QĐ/TW Điều 15 and the counting rules: the counting committee decides every doubtful
ballot) and writes an audit row. Joining creates the box's paper ballots exactly as keyed
ones (elections.PaperBallot, entry 1), so the count, the minutes and the recount use them
unchanged."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from daihoi.core.audit import audit
from daihoi.core.models import AuditLog, User
from daihoi.elections import rounds
from daihoi.elections.access import require_counting
from daihoi.elections.models import CountingGroup, PaperBallot, Round
from daihoi.elections.scanning import paper
from daihoi.elections.scanning.models import ScanBatch, ScannedBallot
from daihoi.elections.scanning.reader import Thresholds

ERR_GROUP_MODE = _("Tổ {group} không kiểm từng phiếu: không nhận bản quét.")
ERR_GROUP_DONE = _("Tổ {group} đã kiểm xong.")
ERR_NOT_READ = _("Lượt quét chưa đọc xong.")
ERR_JOINED = _("Lượt quét đã được đưa vào kết quả.")
ERR_UNDECIDED = _("Còn {n} phiếu cần Ban Kiểm phiếu quyết định.")
ERR_LINE = _("Dòng {line} không có trên phiếu.")


def _user(acting_user: User | None) -> User | None:
    return acting_user if acting_user is not None and acting_user.is_authenticated else None


def _check_group(group: CountingGroup) -> None:
    rounds.require_status(group.round, Round.Status.COUNTING)
    if group.mode != CountingGroup.Mode.BALLOTS:
        raise ValidationError(ERR_GROUP_MODE.format(group=group.name))
    if group.done:
        raise ValidationError(ERR_GROUP_DONE.format(group=group.name))


@transaction.atomic(durable=True)
def batch_create(*, acting_user: User | None, group: CountingGroup, filename: str) -> ScanBatch:
    """A scan batch of one ballot box, with the round's ballot as printed (text, layout,
    code) and its thresholds; the worker reads it (tasks.scan_batch)."""
    group = CountingGroup.objects.select_related("round__election").get(pk=group.pk)
    require_counting(acting_user, group.round.election)
    _check_group(group)
    text, layouts = paper.layouts_of(group.round)
    rules = group.round.election.rules or {}
    thresholds = Thresholds(**{k: v for k, v in (rules.get("scan_thresholds") or {}).items()
                               if k in Thresholds.__dataclass_fields__})
    batch = ScanBatch.objects.create(
        group=group, filename=filename[:255], uploaded_by=_user(acting_user),
        ballot={"text": asdict(text), "layout": layouts[0].to_json(),
                "layouts": [lay.to_json() for lay in layouts]},
        thresholds=asdict(thresholds))
    audit(actor=acting_user, obj=batch, action=AuditLog.Action.CREATE, verb="scan_batch_create",
          after={"group": group.pk, "filename": batch.filename})
    return batch


@transaction.atomic(durable=True)
def batch_store(*, acting_user: User | None, batch: ScanBatch, readings: list[dict[str, Any]],
                failed: str = "") -> ScanBatch:
    """The worker's readings of a batch (or why it could not read it), stored at once."""
    batch = ScanBatch.objects.select_for_update().select_related("group__round__election").get(
        pk=batch.pk)
    require_counting(acting_user, batch.group.round.election)
    if batch.status != ScanBatch.Status.READING:
        raise ValidationError(ERR_JOINED)
    ScannedBallot.objects.bulk_create(
        ScannedBallot(batch=batch, position=i, **reading) for i, reading in enumerate(readings, 1))
    batch.status = ScanBatch.Status.FAILED if failed else ScanBatch.Status.READ
    batch.message = failed[:500]
    batch.save(update_fields=["status", "message"])
    audit(actor=acting_user, obj=batch, action=AuditLog.Action.UPDATE, verb="scan_batch_read",
          after={"ballots": len(readings), "failed": failed})
    return batch


@transaction.atomic(durable=True)
def ballot_decide(*, acting_user: User | None, ballot: ScannedBallot, marks: list[int],
                  unstamped: bool = False, identifying_mark: bool = False,
                  write_in: bool = False, not_ballot: bool = False) -> ScannedBallot:
    """The counting committee's decision on one scanned ballot: the lines it takes as marked
    (struck, or "không đồng ý"), the faults it finds, or that the page is no ballot of the
    round (set aside, not counted). Who decided is kept."""
    ballot = ScannedBallot.objects.select_for_update().select_related(
        "batch__group__round__election").get(pk=ballot.pk)
    batch = ballot.batch
    require_counting(acting_user, batch.group.round.election)
    if batch.status == ScanBatch.Status.JOINED:
        raise ValidationError(ERR_JOINED)
    size = len(batch.ballot["text"]["names"])
    for line in marks:
        if not 1 <= line <= size:
            raise ValidationError(ERR_LINE.format(line=line))
    before = ballot.decision
    ballot.decision = {"marks": sorted(set(marks)), "unstamped": unstamped,
                       "identifying_mark": identifying_mark, "write_in": write_in,
                       "not_ballot": not_ballot}
    ballot.decided_by = _user(acting_user)
    ballot.save(update_fields=["decision", "decided_by"])
    audit(actor=acting_user, obj=ballot, action=AuditLog.Action.UPDATE, verb="scan_ballot_decide",
          before={"decision": before}, after={"decision": ballot.decision})
    return ballot


@transaction.atomic(durable=True)
def batch_join(*, acting_user: User | None, batch: ScanBatch) -> int:
    """The batch's ballots into its box's count, as paper ballots (entry 1), after the
    ballots keyed already. Every ballot the machine was not sure of must be decided first.
    Returns how many joined."""
    batch = ScanBatch.objects.select_for_update().get(pk=batch.pk)
    group = CountingGroup.objects.select_for_update().select_related("round__election").get(
        pk=batch.group_id)
    require_counting(acting_user, group.round.election)
    _check_group(group)
    if batch.status == ScanBatch.Status.JOINED:
        raise ValidationError(ERR_JOINED)
    if batch.status != ScanBatch.Status.READ:
        raise ValidationError(ERR_NOT_READ)
    ballots = list(batch.ballots.all())
    undecided = [b for b in ballots if b.needs_person and b.decision is None]
    if undecided:
        raise ValidationError(ERR_UNDECIDED.format(n=len(undecided)))
    position = group.entered_1
    joined = 0
    for b in ballots:
        d = b.decision or {"marks": b.struck, "unstamped": False, "identifying_mark": False,
                           "write_in": False, "not_ballot": False}
        if d.get("not_ballot"):
            continue
        position += 1
        marks = list(d["marks"])
        # Agree/disagree form: a line marked in both boxes or in neither counts for nobody.
        void = d.get("void_lines", [r["number"] for r in b.rows
                                    if r.get("state") in ("both", "none")])
        b.paper = PaperBallot.objects.create(
            group=group, entry=1, position=position, marks=marks, void_lines=list(void),
            unstamped=bool(d["unstamped"]), identifying_mark=bool(d["identifying_mark"]),
            write_in=bool(d["write_in"]), entered_by=_user(acting_user))
        b.save(update_fields=["paper"])
        joined += 1
    CountingGroup.objects.filter(pk=group.pk).update(entered_1=F("entered_1") + joined)
    batch.status = ScanBatch.Status.JOINED
    batch.joined_by = _user(acting_user)
    batch.save(update_fields=["status", "joined_by"])
    audit(actor=acting_user, obj=batch, action=AuditLog.Action.UPDATE, verb="scan_batch_join",
          after={"group": group.pk, "joined": joined})
    return joined
