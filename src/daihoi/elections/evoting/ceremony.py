"""The encrypted scheme's key ceremony and count (docs/evote-protocol.md §2, §3, §5): the
counting committee's members hold the round's key, k of n of them decrypt the totals.

The server only relays and checks. Every secret (a trustee's polynomial, communication key
and secret share) is drawn and kept on the trustee's own device (static/evoting/keys.js);
the server stores the public records, relays the shares encrypted to their recipient's
communication key (it cannot read them), and verifies every proof it is given with
`crypto/` before anything is stored.

The steps, each a service here with one durable transaction, the counting committee's
check and an audit row with counts only:

1. `ceremony_start`: a member of the counting committee chooses the trustees among the
   committee's members with their own logins, and the threshold k (default a majority,
   so one lost phone does not lose the count, and no single member can decrypt); the
   manifest (protocol §2) is fixed with the ballot order. Starting again discards what an
   earlier ceremony of the round had published.
2. `trustee_publish`: a trustee's commitments, communication key and their proofs of
   knowledge (EG §3.2.2); when the last one publishes, the joint key K and the extended
   base hash Qe are computed (EG §3.2.3), or the last record refused (and the refusal
   audited) when K would be the identity (EG Verification 3.B).
3. `shares_post`: a trustee's encrypted shares, one to each other trustee.
4. `trustee_confirm`: a trustee has checked every share sent to it against the sender's
   commitments (on the device) and says so, or names the sender whose share fails: a
   complaint blocks the round (it never opens with a bad key).
5. `is_ready`: every trustee confirmed; the round may open with the encrypted scheme.
6. `_close_count` (the close of an encrypted round): the vote stops and the cast ballots are
   added up while encrypted (EG §3.5); `decryption_submit`: a trustee's share of the
   decryption (EG §3.6.1) with its own proofs (EG §3.6.3, not folded into one), verified;
   once k have answered, the shares are combined (EG §3.6.2) and the totals go to
   `rounds.record_totals` exactly as the plain scheme's close hands them
   (services.evote_close).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from daihoi.core.audit import audit, audit_update, snapshot
from daihoi.core.models import AuditLog, User
from daihoi.core.roles import Role
from daihoi.elections import rounds, selectors
from daihoi.elections.access import is_counting, require_counting
from daihoi.elections.electorate import electorate_of
from daihoi.elections.evoting.crypto import ballots as cballots
from daihoi.elections.evoting.crypto import board as cboard
from daihoi.elections.evoting.crypto import ceremony as cceremony
from daihoi.elections.evoting.crypto import contests as ccontests
from daihoi.elections.evoting.crypto import tally as ctally
from daihoi.elections.evoting.crypto.group import IDENTITY, CryptoError
from daihoi.elections.evoting.models import (
    DecryptionShare,
    EncryptedBallot,
    EVoteRound,
    Trustee,
    TrusteeShare,
    VoterReceipt,
)
from daihoi.elections.models import CountingGroup, Election, Round
from daihoi.rules import counting as rules
from daihoi.rules import majority

ERR_NO_ELECTORATE = _("Không có danh sách cử tri cho cuộc bầu cử này: không bỏ phiếu điện tử được.")
ERR_STATUS = _("Chỉ tạo khóa được cho lần bầu đang chuẩn bị, chưa mở bỏ phiếu.")
ERR_TOO_FEW = _("Cần ít nhất 2 thành viên Ban Kiểm phiếu giữ khóa (đã chọn {n}).")
ERR_THRESHOLD = _("Số người cần để giải mã phải từ 2 đến {n} (đã nhập {k}).")
ERR_NOT_ELIGIBLE = _("{name} không phải thành viên Ban Kiểm phiếu có tài khoản riêng của lần bầu "
                     "này: không giữ khóa được.")
ERR_NO_CEREMONY = _("Lần bầu này chưa tạo khóa của Ban Kiểm phiếu.")
ERR_NOT_TRUSTEE = _("Đồng chí không giữ khóa của lần bầu này.")
ERR_KEY_DONE = _("Khóa của lần bầu đã tạo xong: không thay đổi được nữa.")
ERR_PUBLISHED = _("Đồng chí đã công bố phần khóa công khai của mình.")
ERR_RECORD = _("Phần khóa công khai không hợp lệ: {reason}")
ERR_IDENTITY_KEY = _("Không nhận phần khóa công khai này: ghép với phần khóa của {others} thành viên "
                     "đã công bố, khóa chung là phần tử đơn vị (các phần khóa triệt tiêu nhau), "
                     "không giữ bí mật được lá phiếu nào. Các phần khóa đã công bố cũng không còn "
                     "tin được: Ban Kiểm phiếu hãy bắt đầu lại việc tạo khóa.")
ERR_KEY_REFUSED = _("Khóa chung của lần tạo khóa này đã bị từ chối: không nhận thêm phần khóa công "
                    "khai nào. Ban Kiểm phiếu hãy bắt đầu lại việc tạo khóa.")
ERR_NOT_ALL_PUBLISHED = _("Chưa đủ các thành viên công bố phần khóa công khai: chưa gửi được.")
ERR_SHARES_SENT = _("Đồng chí đã gửi các phần khóa cho các thành viên khác.")
ERR_SHARES = _("Các phần khóa gửi lên không đúng mẫu: {reason}")
ERR_SHARES_MISSING = _("Chưa nhận đủ phần khóa từ các thành viên khác ({got}/{need}).")
ERR_CONFIRMED = _("Đồng chí đã xác nhận phần khóa của mình.")
ERR_COMPLAINT = _("Thành viên số {sender} không giữ khóa trong lần bầu này.")
ERR_COUNT_STATUS = _("Lần bầu này không đang bỏ phiếu điện tử mã hóa.")
ERR_COUNT_MISMATCH = _("Số phiếu ({ballots}) khác số đại biểu đã bỏ phiếu ({receipts}): "
                       "không kiểm phiếu được, hãy báo quản trị hệ thống.")
ERR_DECRYPT_STATUS = _("Lần bầu này không đang chờ Ban Kiểm phiếu giải mã kết quả.")
ERR_DECRYPTED = _("Đồng chí đã gửi phần giải mã của mình.")
ERR_DECRYPTION = _("Phần giải mã không hợp lệ: {reason}")
ERR_COMBINE = _("Không ghép được kết quả từ các phần giải mã: {reason}")
ERR_CHANGED = _("Danh sách bầu cử hoặc số liệu của lần bầu đã thay đổi sau khi tạo khóa: "
                "hãy tạo khóa lại.")

# The ceremony's audit verbs as a clerk reads them (registered in apps.py).
AUDIT_SENTENCES = {
    "evote_ceremony_start": _("Bắt đầu tạo khóa của Ban Kiểm phiếu ({record})"),
    "evote_trustee_publish": _("Thành viên giữ khóa công bố phần khóa công khai ({record})"),
    "evote_joint_key": _("Tạo xong khóa chung của Ban Kiểm phiếu ({record})"),
    "evote_joint_key_refused": _("Từ chối khóa chung của Ban Kiểm phiếu: là phần tử đơn vị ({record})"),
    "evote_shares_sent": _("Thành viên giữ khóa gửi các phần khóa ({record})"),
    "evote_share_complaint": _("Thành viên giữ khóa báo một phần khóa không đúng ({record})"),
    "evote_trustee_confirm": _("Thành viên giữ khóa xác nhận phần khóa ({record})"),
    "evote_decryption": _("Thành viên giữ khóa gửi phần giải mã ({record})"),
    "evote_decrypted": _("Giải mã xong kết quả bỏ phiếu mã hóa ({record})"),
}

_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX = re.compile(r"(?:[0-9a-f]{2})+")


def _state(round_: Round, *, lock: bool = False) -> EVoteRound:
    rows = EVoteRound.objects.filter(round_id=round_.pk, scheme=EVoteRound.Scheme.ENCRYPTED)
    if lock:
        rows = rows.select_for_update()
    state = rows.first()
    if state is None or not state.manifest:
        raise ValidationError(ERR_NO_CEREMONY)
    return state


def _trustee_of(user: Any, round_: Round) -> Trustee:
    pk = getattr(user, "pk", None)
    trustee = Trustee.objects.filter(round_id=round_.pk, user_id=pk).first() if pk else None
    if trustee is None:
        raise PermissionDenied(ERR_NOT_TRUSTEE)
    return trustee


def base_hash_of(state: EVoteRound) -> str:
    return cballots.base_hash(state.manifest.encode())


def record_of(trustee: Trustee) -> dict[str, Any]:
    """The trustee's public record as the protocol writes it (§6 `trustees`)."""
    return {"index": trustee.index, "commitments": trustee.commitments, "proofs": trustee.proofs,
            "communication_key": trustee.communication_key,
            "communication_proof": trustee.communication_proof}


