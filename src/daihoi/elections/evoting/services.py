"""Secret electronic voting: opening a round, casting a ballot, mixing, closing and counting.

Who may vote is the election's electorate's answer (elections/electorate.py): at a
congress, a delegate who holds a seat and is checked in (congress/electorate.py); at the
committee's first session, a member of the new committee recorded present
(elections/first_session.py). Nothing here reads the congress's tables.

A vote is recorded exactly once: the receipt (round, voter key) is unique and is written in
the same transaction as the ballot. Two requests at once: one inserts, the other's insert
does nothing (ON CONFLICT DO NOTHING: no database error, so no log line naming the voter)
and it is answered "đã bỏ phiếu". A retry of the same submission (the same
ballot token, e.g. after a network failure) is answered "already recorded", and counts once.

An invalid e-ballot (more names kept than seats, nobody voted for) is refused with the
reason, and the delegate corrects it: on a device there is no reason to record a spoilt
ballot by mistake, and the page says so before sending. So every stored ballot is valid.

Nothing here logs a voter or a ballot; the audit log gets the opening and the closing of
the vote with counts (DESIGN.md: the secret ballot). See models.py for the storage design.

The encrypted scheme (issue 21, docs/evote-protocol.md), chosen when voting opens once the
counting committee's key is made (`ceremony`): the delegate's browser encrypts the ballot
and proves it valid; `vote_cast_encrypted` checks the proofs and writes the receipt and the
ciphertext exactly as `vote_cast` writes the receipt and the letters, so the database, its
WAL and its backups never hold a clear choice. `ballot_spoil` takes a challenged ballot
(published, never counted); `evote_close_encrypted` hands the encrypted sum to the
trustees (`ceremony._close_count`, in the same transaction as the mix).
"""

from __future__ import annotations

import enum
import hashlib
import json
import logging
import random
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from daihoi.core.audit import audit, audit_create, audit_update, snapshot
from daihoi.core.models import AuditLog, User
from daihoi.elections import rounds, selectors
from daihoi.elections.access import can_see_results, require_counting
from daihoi.elections.electorate import Voter, electorate_of
from daihoi.elections.evoting import ceremony, tasks
from daihoi.elections.evoting.crypto import ballots as eballots
from daihoi.elections.evoting.crypto.group import CryptoError
from daihoi.elections.evoting.models import (
    CastBallot,
    ChallengeCount,
    EncryptedBallot,
    EVoteRound,
    SpoiledBallot,
    VoterReceipt,
)
from daihoi.elections.evoting.selectors import ConfidenceTally
from daihoi.elections.models import Candidate, CountingGroup, Election, Round
from daihoi.elections.services import ERR_NO_CANDIDATES
from daihoi.rules import counting as rules

# --- messages (tests assert on them) -------------------------------------------------------
ERR_NO_ELECTORATE = _("Không có danh sách cử tri cho cuộc bầu cử này (không thuộc đại hội hay hội "
                      "nghị nào): không bỏ phiếu điện tử được.")
ERR_NOT_DELEGATE = _("Đồng chí không có tên trong danh sách được triệu tập của lần bầu này.")
ERR_NOT_ENTITLED = _("Đồng chí không có quyền biểu quyết trong lần bầu này "
                     "(đại biểu dự khuyết chưa thay thế, đã có người thay, hoặc không đủ tư cách).")
ERR_NOT_PRESENT = _("Đồng chí chưa điểm danh vào phiên họp này (hoặc đã ra về): "
                    "hãy điểm danh tại bàn đón tiếp rồi bỏ phiếu.")
ERR_NOT_OPEN = _("Lần bầu này không đang mở bỏ phiếu điện tử.")
ERR_ALREADY_VOTED = _("Đồng chí đã bỏ phiếu trong lần bầu này. Mỗi đại biểu chỉ bỏ một phiếu.")
ERR_TOKEN = _("Phiếu bầu không hợp lệ hoặc đã hết hạn: hãy tải lại trang phiếu bầu.")
ERR_MALFORMED = _("Phiếu gửi lên không đúng mẫu: hãy tải lại trang phiếu bầu.")
ERR_TOO_MANY_KEPT = _("Đồng chí đang bầu {kept} người, nhiều hơn số lượng cần bầu ({seats}). "
                      "Hãy gạch bớt tên.")
# The agree format has no names to strike: what is too many there is the "Đồng ý" ticked.
ERR_TOO_MANY_AGREED = _("Đồng chí đang đồng ý với {kept} người, nhiều hơn số lượng cần bầu "
                        "({seats}). Hãy bỏ bớt ô “Đồng ý”.")
ERR_ALL_STRUCK = _("Phiếu chưa bầu cho ai: phải bầu ít nhất một người.")
ERR_INVALID = _("Phiếu không hợp lệ ({reason}).")
ERR_OPEN_STATUS = _("Chỉ mở bỏ phiếu điện tử được cho lần bầu đang chuẩn bị.")
ERR_CLOSE_STATUS = _("Lần bầu này không đang bỏ phiếu điện tử.")
ERR_COUNT_MISMATCH = ceremony.ERR_COUNT_MISMATCH  # one message for both schemes' close
ERR_PROOF = _("Phiếu mã hóa không chứng minh được là hợp lệ ({reason}): hãy tải lại trang phiếu "
              "bầu và bầu lại.")