def records(round_: Round) -> list[dict[str, Any]]:
    return [record_of(t) for t in Trustee.objects.filter(round_id=round_.pk).order_by("index")
            if t.commitments]


# --- who may hold a share ------------------------------------------------------------------
def trustee_candidates(round_: Round) -> list[User]:
    """The counting committee's members with their own logins: the users holding the
    counting role, and the logins of the members the election's body records on its
    counting committee (190-QĐ/TW Điều 8). The system administrator is not one: holding
    every role does not make one a member of the committee."""
    election = round_.election
    ids = set(User.objects.filter(is_active=True, groups__name=str(Role.COUNTING))
              .values_list("pk", flat=True))
    electorate = electorate_of(election)
    if electorate is not None:
        ids |= set(electorate.counting_user_ids(election))
    users = User.objects.filter(pk__in=ids, is_active=True).order_by("username")
    return [u for u in users if not u.is_superuser and is_counting(u, election)]


def default_threshold(n: int) -> int:
    """A majority of the trustees: one lost phone (of three or more) does not lose the
    count, and fewer than half of them cannot decrypt."""
    return majority.more_than_half(n)


# --- the manifest (protocol §2) ------------------------------------------------------------
def manifest_of(round_: Round, trustees: Sequence[tuple[int, str]], threshold: int) -> dict[str, Any]:
    """Everything a ballot of the round is checked against. The contests say, as sums of
    0/1 selections, what `rules.classify` calls a valid ballot (190-QĐ/TW Điều 15, 30;
    RULES.md), so a ballot the server stores is valid by its proofs alone. They are derived
    from the tally part by `crypto.contests.required_layout`, the function `daihoi verify`
    checks them against."""
    candidates = selectors.ballot_candidates(round_)
    contest = selectors.contest_of(round_, candidates, with_issued=False)
    names = list(contest.candidates)
    tally: dict[str, Any]
    if round_.ballot_format == Election.BallotFormat.CONFIDENCE:
        # rules/confidence.count's quorum and thresholds are the meeting's (its vote's
        # stored rules): the ballots count only the three levels per person.
        fmt, tally = "confidence", {"ballot_format": "confidence", "candidates": names}
    else:
        fmt = "strike" if contest.ballot_format == rules.BallotFormat.STRIKE else "agree"
        tally = {"seats": contest.seats, "candidates": names,
                 "ballot_format": str(contest.ballot_format),
                 "electorate_convened": contest.electorate_convened,
                 "excluded": contest.excluded,
                 "blank_approve_ballot": str(contest.blank_approve_ballot)}
    layout = ccontests.required_layout(fmt, tally)
    return {
        "version": 1, "round_id": round_.pk, "election": round_.election.title,
        "round_number": round_.number, "format": fmt, "candidates": names,
        "selections": layout.selections, "contests": list(layout.contests),
        "trustees": [{"index": i, "name": name} for i, name in trustees],
        "threshold": threshold, "tally": tally,
    }