ERR_TRACKER_TAKEN = _("Phiếu mã hóa này đã có trên bảng tin: không nhận lại. Hãy tải lại trang "
                      "phiếu bầu và bầu lại.")
ERR_SPOILED_CAST = _("Phiếu này đã được mở ra để kiểm tra nên không bỏ được nữa: hãy bầu lại.")
ERR_NOT_ENCRYPTED = _("Lần bầu này không bỏ phiếu mã hóa.")
ERR_CHALLENGE_LIMIT = _("Mỗi đại biểu được mở kiểm tra tối đa {max} phiếu trong một lần bầu, và "
                        "đồng chí đã kiểm tra đủ {max} phiếu. Hãy xem lại lựa chọn và gửi phiếu bầu.")
MSG_RECORDED = _("Phiếu bầu của đồng chí đã được ghi nhận.")
MSG_ALREADY_RECORDED = _("Phiếu bầu này đã được ghi nhận từ trước (gửi lại không tính thêm).")

logger = logging.getLogger(__name__)

# Mix the ballots of a round once this many unmixed ones have gathered (models.py, point 3).
MIX_EVERY = 25
SIGNING_SALT = "daihoi.evoting.ballot"
TOKEN_MAX_AGE = 12 * 3600  # a ballot form stays usable through one congress day