# The count from the totals is the verifier's (crypto/board.py), so the server and
# `daihoi verify` compute the result one way.
result_of = cboard.result_of
result_json = cboard.result_json


# --- 1. start ------------------------------------------------------------------------------
@transaction.atomic(durable=True)
def ceremony_start(*, acting_user: User, round_: Round, trustees: Sequence[User],
                   threshold: int | None = None) -> EVoteRound:
    """Fix the manifest and the trustees of the round's key (module docstring, step 1)."""
    round_ = Round.objects.select_for_update().select_related("election").get(pk=round_.pk)
    require_counting(acting_user, round_.election)
    if electorate_of(round_.election) is None:
        raise ValidationError(ERR_NO_ELECTORATE)
    if round_.status != Round.Status.PREPARING or round_.electronic:
        raise ValidationError(ERR_STATUS)
    eligible = {u.pk for u in trustee_candidates(round_)}
    chosen = sorted({u.pk: u for u in trustees}.values(), key=lambda u: u.username)
    for user in chosen:
        if user.pk not in eligible:
            raise ValidationError(ERR_NOT_ELIGIBLE.format(name=str(user)))
    n = len(chosen)
    if n < 2:
        raise ValidationError(ERR_TOO_FEW.format(n=n))
    k = default_threshold(n) if threshold is None else threshold
    if not 2 <= k <= n:
        raise ValidationError(ERR_THRESHOLD.format(n=n, k=k))
    candidates = selectors.ballot_candidates(round_)
    try:
        manifest = manifest_of(round_, [(i, str(u)) for i, u in enumerate(chosen, 1)], k)
    except rules.RulesError as exc:
        raise ValidationError(str(exc)) from exc
    # Starting again: what an earlier ceremony published goes (its key was never used).
    earlier = Trustee.objects.filter(round_id=round_.pk).count()
    TrusteeShare.objects.filter(round_id=round_.pk).delete()
    DecryptionShare.objects.filter(round_id=round_.pk).delete()
    Trustee.objects.filter(round_id=round_.pk).delete()
    state, _created = EVoteRound.objects.update_or_create(round=round_, defaults={
        "candidate_ids": [c.pk for c in candidates], "scheme": EVoteRound.Scheme.ENCRYPTED,
        "manifest": cballots.manifest_bytes(manifest).decode(), "threshold": k,
        "public_key": "", "extended_hash": "", "aggregate": None, "totals": None})
    Trustee.objects.bulk_create([Trustee(round_id=round_.pk, index=i, user=u)
                                 for i, u in enumerate(chosen, 1)])
    audit(actor=acting_user, obj=state, action=AuditLog.Action.UPDATE, verb="evote_ceremony_start",
          after={"trustees": n, "threshold": k, "candidates": len(candidates),
                 "restarted_over": earlier})
    return state


# --- 2. publish ----------------------------------------------------------------------------
def _require_ceremony_open(round_: Round, state: EVoteRound) -> None:
    if round_.status != Round.Status.PREPARING or round_.electronic or state.public_key:
        raise ValidationError(ERR_KEY_DONE)


def trustee_publish(*, acting_user: User, round_: Round, record: Mapping[str, Any]) -> Trustee:
    """A trustee's public record, verified (EG §3.2.2); the joint key once all have published.

    The last record is refused when the joint key it completes is the identity (EG 2.0.0
    Verification 3.B, K ≠ 1, which `daihoi verify` checks too): every K_i0 is proven and not
    the identity (3.A), but the last can still be minus the sum of the others, and under
    K = 0 every ballot would show its vote (beta = x·G). Only someone who knows the sum of
    the other trustees' secrets can make such a record, so the records published so far are
    not to be trusted either: the committee starts the ceremony again (new trustees' rows,
    fresh secrets on every phone), and until then no record is taken (`key_refused`). The
    refusal is audited (it is evidence of that), so its transaction commits before the
    counting committee is told."""
    with transaction.atomic(durable=True):
        state = _state(round_, lock=True)
        round_ = Round.objects.select_related("election").get(pk=round_.pk)
        require_counting(acting_user, round_.election)
        trustee = _trustee_of(acting_user, round_)
        refused = _publish(acting_user, state, round_, trustee, record)
    if refused:
        raise ValidationError(ERR_IDENTITY_KEY.format(others=refused))
    return trustee


def _publish(acting_user: User, state: EVoteRound, round_: Round, trustee: Trustee,
             record: Mapping[str, Any]) -> int:
    """Inside trustee_publish's transaction: 0, or the number of the others' records the
    refused joint key was made with (nothing stored then but the audit row)."""
    if trustee.commitments:
        raise ValidationError(ERR_PUBLISHED)
    _require_ceremony_open(round_, state)
    if key_refused(round_):
        # Whoever made the refused record knows the sum of the others' secrets: any record
        # of theirs now would complete a key they can decrypt with.
        raise ValidationError(ERR_KEY_REFUSED)
    if not isinstance(record, Mapping) or record.get("index") != trustee.index:
        raise ValidationError(ERR_RECORD.format(reason=_("không phải của đồng chí")))
    assert state.threshold is not None
    try:
        cceremony.verify_trustee(base_hash_of(state), dict(record), state.threshold)
    except CryptoError as exc:
        raise ValidationError(ERR_RECORD.format(reason=str(exc))) from exc
    others = records(round_)
    if len(others) + 1 == Trustee.objects.filter(round_id=round_.pk).count():
        key = cceremony.joint_key([*others, dict(record)])
        if key == IDENTITY.hex():
            audit(actor=acting_user, obj=state, action=AuditLog.Action.UPDATE,
                  verb="evote_joint_key_refused",
                  after={"trustees": len(others) + 1, "published": len(others), "trustee": trustee.index})
            return len(others)
    before = snapshot(trustee)
    trustee.commitments = list(record["commitments"])
    trustee.proofs = list(record["proofs"])
    trustee.communication_key = str(record["communication_key"])
    trustee.communication_proof = list(record["communication_proof"])
    trustee.save(update_fields=["commitments", "proofs", "communication_key",
                                "communication_proof"])
    audit_update(actor=acting_user, obj=trustee, before=before, verb="evote_trustee_publish")
    published = records(round_)
    if len(published) == Trustee.objects.filter(round_id=round_.pk).count():
        state.public_key = cceremony.joint_key(published)
        state.extended_hash = cballots.extended_hash(base_hash_of(state), state.public_key)
        state.save(update_fields=["public_key", "extended_hash"])
        audit(actor=acting_user, obj=state, action=AuditLog.Action.UPDATE, verb="evote_joint_key",
              after={"trustees": len(published), "public_key": state.public_key})
    return 0