class VoteRefused(Exception):
    """The vote is not recorded; `message` says why, for the delegate."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = str(message)


class BallotInvalid(VoteRefused):
    """The ballot itself is at fault: the delegate corrects it on the form."""


class ChallengeLimit(VoteRefused):
    """A challenge past MAX_CHALLENGES: refused, and the delegate can still vote."""


class Outcome(enum.StrEnum):
    RECORDED = "recorded"
    ALREADY_RECORDED = "already_recorded"  # the same token again: a retry, counted once
    ALREADY_VOTED = "already_voted"  # another submission after a vote was recorded


# --- who may vote --------------------------------------------------------------------------
def voter_for(user: Any, round_: Round) -> Voter:
    """The user's place in the round's electorate, checked entitled and present (the
    electorate decides both: elections/electorate.py); VoteRefused otherwise. One query for
    a congress (congress/electorate.py reads the seat, replaced and present at once)."""
    electorate = electorate_of(round_.election)
    if electorate is None:
        raise VoteRefused(ERR_NO_ELECTORATE)
    voter = electorate.voter_for_user(round_.election, user)
    if voter is None:
        raise VoteRefused(ERR_NOT_DELEGATE)
    if not voter.entitled:
        raise VoteRefused(ERR_NOT_ENTITLED)
    if not voter.present:
        raise VoteRefused(ERR_NOT_PRESENT)
    return voter


def is_open(round_: Round) -> bool:
    return round_.electronic and round_.status == Round.Status.VOTING


def has_voted(round_: Round, voter: Voter | str) -> bool:
    key = voter if isinstance(voter, str) else voter.key
    return VoterReceipt.objects.filter(round=round_, voter=key).exists()


# --- the ballot form -----------------------------------------------------------------------
def ballot_token(round_: Round, voter: Voter | str) -> str:
    """A signed token issued with the ballot form: the round, the voter's key and a random
    nonce. Not stored until the vote; its digest in the receipt recognises a retry."""
    key = voter if isinstance(voter, str) else voter.key
    return signing.dumps({"r": round_.pk, "v": key, "n": secrets.token_urlsafe(12)},
                         salt=SIGNING_SALT, compress=False)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_token(token: str, round_: Round, voter: Voter) -> None:
    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        raise VoteRefused(ERR_TOKEN) from None
    if not isinstance(data, dict) or data.get("r") != round_.pk or data.get("v") != voter.key:
        raise VoteRefused(ERR_TOKEN)


def candidates_of(round_: Round) -> list[Candidate]:
    """The round's candidates in the order frozen when e-voting opened (the ballot order).
    Uses the EVoteRound row when the caller loaded it with the round
    (`select_related("evote")`: one query less per vote)."""
    if Round.evote.is_cached(round_):
        state: EVoteRound | None = getattr(round_, "evote", None)  # None: no e-vote row
    else:
        state = EVoteRound.objects.filter(round=round_).first()
    by_id = {c.pk: c for c in round_.candidates.all()}
    if state is None:
        return selectors.ballot_candidates(round_)
    return [by_id[i] for i in state.candidate_ids if i in by_id]


def contest_for(round_: Round, candidates: Sequence[Candidate]) -> rules.Contest:
    return selectors.contest_of(round_, candidates, with_issued=False)


# What each line of the form sends: always one letter per line, so every submission of a
# round has one length whatever its content (a network observer cannot count the struck
# names from the request size; docs/operations.md still asks for HTTPS in the hall).
KEEP, STRIKE, AGREE, DISAGREE, NONE = "k", "s", "a", "d", "n"
# A confidence ballot (Quy định 96-QĐ/TW): tín nhiệm cao / tín nhiệm / tín nhiệm thấp, or
# NONE (the row left blank). One of four letters per person, like the other formats.
HIGH, MEDIUM, LOW = "h", "m", "l"
CONFIDENCE = Election.BallotFormat.CONFIDENCE
#: The levels of a confidence ballot as `choices` keys, in the order rules/confidence.Marks
#: takes them (high, medium, low).
CONFIDENCE_LEVELS = (HIGH, MEDIUM, LOW)
LINE_VALUES: dict[str, tuple[str, ...]] = {rules.BallotFormat.STRIKE: (KEEP, STRIKE),
                                           rules.BallotFormat.APPROVE: (AGREE, DISAGREE, NONE),
                                           CONFIDENCE: (HIGH, MEDIUM, LOW, NONE)}


def choices_from_form(fmt: str, count: int, data: Mapping[str, Any]) -> dict[str, list[int]]:
    """The choices of a submitted form as indexes. Every line `line-<i>` must carry one
    value: strike: "k" (kept) or "s" (struck); approve: "a" (đồng ý), "d" (không đồng ý) or
    "n" (nothing chosen); confidence: "h", "m", "l" (cao, tín nhiệm, thấp) or "n" (the row
    left blank). A line missing or another value is malformed: the page's form always
    sends every line, so a smaller body is not a ballot of this page."""
    allowed = LINE_VALUES.get(fmt, LINE_VALUES[rules.BallotFormat.APPROVE])
    marks = []
    for i in range(count):
        mark = data.get(f"line-{i}")
        if mark not in allowed:
            raise VoteRefused(ERR_MALFORMED)
        marks.append(mark)
    if fmt == rules.BallotFormat.STRIKE:
        return {"s": [i for i, m in enumerate(marks) if m == STRIKE]}
    if fmt == CONFIDENCE:
        return {level: [i for i, m in enumerate(marks) if m == level] for level in CONFIDENCE_LEVELS}
    return {"a": [i for i, m in enumerate(marks) if m == AGREE],
            "d": [i for i, m in enumerate(marks) if m == DISAGREE]}


def encode_choices(fmt: str, count: int, choices: Mapping[str, Sequence[int]]) -> str:
    """The stored form of a ballot: one letter per candidate of the frozen ballot order
    (strike: k/s; approve: a/d/n; confidence: h/m/l/n), so every ballot row of a round has
    the same size whatever its content (models.py, point 7)."""
    if fmt == rules.BallotFormat.STRIKE:
        struck = set(choices.get("s", ()))
        return "".join(STRIKE if i in struck else KEEP for i in range(count))
    if fmt == CONFIDENCE:
        level_of = {i: level for level in CONFIDENCE_LEVELS for i in choices.get(level, ())}
        return "".join(level_of.get(i, NONE) for i in range(count))
    agree, disagree = set(choices.get("a", ())), set(choices.get("d", ()))
    return "".join(AGREE if i in agree else DISAGREE if i in disagree else NONE
                   for i in range(count))


def ballot_of(stored: Mapping[str, Sequence[int]] | str) -> rules.Ballot:
    """A ballot from its choices as indexes, or from its stored letters (encode_choices)."""
    if isinstance(stored, str):
        return rules.Ballot(struck=frozenset(i for i, m in enumerate(stored) if m == STRIKE),
                            agree=frozenset(i for i, m in enumerate(stored) if m == AGREE),
                            disagree=frozenset(i for i, m in enumerate(stored) if m == DISAGREE))
    return rules.Ballot(struck=frozenset(stored.get("s", ())), agree=frozenset(stored.get("a", ())),
                        disagree=frozenset(stored.get("d", ())))


def check_confidence_ballot(count: int, choices: Mapping[str, Sequence[int]]) -> None:
    """A confidence ballot holds at most one level per person (the page's radios send one).
    A row left blank, and a ballot with no mark at all, are not refused: RULES.md counts
    the shares "of the ballots returned", and rules/confidence.count counts a returned ballot
    that leaves a person unmarked under `PersonResult.unmarked` (in the denominator, in no
    level), as a blank paper ballot put in the box is counted."""
    seen: set[int] = set()
    for level in CONFIDENCE_LEVELS:
        for i in choices.get(level, ()):
            if not 0 <= i < count or i in seen:
                raise BallotInvalid(ERR_MALFORMED)
            seen.add(i)
    if set(choices) - set(CONFIDENCE_LEVELS):
        raise BallotInvalid(ERR_MALFORMED)


def confidence_tally(round_: Round) -> ConfidenceTally:
    cands = candidates_of(round_)
    counts = [[0, 0, 0] for _c in cands]
    returned = 0
    for stored in CastBallot.objects.filter(round_id=round_.pk).values_list("choices", flat=True):
        returned += 1
        for i, mark in enumerate(stored):
            if mark in CONFIDENCE_LEVELS:
                counts[i][CONFIDENCE_LEVELS.index(mark)] += 1
    return ConfidenceTally(returned=returned, marks={c.pk: (h, m, low) for c, (h, m, low)
                                                     in zip(cands, counts, strict=True)})


def check_ballot(contest: rules.Contest, choices: Mapping[str, Sequence[int]]) -> None:
    """rules.classify decides; an invalid e-ballot is refused with the reason (module doc)."""
    ballot = ballot_of(choices)
    try:
        reason = rules.classify(contest, ballot)
    except rules.RulesError:
        raise BallotInvalid(ERR_MALFORMED) from None
    if reason is None:
        return
    if reason == rules.InvalidReason.TOO_MANY_KEPT:
        if contest.ballot_format == rules.BallotFormat.STRIKE:
            kept = len(contest.candidates) - len(ballot.struck)
            raise BallotInvalid(ERR_TOO_MANY_KEPT.format(kept=kept, seats=contest.seats))
        agreed = len(ballot.agree - ballot.disagree)
        raise BallotInvalid(ERR_TOO_MANY_AGREED.format(kept=agreed, seats=contest.seats))
    if reason == rules.InvalidReason.ALL_STRUCK:
        raise BallotInvalid(ERR_ALL_STRUCK)
    raise BallotInvalid(ERR_INVALID.format(reason=str(reason)))


# --- casting -------------------------------------------------------------------------------
def _lock_round_for_vote(round_id: int) -> None:
    """Inside the vote's transaction: the round must be open. On PostgreSQL a FOR SHARE lock
    keeps the close (FOR UPDATE) waiting until this vote commits, and voters do not wait for
    each other; on SQLite the transaction is IMMEDIATE, so votes and the close are serialised."""
    sql = "SELECT status, electronic FROM elections_round WHERE id = %s"
    if connection.vendor == "postgresql":
        sql += " FOR SHARE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [round_id])
        row = cursor.fetchone()
    if row is None or row[0] != Round.Status.VOTING or not row[1]:
        raise VoteRefused(ERR_NOT_OPEN)


def _insert_receipt(round_id: int, voter_key: str, digest: str) -> Outcome | None:
    """Inside the vote's transaction: write the receipt, or say why not (None: written).
    INSERT ... ON CONFLICT DO NOTHING (PostgreSQL and SQLite alike): a second vote is not a
    database error, so nothing reaches the server's log (PostgreSQL logs a unique violation
    with the key, i.e. the voter, and the time)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {VoterReceipt._meta.db_table} (round_id, voter, token_digest) "  # noqa: S608
            "VALUES (%s, %s, %s) ON CONFLICT (round_id, voter) DO NOTHING",
            [round_id, voter_key, digest])
        if cursor.rowcount == 1:
            return None
    # The other vote has committed (PostgreSQL waited for it) or was already there.
    receipt = VoterReceipt.objects.filter(round_id=round_id, voter=voter_key).first()
    if receipt is not None and secrets.compare_digest(receipt.token_digest, digest):
        return Outcome.ALREADY_RECORDED
    return Outcome.ALREADY_VOTED


def vote_cast(*, acting_user: User, round_: Round, token: str,
              choices: Mapping[str, Sequence[int]],
              candidates: Sequence[Candidate] | None = None) -> Outcome:
    """Record the delegate's vote: the receipt and the ballot in one transaction, once.

    `candidates`: the round's `candidates_of(round_)` when the caller already read them in
    this request (the view does, to parse the form); read here otherwise.

    Raises VoteRefused (not a voter, not present, round not open, bad token, invalid
    ballot). Deliberately not audited per vote: the receipt table is the record of who
    voted, and an audit row (actor, time) per vote would only add a timeline."""
    voter = voter_for(acting_user, round_)
    _check_token(token, round_, voter)
    if not is_open(round_):
        raise VoteRefused(ERR_NOT_OPEN)
    cands = candidates_of(round_) if candidates is None else candidates
    fmt: str = round_.ballot_format
    if fmt == CONFIDENCE:
        check_confidence_ballot(len(cands), choices)
    else:
        contest = contest_for(round_, cands)
        check_ballot(contest, choices)
        fmt = contest.ballot_format
    stored = encode_choices(fmt, len(cands), choices)
    with transaction.atomic(durable=True):
        _lock_round_for_vote(round_.pk)
        repeated = _insert_receipt(round_.pk, voter.key, _digest(token))
        if repeated is not None:
            return repeated
        CastBallot.objects.create(round_id=round_.pk, choices=stored)
        round_id = round_.pk
        transaction.on_commit(lambda: _mix_quietly(round_id))
    return Outcome.RECORDED


# --- the encrypted scheme (issue 21, docs/evote-protocol.md) -------------------------------
# The delegate's browser encrypts the ballot under the counting committee's joint key and
# proves it valid (protocol §4); the server checks the proofs and stores the ciphertext,
# never a clear choice, so no table, WAL, backup or log of the database holds one. The
# receipt (THAT the delegate voted) is written exactly as for the plain scheme, in the same
# transaction as the encrypted ballot.

# A stored ballot of a 30-name round is about 16 kB; far more is not a ballot of this page.
MAX_BALLOT_BYTES = 200_000
# Challenges per voter and round (Benaloh). Every challenge is published on the board and
# stored for good, so without a cap one delegate could fill the board and the database. An
# honest audit needs one or two (each catches a cheating page with even odds: a few give
# near certainty); ten leaves room for a delegate who wants to see it several times, and
# bounds the board to ten spoiled ballots per voter.
MAX_CHALLENGES = 10
CHALLENGER_SALT = "daihoi.evoting.challenger"


@dataclass(frozen=True)
class Cast:
    """What the delegate is told: the outcome and the ballot's tracker (its receipt)."""

    outcome: Outcome
    tracker: str


@dataclass(frozen=True)
class Keys:
    """What a ballot of an encrypted round is made and checked against (protocol §2)."""

    manifest: str  # the canonical JSON, hashed as it is (never re-serialised)
    public_key: str
    extended_hash: str


def _evote_state(round_: Round) -> EVoteRound | None:
    if Round.evote.is_cached(round_):
        return getattr(round_, "evote", None)
    return EVoteRound.objects.filter(round=round_).first()


def keys_of(round_: Round) -> Keys:
    state = _evote_state(round_)
    if state is None or state.scheme != EVoteRound.Scheme.ENCRYPTED or not state.public_key:
        raise VoteRefused(ERR_NOT_ENCRYPTED)
    return Keys(manifest=state.manifest, public_key=state.public_key,
                extended_hash=state.extended_hash)