# --- 3. shares -----------------------------------------------------------------------------
def _check_payload(payload: Any, sender: int, others: set[int]) -> int:
    if not isinstance(payload, Mapping) or set(payload) != {"from", "to", "E", "nonce", "ct"}:
        raise ValidationError(ERR_SHARES.format(reason=_("thiếu hoặc thừa trường")))
    if payload["from"] != sender or payload["to"] not in others:
        raise ValidationError(ERR_SHARES.format(reason=_("người gửi hoặc người nhận sai")))
    if not (isinstance(payload["E"], str) and _HEX64.fullmatch(payload["E"])
            and isinstance(payload["nonce"], str) and len(payload["nonce"]) == 48
            and _HEX.fullmatch(payload["nonce"])
            # A scalar (32 bytes) and the AEAD's 16-byte tag.
            and isinstance(payload["ct"], str) and len(payload["ct"]) == 96
            and _HEX.fullmatch(payload["ct"])):
        raise ValidationError(ERR_SHARES.format(reason=_("giá trị không đúng độ dài")))
    return int(payload["to"])


@transaction.atomic(durable=True)
def shares_post(*, acting_user: User, round_: Round, payloads: Sequence[Any]) -> int:
    """A trustee's shares, encrypted to each other trustee (the server cannot read them)."""
    state = _state(round_, lock=True)
    round_ = Round.objects.select_related("election").get(pk=round_.pk)
    require_counting(acting_user, round_.election)
    trustee = _trustee_of(acting_user, round_)
    if round_.status != Round.Status.PREPARING or round_.electronic:
        raise ValidationError(ERR_KEY_DONE)
    if not state.public_key:
        raise ValidationError(ERR_NOT_ALL_PUBLISHED)
    if TrusteeShare.objects.filter(round_id=round_.pk, sender=trustee.index).exists():
        raise ValidationError(ERR_SHARES_SENT)
    others = set(Trustee.objects.filter(round_id=round_.pk).exclude(pk=trustee.pk)
                 .values_list("index", flat=True))
    if not isinstance(payloads, Sequence) or len(payloads) != len(others):
        raise ValidationError(ERR_SHARES.format(reason=_("phải có đúng một phần cho mỗi thành viên khác")))
    recipients = [_check_payload(p, trustee.index, others) for p in payloads]
    if set(recipients) != others:
        raise ValidationError(ERR_SHARES.format(reason=_("phải có đúng một phần cho mỗi thành viên khác")))
    TrusteeShare.objects.bulk_create([TrusteeShare(round_id=round_.pk, sender=trustee.index,
                                                   recipient=to, payload=dict(p))
                                      for to, p in zip(recipients, payloads, strict=True)])
    audit(actor=acting_user, obj=trustee, action=AuditLog.Action.UPDATE, verb="evote_shares_sent",
          after={"shares": len(recipients)})
    return len(recipients)


def shares_to(round_: Round, index: int) -> list[dict[str, Any]]:
    """The shares relayed to trustee `index`, by sender."""
    return [s.payload for s in TrusteeShare.objects.filter(round_id=round_.pk, recipient=index)
            .order_by("sender")]


# --- 4. confirm ----------------------------------------------------------------------------
@transaction.atomic(durable=True)
def trustee_confirm(*, acting_user: User, round_: Round, complaint_against: int | None = None,
                    reason: str = "") -> Trustee:
    """The trustee checked every share sent to it (on its device) and kept its secret share,
    or names the sender whose share failed (a complaint: the round stays blocked)."""
    state = _state(round_, lock=True)
    round_ = Round.objects.select_related("election").get(pk=round_.pk)
    require_counting(acting_user, round_.election)
    trustee = _trustee_of(acting_user, round_)
    _require_open_for_confirm(round_, state)
    if trustee.confirmed:
        raise ValidationError(ERR_CONFIRMED)
    need = Trustee.objects.filter(round_id=round_.pk).count() - 1
    got = TrusteeShare.objects.filter(round_id=round_.pk, recipient=trustee.index).count()
    before = snapshot(trustee)
    if complaint_against is not None:
        if not Trustee.objects.filter(round_id=round_.pk, index=complaint_against).exclude(
                pk=trustee.pk).exists():
            raise ValidationError(ERR_COMPLAINT.format(sender=complaint_against))
        trustee.complaint = f"{complaint_against}: {reason}"[:300]
        trustee.save(update_fields=["complaint"])
        audit_update(actor=acting_user, obj=trustee, before=before, verb="evote_share_complaint")
        return trustee
    if got < need:
        raise ValidationError(ERR_SHARES_MISSING.format(got=got, need=need))
    trustee.confirmed = True
    trustee.save(update_fields=["confirmed"])
    audit_update(actor=acting_user, obj=trustee, before=before, verb="evote_trustee_confirm")
    return trustee


def _require_open_for_confirm(round_: Round, state: EVoteRound) -> None:
    if round_.status != Round.Status.PREPARING or round_.electronic or not state.public_key:
        raise ValidationError(ERR_KEY_DONE if state.public_key else ERR_NOT_ALL_PUBLISHED)


# --- 5. ready ------------------------------------------------------------------------------
def is_ready(round_: Round) -> bool:
    """The round's key is complete: every trustee published, sent its shares and confirmed
    them, no complaint, and the manifest still says what the round is (the names in ballot
    order, the seats, the base, the counting committee's choices). Then the round may open
    with the encrypted scheme."""
    state = EVoteRound.objects.filter(round_id=round_.pk, scheme=EVoteRound.Scheme.ENCRYPTED).first()
    if state is None or not state.manifest or not state.public_key:
        return False
    trustees = list(Trustee.objects.filter(round_id=round_.pk))
    if len(trustees) < 2 or any(not t.confirmed or t.complaint for t in trustees):
        return False
    return not _manifest_changed(round_, state)


def require_ready(round_: Round) -> None:
    if not is_ready(round_):
        raise ValidationError(ERR_CHANGED if manifest_changed(round_) else ERR_NO_CEREMONY)


def _manifest_changed(round_: Round, state: EVoteRound) -> bool:
    """Every proof of the round hashes the manifest: a round whose names, seats or base
    changed after the ceremony needs a new one."""
    stored = json.loads(state.manifest)
    if [c.pk for c in selectors.ballot_candidates(round_)] != list(state.candidate_ids):
        return True
    try:
        now = manifest_of(round_, [(t["index"], t["name"]) for t in stored["trustees"]],
                          stored["threshold"])
    except rules.RulesError:
        return True
    return now != stored


def manifest_changed(round_: Round) -> bool:
    state = EVoteRound.objects.filter(round_id=round_.pk).first()
    return bool(state and state.manifest and _manifest_changed(round_, state))


# --- 6. the count --------------------------------------------------------------------------
@dataclass(frozen=True)
class CountReport:
    round: Round
    receipts: int
    decrypted: bool  # the totals are known (k trustees answered, or no ballot was cast)
    finalized: bool


# The worker adds the cast ballots into the running sum once this many are waiting: the
# homomorphic sum (~7 ms a ballot) is done during the vote, and the close adds only the rest.
SUM_EVERY = 50


def _summed(state: EVoteRound, ballots: Sequence[str]) -> list[dict[str, str]]:
    """The running sum plus `ballots` (EG §3.5: the sum of sums is the sum)."""
    start = [] if state.running_sum is None else [{"selections": state.running_sum}]
    return cballots.aggregate(state.manifest, [*start, *ballots])


def ballots_sum(round_id: int, *, at_least: int = 1) -> int:
    """During an encrypted vote, in the worker (tasks.ballots_sum): the cast ballots not yet
    summed are added into the round's running sum and marked summed, in one transaction
    under the e-vote row's lock, so each is added exactly once. A sum already running is
    not waited for (skip_locked: it or the close takes these); the close holds the same
    lock, so no sum runs during it, and none after it. The running sum is encrypted under
    the committee's key like every ballot in it: it tells nothing the board does not
    publish. Not audited, like a vote. Returns how many ballots were added."""
    with transaction.atomic():
        state = (EVoteRound.objects.select_for_update(skip_locked=True)
                 .filter(round_id=round_id, scheme=EVoteRound.Scheme.ENCRYPTED,
                         aggregate__isnull=True).first())
        if state is None:
            return 0
        pending = list(EncryptedBallot.objects.filter(round_id=round_id, summed=False)
                       .values_list("pk", "ballot"))
        if not pending or len(pending) < at_least:
            return 0
        state.running_sum = _summed(state, [ballot for _pk, ballot in pending])
        state.running_count += len(pending)
        state.save(update_fields=["running_sum", "running_count"])
        EncryptedBallot.objects.filter(pk__in=[pk for pk, _ballot in pending]).update(summed=True)
    return len(pending)