def _parse_ballot(text: str) -> dict[str, Any]:
    """The posted ballot (its JSON); its content is checked by the proofs."""
    if not text or len(text) > MAX_BALLOT_BYTES:
        raise VoteRefused(ERR_MALFORMED)
    try:
        ballot = json.loads(text)
    except ValueError:
        raise VoteRefused(ERR_MALFORMED) from None
    if not isinstance(ballot, dict) or not isinstance(ballot.get("tracker"), str):
        raise VoteRefused(ERR_MALFORMED)
    return ballot


def _checked(keys: Keys, ballot: dict[str, Any],
             reveal: Mapping[str, Any] | None = None) -> tuple[str, str, list[int]]:
    """Every proof of the ballot and its tracker (protocol §4; with `reveal`, also that its
    nonces open it to those choices); then its tracker, its stored form and the choices."""
    try:
        choices: list[int] = []
        if reveal is None:
            eballots.verify_ballot(keys.manifest, keys.public_key, keys.extended_hash, ballot)
        else:
            choices = eballots.verify_spoiled(keys.manifest, keys.public_key,
                                              keys.extended_hash, ballot, dict(reveal))
        return str(ballot["tracker"]), eballots.canonical(ballot), choices
    except CryptoError as exc:
        raise BallotInvalid(ERR_PROOF.format(reason=str(exc))) from None
    except (KeyError, TypeError, ValueError):
        raise VoteRefused(ERR_MALFORMED) from None


def _prepare(voter: Voter, round_: Round, token: str) -> Keys:
    _check_token(token, round_, voter)
    if not is_open(round_):
        raise VoteRefused(ERR_NOT_OPEN)
    return keys_of(round_)


def vote_cast_encrypted(*, acting_user: User, round_: Round, token: str, ballot: str) -> Cast:
    """Record the delegate's encrypted vote: the receipt and the encrypted ballot in one
    transaction, once, after every proof checks (`crypto.ballots.verify_ballot`). The same
    ballot again with the same token (the phone resending after a lost answer) is "already
    recorded"; a ballot whose tracker is already on the board (cast, or opened by a
    challenge) is refused, so nobody can cast a copy of another's ballot.

    Raises VoteRefused as `vote_cast` does; BallotInvalid when a proof fails."""
    voter = voter_for(acting_user, round_)
    keys = _prepare(voter, round_, token)
    parsed = _parse_ballot(ballot)
    answered = _answered_before(round_.pk, voter.key, _digest(token))
    if answered is not None:
        try:
            return Cast(answered, eballots.tracker(keys.extended_hash, parsed))
        except CryptoError:
            raise VoteRefused(ERR_MALFORMED) from None
    tracker, stored, _none = _checked(keys, parsed)
    if SpoiledBallot.objects.filter(round_id=round_.pk, tracker=tracker).exists():
        raise BallotInvalid(ERR_SPOILED_CAST)
    table = EncryptedBallot._meta.db_table
    with transaction.atomic(durable=True):
        _lock_round_for_vote(round_.pk)
        repeated = _insert_receipt(round_.pk, voter.key, _digest(token))
        if repeated is not None:
            return Cast(repeated, tracker)
        key = EncryptedBallot._meta.pk.get_db_prep_value(uuid.uuid4(), connection)
        with connection.cursor() as cursor:
            # ON CONFLICT again: a copy of a ballot already cast is no database error either.
            cursor.execute(
                f"INSERT INTO {table} (id, round_id, tracker, ballot) VALUES (%s, %s, %s, %s) "  # noqa: S608
                "ON CONFLICT (round_id, tracker) DO NOTHING", [key, round_.pk, tracker, stored])
            inserted = cursor.rowcount == 1
        if not inserted:
            raise BallotInvalid(ERR_TRACKER_TAKEN)  # the receipt is rolled back with it
    _sum_when_due(round_.pk)
    return Cast(Outcome.RECORDED, tracker)


def _answered_before(round_id: int, voter_key: str, digest: str) -> Outcome | None:
    """A delegate who has voted already is answered before the proofs are checked (about
    20 ms of the server's CPU for a 30-name ballot, bench.evote_crypto): a phone resending
    after a lost answer, a second form, a double tap. A vote racing this read is decided
    by the receipt's insert in the vote's transaction, as before."""
    receipt = VoterReceipt.objects.filter(round_id=round_id, voter=voter_key).first()
    if receipt is None:
        return None
    if secrets.compare_digest(receipt.token_digest, digest):
        return Outcome.ALREADY_RECORDED
    return Outcome.ALREADY_VOTED


def _sum_when_due(round_id: int) -> None:
    """After an encrypted vote commits: each time SUM_EVERY more ballots wait, the worker is
    asked to add them into the running sum (tasks.ballots_sum), off the voters' path. A
    request missed (two votes counting at once, the queue unavailable) costs only time:
    the next request or the close adds them."""
    try:
        waiting = EncryptedBallot.objects.filter(round_id=round_id, summed=False).count()
        if waiting and waiting % ceremony.SUM_EVERY == 0:
            tasks.ballots_sum.enqueue(round_id)
    except DatabaseError:
        logger.warning("evoting: the running sum was put off")


def _challenger(round_id: int, voter_key: str) -> str:
    """The ChallengeCount key of a voter: an HMAC under SECRET_KEY, not the voter's key
    (which is guessable: "delegate:12"), so the challenge's row and WAL record name nobody."""
    return salted_hmac(CHALLENGER_SALT, f"{round_id}|{voter_key}", algorithm="sha256").hexdigest()


def _count_challenge(round_id: int, challenger: str) -> bool:
    """Inside the challenge's transaction: one more challenge for `challenger`, unless it has
    had MAX_CHALLENGES already (False). One upsert, so two challenges at once from the
    same phone cannot both take the last one, and none is a database error."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ChallengeCount._meta.db_table} AS c (round_id, voter, count) "  # noqa: S608
            "VALUES (%s, %s, 1) ON CONFLICT (round_id, voter) DO UPDATE SET count = c.count + 1 "
            "WHERE c.count < %s", [round_id, challenger, MAX_CHALLENGES])
        return cursor.rowcount == 1


def ballot_spoil(*, acting_user: User, round_: Round, token: str, ballot: str,
                 reveal: Mapping[str, Any]) -> list[int]:
    """A challenge (Benaloh's cast-or-audit, protocol §4): the browser sends the ballot it
    made with its nonces and choices instead of casting it. The server checks that they
    open the ciphertexts (`crypto.ballots.verify_spoiled`) and publishes it on the board as
    spoiled, never counted, with no link to the delegate; it returns the choices the nonces
    open. Only a delegate who may still vote challenges, at most MAX_CHALLENGES times in a
    round (ChallengeLimit after that: the board stays bounded), counted in ChallengeCount,
    apart from the spoiled ballots. The same ballot challenged twice is stored and counted
    once. Not audited, like a vote (an audit row per challenge would give its voter and
    time)."""
    voter = voter_for(acting_user, round_)
    keys = _prepare(voter, round_, token)
    if has_voted(round_, voter):
        raise VoteRefused(ERR_ALREADY_VOTED)
    challenger = _challenger(round_.pk, voter.key)
    limit = ChallengeLimit(ERR_CHALLENGE_LIMIT.format(max=MAX_CHALLENGES))
    posted = _parse_ballot(ballot)
    # Before the proofs, which cost far more than these reads: a phone past the cap is
    # refused cheaply, unless it resends a challenge already published (a lost answer).
    # The upsert below decides.
    if ChallengeCount.objects.filter(round_id=round_.pk, voter=challenger,
                                     count__gte=MAX_CHALLENGES).exists() and \
            not SpoiledBallot.objects.filter(round_id=round_.pk, tracker=posted["tracker"]).exists():
        raise limit
    tracker, stored, choices = _checked(keys, posted, reveal)
    with transaction.atomic(durable=True):
        _lock_round_for_vote(round_.pk)
        if EncryptedBallot.objects.filter(round_id=round_.pk, tracker=tracker).exists():
            raise BallotInvalid(ERR_TRACKER_TAKEN)  # cast already: its nonces stay secret
        if not SpoiledBallot.objects.filter(round_id=round_.pk, tracker=tracker).exists():
            if not _count_challenge(round_.pk, challenger):
                raise limit
            SpoiledBallot.objects.create(round_id=round_.pk, tracker=tracker, ballot=stored,
                                         reveal={"nonces": reveal["nonces"], "choices": choices})
    return choices


def _encrypted_mix(round_id: int) -> int:
    """At the close: the encrypted and the spoiled ballots rewritten in a random order with
    fresh keys, as `ballots_mix` does for the plain scheme, so a dump's storage order and
    (PostgreSQL) xmin do not follow the order of voting; a spoiled ballot is in clear and
    was made just before its delegate's vote. The rows are copied inside the database
    (INSERT ... SELECT in the order of a SystemRandom shuffle of their keys), not through
    Python: 1,600 ballots are 25 MB. Returns the number of cast ballots."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
    _rewrite_shuffled(SpoiledBallot, round_id, ["tracker", "ballot", "reveal"])
    # The cap is no longer needed, and the counters would tell who challenged.
    ChallengeCount.objects.filter(round_id=round_id).delete()
    return _rewrite_shuffled(EncryptedBallot, round_id, ["tracker", "ballot", "summed"])


def _rewrite_shuffled(model: type[EncryptedBallot | SpoiledBallot], round_id: int,
                      columns: list[str]) -> int:
    """The round's rows of `model` copied to a temporary table (not in the WAL) with fresh
    keys and a SystemRandom rank, deleted, and written back in the order of the ranks."""
    table, pk = model._meta.db_table, model._meta.pk
    assert pk is not None
    old = list(model.objects.filter(round_id=round_id).values_list("pk", flat=True))
    _rng.shuffle(old)
    cast = "::uuid" if connection.vendor == "postgresql" else ""
    cols = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE evote_mix AS SELECT id, round_id, {cols}, 0 AS ord "  # noqa: S608
                       f"FROM {table} WHERE 0 = 1")
        for start in range(0, len(old), 500):
            batch = old[start:start + 500]
            params: list[Any] = []
            for n, key in enumerate(batch, start):
                params += [pk.get_db_prep_value(key, connection),
                           pk.get_db_prep_value(uuid.uuid4(), connection), n]
            # VALUES' columns are column1, column2, column3 on PostgreSQL and SQLite alike.
            rows = ", ".join(f"(%s{cast}, %s{cast}, %s)" for _ in batch)
            cursor.execute(
                f"INSERT INTO evote_mix SELECT p.column2, t.round_id, "  # noqa: S608 - model names
                f"{', '.join('t.' + c for c in columns)}, p.column3 "
                f"FROM {table} t JOIN (VALUES {rows}) AS p ON t.id = p.column1", params)
        cursor.execute(f"DELETE FROM {table} WHERE round_id = %s", [round_id])  # noqa: S608
        cursor.execute(f"INSERT INTO {table} (id, round_id, {cols}) "  # noqa: S608
                       f"SELECT id, round_id, {cols} FROM evote_mix ORDER BY ord")
        cursor.execute("DROP TABLE evote_mix")
    return len(old)