def _close_count(acting_user: User, round_: Round) -> CountReport:
    """The count of an encrypted round's close, inside the transaction of its service
    (`services.evote_close_encrypted`, which mixes the ballots in the same transaction and
    has checked the counting committee): no vote after this, and the cast ballots are added
    up while encrypted (EG §3.5). The trustees then decrypt (`decryption_submit`); a round
    with no ballot cast has totals of zero and is counted at once."""
    # The same lock order as services.evote_close: e-vote row, then the round (every
    # vote in flight holds the round FOR SHARE and finishes first).
    state = _state(round_, lock=True)
    round_ = Round.objects.select_for_update().select_related("election").get(pk=round_.pk)
    if not (round_.electronic and round_.status == Round.Status.VOTING):
        raise ValidationError(ERR_COUNT_STATUS)
    cast = EncryptedBallot.objects.filter(round_id=round_.pk).count()
    receipts = VoterReceipt.objects.filter(round=round_).count()
    # Only the ballots the worker has not summed during the vote are added now.
    rest = list(EncryptedBallot.objects.filter(round_id=round_.pk, summed=False)
                .values_list("ballot", flat=True))
    if cast != receipts or state.running_count + len(rest) != cast:
        raise ValidationError(ERR_COUNT_MISMATCH.format(ballots=cast, receipts=receipts))
    manifest = json.loads(state.manifest)
    if manifest["format"] == "confidence":
        # As the plain confidence close (services._close_confidence): no counting groups nor
        # the paper count's confirmation of open cases; the round waits for the decryption.
        before = snapshot(round_)
        round_.status = Round.Status.COUNTING
        round_.save(update_fields=["status"])
        audit_update(actor=acting_user, obj=round_, before=before, verb="start_counting")
    else:
        rounds.start_electronic_count(acting_user=acting_user, round_=round_, cast=receipts)
    state.aggregate = _summed(state, rest)
    state.save(update_fields=["aggregate"])
    audit(actor=acting_user, obj=round_, action=AuditLog.Action.UPDATE, verb="evote_close",
          after={"receipts": receipts, "ballots": cast})
    finalized = False
    if not cast:
        finalized = _record(acting_user, round_, state, [0] * int(manifest["selections"]), 0)
    round_.refresh_from_db()
    return CountReport(round=round_, receipts=receipts, decrypted=not cast, finalized=finalized)


def _record(acting_user: User, round_: Round, state: EVoteRound, totals: list[int],
            ballots: int) -> bool:
    """The decrypted totals into the round, as services.evote_close hands the plain count:
    the electronic counting group's figures, and the round finalized when it has no paper
    groups and a ballot was cast. Returns whether it was finalized. A confidence round's
    counts are stored and the round closed as the plain scheme's close does
    (`store_confidence`)."""
    manifest = json.loads(state.manifest)
    state.totals = totals
    state.save(update_fields=["totals"])
    # Counts only: the figures are audited with the electronic group's totals, which the
    # log withholds until the result is published (elections/audit_sentences.py).
    audit(actor=acting_user, obj=state, action=AuditLog.Action.UPDATE, verb="evote_decrypted",
          after={"selections": len(totals), "ballots": ballots})
    if manifest["format"] == "confidence":
        marks = cboard.confidence_of(manifest, totals, ballots)
        store_confidence(acting_user, round_, ballots, {
            pk: (m.high, m.medium, m.low)
            for pk, m in zip(state.candidate_ids, marks, strict=True)})
        return True
    result = result_of(manifest, totals, ballots)
    rounds.record_totals(
        acting_user=acting_user, round_=round_, ballots_collected=result.ballots_collected,
        invalid_by_reason={str(k): v for k, v in result.invalid_by_reason.items()},
        votes=dict(zip(state.candidate_ids, result.votes, strict=True)))
    paper = round_.groups.exclude(mode=CountingGroup.Mode.ELECTRONIC).exists()
    if not paper and ballots:
        rounds.finalize(acting_user=acting_user, round_=round_)
        return True
    return False


def store_confidence(acting_user: User, round_: Round, returned: int,
                     marks: Mapping[int, tuple[int, int, int]]) -> None:
    """A confidence round has no one elected: its three-level counts are stored as the
    round's result ({"format": "confidence", "ballots_collected", "levels": {candidate id:
    [high, medium, low]}}) and the round is closed; the committee's vote reads them
    (`selectors.confidence_result_of`) and rules/confidence.py counts them. Both schemes'
    closes end here (services._close_confidence, `_record`)."""
    before = snapshot(round_)
    round_.ballots_issued = max(round_.ballots_issued, returned)
    round_.result = {"format": Election.BallotFormat.CONFIDENCE, "ballots_collected": returned,
                     "levels": {str(pk): list(m) for pk, m in marks.items()}}
    round_.status = Round.Status.CLOSED
    round_.counted_at = timezone.now()
    round_.save(update_fields=["ballots_issued", "result", "status", "counted_at"])
    audit_update(actor=acting_user, obj=round_, before=before, verb="confidence_counted")


def awaiting_decryption(round_: Round, state: EVoteRound | None = None) -> bool:
    if state is None:
        state = EVoteRound.objects.filter(round_id=round_.pk).first()
    return bool(state is not None and state.scheme == EVoteRound.Scheme.ENCRYPTED
                and state.aggregate is not None and state.totals is None
                and round_.status == Round.Status.COUNTING)


def decryption_submit(*, acting_user: User, round_: Round, share: Mapping[str, Any]) -> CountReport:
    """A trustee's decryption share of the aggregate, verified against its public share
    (EG §3.6.1, its proofs as §3.6.3's); the k-th one combines them (EG §3.6.2) and records
    the totals."""
    with transaction.atomic(durable=True):
        state = _state(round_, lock=True)
        round_ = Round.objects.select_for_update().select_related("election").get(pk=round_.pk)
        require_counting(acting_user, round_.election)
        trustee = _trustee_of(acting_user, round_)
        if not awaiting_decryption(round_, state):
            raise ValidationError(ERR_DECRYPT_STATUS)
        if DecryptionShare.objects.filter(round_id=round_.pk, trustee=trustee.index).exists():
            raise ValidationError(ERR_DECRYPTED)
        if not isinstance(share, Mapping) or share.get("trustee") != trustee.index:
            raise ValidationError(ERR_DECRYPTION.format(reason=_("không phải của đồng chí")))
        published = records(round_)
        aggregate: list[dict[str, str]] = state.aggregate or []
        try:
            ctally.verify_decryption_share(state.extended_hash, published, dict(share), aggregate)
        except CryptoError as exc:
            raise ValidationError(ERR_DECRYPTION.format(reason=str(exc))) from exc
        row = DecryptionShare.objects.create(round_id=round_.pk, trustee=trustee.index,
                                             shares=list(share["shares"]))
        audit(actor=acting_user, obj=row, action=AuditLog.Action.CREATE, verb="evote_decryption",
              after={"trustee": trustee.index, "selections": len(row.shares)})
        answered = decryption_shares(round_)
        receipts = VoterReceipt.objects.filter(round=round_).count()
        assert state.threshold is not None
        decrypted = finalized = False
        if len(answered) >= state.threshold:
            try:
                totals = ctally.combine(aggregate, answered, state.threshold, receipts)
            except CryptoError as exc:
                raise ValidationError(ERR_COMBINE.format(reason=str(exc))) from exc
            ballots = EncryptedBallot.objects.filter(round_id=round_.pk).count()
            finalized = _record(acting_user, round_, state, list(totals), ballots)
            decrypted = True
    round_.refresh_from_db()
    return CountReport(round=round_, receipts=receipts, decrypted=decrypted, finalized=finalized)


def decryption_shares(round_: Round) -> list[dict[str, Any]]:
    return [{"trustee": d.trustee, "shares": d.shares}
            for d in DecryptionShare.objects.filter(round_id=round_.pk).order_by("trustee")]


# --- what the pages show -------------------------------------------------------------------
def key_refused(round_: Round) -> bool:
    """The ceremony under way had its joint key refused (`trustee_publish`, EG Verification
    3.B) and waits to be started again. The refusal keeps nothing but its audit row, so the
    state's last row of a start or a refusal says it (a start begins a new ceremony)."""
    from django.contrib.contenttypes.models import ContentType

    last = (AuditLog.objects.filter(content_type=ContentType.objects.get_for_model(EVoteRound),
                                    object_id=str(round_.pk),
                                    verb__in=("evote_ceremony_start", "evote_joint_key_refused"))
            .order_by("-at", "-id").values_list("verb", flat=True).first())
    return last == "evote_joint_key_refused"


@dataclass(frozen=True)
class TrusteeState:
    index: int
    name: str
    user_id: int
    published: bool
    shares_sent: bool
    confirmed: bool
    complaint: str
    decrypted: bool


def trustees_of(round_: Round) -> list[TrusteeState]:
    sent = set(TrusteeShare.objects.filter(round_id=round_.pk).values_list("sender", flat=True))
    decrypted = set(DecryptionShare.objects.filter(round_id=round_.pk)
                    .values_list("trustee", flat=True))
    return [TrusteeState(index=t.index, name=str(t.user), user_id=t.user_id,
                         published=bool(t.commitments), shares_sent=t.index in sent,
                         confirmed=t.confirmed, complaint=t.complaint,
                         decrypted=t.index in decrypted)
            for t in Trustee.objects.filter(round_id=round_.pk).select_related("user")
            .order_by("index")]