# --- mixing --------------------------------------------------------------------------------
_rng = random.SystemRandom()


def ballots_mix(round_id: int, *, only_unmixed: bool = False) -> int:
    """Rewrite the round's ballots in one transaction, in a random order, with fresh UUIDs:
    storage order and (PostgreSQL) xmin no longer follow the order of voting. Call inside a
    transaction holding the EVoteRound row. Returns the number of ballots rewritten.

    `only_unmixed` (during the vote): only the ballots cast since the last mix, at least
    MIX_EVERY of them, so each rewrite is cheap and a dump taken mid-vote can only tell a
    ballot to be one of a batch of MIX_EVERY or more voters. At the close, everything is
    rewritten together: the batches disappear and every ballot shares one xmin."""
    rows = CastBallot.objects.filter(round_id=round_id)
    if only_unmixed:
        rows = rows.filter(mixed=False)
    found = list(rows.values_list("pk", "choices"))
    if not found:
        return 0
    if connection.vendor == "sqlite":
        # Zero the deleted rows' bytes in the database file (not only unlink them).
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
    contents = [choices for _, choices in found]
    _rng.shuffle(contents)
    CastBallot.objects.filter(round_id=round_id, pk__in=[pk for pk, _ in found]).delete()
    # uuid4 draws from os.urandom: fresh keys, so no key survives the mix either.
    CastBallot.objects.bulk_create(
        [CastBallot(id=uuid.uuid4(), round_id=round_id, choices=c, mixed=True) for c in contents],
        batch_size=500,
    )
    return len(contents)


def _mix_quietly(round_id: int) -> None:
    """After a vote: the vote is recorded whatever happens here. A mix that fails (a lock
    timeout, a deadlock the database broke) is left to the next vote or to the close."""
    try:
        ballots_mix_if_due(round_id)
    except DatabaseError:
        logger.warning("evoting: a ballot mix was put off")


def ballots_mix_if_due(round_id: int) -> bool:
    """After a vote commits: mix when MIX_EVERY unmixed ballots have gathered. A mix already
    running for the round is not waited for (skip_locked): it will take these too, or the
    next vote will."""
    if CastBallot.objects.filter(round_id=round_id, mixed=False).count() < MIX_EVERY:
        return False
    with transaction.atomic():
        state = (EVoteRound.objects.select_for_update(skip_locked=True)
                 .filter(round_id=round_id).first())
        if state is None:
            return False
        if CastBallot.objects.filter(round_id=round_id, mixed=False).count() < MIX_EVERY:
            return False
        ballots_mix(round_id, only_unmixed=True)
    return True


def scrub_storage(*tables: type[CastBallot | EncryptedBallot | SpoiledBallot | ChallengeCount]
                  ) -> None:
    """After the close: remove the dead row versions of the ballots from the data files
    (PostgreSQL VACUUM FULL rewrites the table; SQLite: checkpoint the WAL). Must run
    outside a transaction."""
    if connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for model in tables or (CastBallot,):
                    cursor.execute(f"VACUUM FULL {model._meta.db_table}")
            elif connection.vendor == "sqlite":
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except DatabaseError:
        # The count is closed and stored; only the storage clean-up failed (e.g. the
        # database user does not own the table). Say so, with nothing about any voter.
        logger.warning("evoting: could not rewrite the ballot table after the close")


# --- the counting committee ----------------------------------------------------------------
@transaction.atomic(durable=True)
def evote_open(*, acting_user: User, round_: Round,
               scheme: str = EVoteRound.Scheme.PLAIN) -> Round:
    """Open electronic voting for a round being prepared (status voting, electronic).

    `scheme` encrypted: only once the counting committee's key ceremony is complete
    (`ceremony.require_ready`: every trustee confirmed, and the ballot is still the one
    the ceremony's manifest was made for, whose hash every proof carries)."""
    round_ = Round.objects.select_for_update().select_related("election").get(pk=round_.pk)
    require_counting(acting_user, round_.election)
    if electorate_of(round_.election) is None:
        raise ValidationError(ERR_NO_ELECTORATE)
    if round_.status != Round.Status.PREPARING:
        raise ValidationError(ERR_OPEN_STATUS)
    candidates = selectors.ballot_candidates(round_)
    if not candidates:
        raise ValidationError(ERR_NO_CANDIDATES)
    try:
        contest_for(round_, candidates)  # the base at least 1 (a confidence ballot's too)
    except rules.RulesError as exc:
        raise ValidationError(str(exc)) from exc
    if scheme == EVoteRound.Scheme.ENCRYPTED:
        ceremony.require_ready(round_)
    elif scheme != EVoteRound.Scheme.PLAIN:
        raise ValidationError(ERR_NOT_ENCRYPTED)
    before = snapshot(round_)
    round_.electronic = True
    round_.save(update_fields=["electronic"])
    audit_update(actor=acting_user, obj=round_, before=before, verb="evote_enable")
    state, _created = EVoteRound.objects.update_or_create(
        round=round_, defaults={"candidate_ids": [c.pk for c in candidates], "scheme": scheme})
    audit_create(actor=acting_user, obj=state, verb="evote_open")
    return rounds.open_voting(acting_user=acting_user, round_=round_)


@dataclass(frozen=True)
class CloseReport:
    round: Round
    receipts: int
    result: rules.Result | None  # None for a confidence ballot: see `confidence`
    finalized: bool
    confidence: ConfidenceTally | None = None


def tally(round_: Round) -> rules.Result:
    """Count the round's e-ballots with rules.count, in the ballot order frozen at opening."""
    contest = contest_for(round_, candidates_of(round_))
    ballots = (ballot_of(c) for c in
               CastBallot.objects.filter(round_id=round_.pk).values_list("choices", flat=True))
    return rules.count(contest, ballots)


def evote_close(*, acting_user: User, round_: Round) -> CloseReport:
    """Close the vote: mix the ballots a last time, count them with rules.count, hand the
    totals to the elections app (`rounds.record_totals`: the electronic counting group) and,
    when the round has no paper groups, finalize it there (result stored, round closed,
    elected recorded). Then rewrite the table's files (scrub_storage)."""
    require_counting(acting_user, round_.election)
    with transaction.atomic(durable=True):
        # The mixer's lock first: a mix in progress finishes (it needs the round's key-share
        # lock for its inserts), and no new one starts. Then FOR UPDATE on the round waits for
        # every vote in flight (they hold FOR SHARE) and stops new ones. This order cannot
        # deadlock with a mixer or a voter.
        state = EVoteRound.objects.select_for_update().filter(round_id=round_.pk).first()
        round_ = Round.objects.select_for_update().select_related("election").get(pk=round_.pk)
        if state is None or not is_open(round_) or state.scheme != EVoteRound.Scheme.PLAIN:
            raise ValidationError(ERR_CLOSE_STATUS)  # encrypted: evote_close_encrypted
        ballots = ballots_mix(round_.pk)
        receipts = VoterReceipt.objects.filter(round=round_).count()
        if ballots != receipts:
            raise ValidationError(ERR_COUNT_MISMATCH.format(ballots=ballots, receipts=receipts))
        if round_.ballot_format == CONFIDENCE:
            levels = _close_confidence(acting_user, round_)
            audit(actor=acting_user, obj=round_, action=AuditLog.Action.UPDATE,
                  verb="evote_close", after={"receipts": receipts, "ballots": ballots})
            transaction.on_commit(scrub_storage)
            return CloseReport(round=round_, receipts=receipts, result=None, finalized=True,
                               confidence=levels)
        cands = candidates_of(round_)
        result = tally(round_)
        rounds.start_electronic_count(acting_user=acting_user, round_=round_, cast=receipts)
        rounds.record_totals(
            acting_user=acting_user, round_=round_, ballots_collected=result.ballots_collected,
            invalid_by_reason={str(k): v for k, v in result.invalid_by_reason.items()},
            votes={c.pk: v for c, v in zip(cands, result.votes, strict=True)},
        )
        paper = round_.groups.exclude(mode=CountingGroup.Mode.ELECTRONIC).exists()
        if not paper and receipts:
            round_ = rounds.finalize(acting_user=acting_user, round_=round_)
        audit(actor=acting_user, obj=round_, action=AuditLog.Action.UPDATE, verb="evote_close",
              after={"receipts": receipts, "ballots": ballots})
    transaction.on_commit(scrub_storage)
    round_.refresh_from_db()
    return CloseReport(round=round_, receipts=receipts, result=result,
                       finalized=round_.status == Round.Status.CLOSED)


def _close_confidence(acting_user: User, round_: Round) -> ConfidenceTally:
    """A confidence round has no one elected: its three-level counts are stored as the
    round's result ({"format": "confidence", "ballots_collected", "levels": {candidate id:
    [high, medium, low]}}) and the round is closed; the committee's vote reads them
    (`selectors.confidence_result_of`) and rules/confidence.py counts them."""
    levels = confidence_tally(round_)
    ceremony.store_confidence(acting_user, round_, levels.returned, levels.marks)
    return levels
def evote_close_encrypted(*, acting_user: User, round_: Round) -> ceremony.CountReport:
    """Close an encrypted round's vote in one transaction: the vote stops and the ballots are
    added up while encrypted (`ceremony._close_count`; the trustees then decrypt the totals
    on their phones, and the k-th share records them through `rounds.record_totals`), and
    the encrypted and the spoiled ballots are mixed (`_encrypted_mix`); then the tables'
    files are rewritten, as the plain close does."""
    require_counting(acting_user, round_.election)
    with transaction.atomic(durable=True):
        report = ceremony._close_count(acting_user, round_)
        _encrypted_mix(round_.pk)
    scrub_storage(EncryptedBallot, SpoiledBallot, ChallengeCount)
    report.round.refresh_from_db()
    return report


def require_results_visible(user: Any, round_: Round) -> None:
    """Delegates see a result only once the presidium has published it."""
    if not can_see_results(user, round_):
        raise PermissionDenied
