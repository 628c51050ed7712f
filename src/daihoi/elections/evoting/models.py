"""Secret electronic voting: who voted and what was voted, kept where nothing links the two.

DESIGN.md, Non-negotiables: "no table, log or timing links a delegate to the content of a
ballot". Two tables, deliberately apart:

* `VoterReceipt` says THAT a delegate voted in a round (and with which ballot token, so a
  retry of the same submission is recognised). It says nothing about the content.
* `CastBallot` holds WHAT was voted. It has no link to a delegate, user, session or receipt.

What an attacker with a full database dump could otherwise use, and how each is closed:

1. Foreign keys or ids: the ballot has none to the voter; its primary key is a random UUID
   (uuid4), never an autoincrement id or a sequence (no serial on PostgreSQL).
2. Time: no date/time field on the ballot. The receipt carries no time either (its own
   storage order is the order of voting, which the hall sees anyway; it holds no content).
3. Storage order. A dump writes rows in storage order (SQLite: key order; PostgreSQL: heap
   order). Ballots written one vote at a time would line up with the receipts.
   - SQLite: the table is created WITHOUT ROWID (migration 0002), so rows are stored in the
     order of their random UUID key: a dump, or a SELECT without ORDER BY, lists them in a
     random order even while the vote is running.
   - Both databases: ballots are *mixed* (`services.ballots_mix`): read, deleted and written
     again in one transaction, in a random order (SystemRandom), with fresh UUIDs. During
     the vote, each batch of MIX_EVERY new ballots is mixed as soon as it is complete; when
     the count closes, ALL the round's ballots are mixed together.
4. PostgreSQL's `xmin` (the id of the transaction that wrote a row). The receipt and the
   ballot are written in one transaction (a vote is recorded exactly once, atomically), so
   right after a vote they share an xmin. The mix rewrites the ballots in one transaction:
   afterwards a mixed ballot carries the mix's xmin, shared with its whole batch; after the
   close's mix every ballot of the round carries the same xmin, and the link is gone. The old row
   versions are dead tuples (invisible to pg_dump/COPY/SELECT); at close the table is
   rewritten by VACUUM FULL so they leave the data files too. On SQLite the mix runs with
   `secure_delete` on (deleted content is zeroed) and the WAL is checkpointed at close.
5. Logs: no log line is written at vote time with a voter or a ballot; the audit log records
   that a round was opened and closed, with counts, never who voted what (`services`). A
   second vote by the same voter is not a database error (INSERT ... ON CONFLICT DO
   NOTHING), so PostgreSQL's server log gets no unique-violation line naming the voter, and
   neither the ballot page nor the vote's request writes the voter's session row (its
   expiry would be the time of opening the ballot or of the vote):
   tests/elections/evoting/test_secrecy.py.
6. Timing: the server does the same work for every valid ballot, whatever its content.
7. Size: a ballot is stored as one letter per candidate of the frozen ballot order
   (`services.encode_choices`: k/s, a/d/n, or on a confidence ballot h/m/l/n), so every
   ballot row of a round has the same
   size in every column whatever its content, and is posted with one length (every line of
   the form sends one letter): test_secrecy.py.

The write-ahead log (PostgreSQL's pg_wal, its archive, a streaming replica, a base backup;
SQLite's -wal file until its checkpoint). What someone who reads it (the database
superuser, root on the database server, whoever holds an archive or a replica) learns,
measured with pg_walinspect and pg_waldump on PostgreSQL 15
(tests/elections/evoting/test_secrecy.py::test_what_the_write_ahead_log_holds and
::test_what_pg_waldump_shows_of_a_vote):
- Each vote is ONE transaction, and it writes only: the receipt's row (a speculative
  insert and its confirmation, ON CONFLICT) and its index entries, the ballot's row and
  its index entries, the key-share lock on the round's row that the foreign keys' check
  takes, every 32 votes the receipt id's sequence, and the COMMIT record. Nothing else: no
  session row, no audit row, no other transaction at vote time.
- That transaction's records carry one transaction id and hold the tuples in clear (the
  voter's key "delegate:12", the ballot's letters), and its COMMIT record carries the
  commit time to the microsecond. So the WAL gives, for EVERY vote, (voter, ballot
  content, time). The mixes, the close and VACUUM FULL write new records; they do not
  remove the old ones, which stay in pg_wal until the segments are recycled (overwritten
  later, not erased) and for good in an archive, a replica or a base backup taken during
  the vote. Full-page images (the first change of a page after a checkpoint copies the
  whole page) hold other ballots of the page as well.
- What it no longer tells by size: every ballot's heap insert record has one length (95
  bytes on PostgreSQL 15, less any full-page image) and every index entry too, whatever
  the content; so someone who sees only record or stream sizes (an encrypted replication
  or archive stream) cannot count the names struck.
Why the pairing stays: a vote must count exactly once, also across a crash; a delegate
told "recorded" must have a ballot counted. That needs the receipt and the ballot to
commit together (one transaction, both or neither). Writing them in two transactions
would not unlink them (the records would still be adjacent, with commit times a
millisecond apart) and a crash between the two would leave a voter refused with no ballot
counted, or a ballot counted with the voter allowed to vote again. Batching several votes
into one transaction (a group commit, shuffled inside) would only hide a ballot among the
few votes of its batch, across several server processes that each see a handful of votes
a second; it is not done. The answer is a ballot the database never holds in clear:
encrypted e-voting, issue 21. Until then whoever can read the database server's files,
WAL or backups can link every ballot to its voter: the operator keeps them private
(docs/operations.md, section 5).

Residual risks (see also `services.ballots_mix`):
- A dump taken DURING the vote on PostgreSQL links the ballots not yet mixed (at most
  MIX_EVERY - 1 of them, the latest) to their receipts by xmin and heap order, and places
  each mixed ballot in a batch of MIX_EVERY voters (the receipts written between two
  mixes); after the close nothing in the tables does. Someone who can read the database
  continuously while people vote sees each ballot appear as each receipt appears: no
  storage layout prevents that.
- Outside the application: the WAL (above), a server log with `log_statement = all`,
  filesystem blocks freed by VACUUM FULL or SQLite, backups taken mid-vote. The operator
  must keep statement logging off and the WAL private.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class EVoteRound(models.Model):
    """The electronic side of one round: the ballot order frozen when voting opened (the
    stored choices are indexes into it), and the row the mixer locks so two mixes never run
    at once. Voters only read it, so they never wait on each other here."""

    class Scheme(models.TextChoices):
        # The ballot stored as letters (models docstring) or encrypted in the delegate's
        # browser under the counting committee's key (docs/evote-protocol.md, issue 21).
        PLAIN = "plain", _("Không mã hóa")
        ENCRYPTED = "encrypted", _("Mã hóa, kiểm chứng được")

    round = models.OneToOneField("elections.Round", on_delete=models.CASCADE, primary_key=True,
                                 related_name="evote")
    candidate_ids = models.JSONField(_("Thứ tự trên phiếu"), default=list)
    scheme = models.CharField(_("Cách bỏ phiếu"), max_length=10, choices=Scheme.choices,
                              default=Scheme.PLAIN)
    # The encrypted scheme: the manifest (canonical JSON, protocol §2) fixed when the key
    # ceremony starts, the threshold k, and once every trustee has published, the joint key
    # K and the extended base hash Qe (hex).
    manifest = models.TextField(blank=True)
    threshold = models.PositiveSmallIntegerField(null=True, blank=True)
    public_key = models.CharField(max_length=64, blank=True)
    extended_hash = models.CharField(max_length=64, blank=True)
    # After the close: the aggregate ciphertexts and the decrypted totals (protocol §5).
    aggregate = models.JSONField(null=True, blank=True)
    totals = models.JSONField(null=True, blank=True)
    # During the vote: the sum of the ballots summed so far (encrypted, as the aggregate)
    # and how many, so the close adds only the remainder (ceremony.ballots_sum).
    running_sum = models.JSONField(null=True, blank=True)
    running_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Bỏ phiếu điện tử của lần bầu")

    def __str__(self) -> str:
        return f"evote {self.round_id}"


class VoterReceipt(models.Model):
    """THAT a voter voted in a round: unique (round, voter), so a voter votes once whatever
    arrives at the same moment. `voter` is the electorate's stable key of the voter
    (`elections.electorate.Voter.key`: "delegate:12" at a congress, "mandate:7" at the
    committee's first session), so e-voting serves any electorate. `token_digest` is the
    SHA-256 of the ballot token the vote came with: the same token again is a retry
    ("already recorded"), another token is a second attempt ("đã bỏ phiếu"). No time, no
    content."""

    round = models.ForeignKey("elections.Round", on_delete=models.CASCADE, related_name="+")
    voter = models.CharField(max_length=64)
    token_digest = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "voter"],
                                               name="evote_receipt_once_per_voter")]
        verbose_name = _("Xác nhận đã bỏ phiếu")

    def __str__(self) -> str:
        return f"receipt {self.round_id}/{self.voter}"


class CastBallot(models.Model):
    """WHAT was voted: one electronic ballot. A random UUID key, the round, the choices as one
    letter per candidate of `EVoteRound.candidate_ids` (a JSON string: "k" kept / "s"
    struck, or "a" agree / "d" disagree / "n" nothing, or on a confidence ballot "h" / "m" /
    "l" for the three levels and "n" a row left blank; every ballot of a round has the same
    length, module text point 7; rows written before that hold {"s": [...]} or {"a": [...],
    "d": [...]}, which the count still reads), and whether it has been mixed. Nothing else: no time, no
    link to a voter. Never add a field here without reading the module docstring."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey("elections.Round", on_delete=models.CASCADE, related_name="+")
    choices = models.JSONField()
    # Unmixed ballots are the latest few; the mixer rewrites them once MIX_EVERY gather.
    mixed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Phiếu bầu điện tử")
        # Every vote counts the unmixed ballots of its round: a small partial index.
        indexes = [models.Index(fields=["round"], condition=models.Q(mixed=False),
                                name="evote_ballot_unmixed")]

    def __str__(self) -> str:
        return f"ballot {self.round_id}"


class Trustee(models.Model):
    """A member of the counting committee holding a share of the round's key (protocol §3).
    Only public values: commitments, proofs, the communication key. The secret share stays on
    the member's device."""

    round = models.ForeignKey("elections.Round", on_delete=models.CASCADE,
                              related_name="trustees")
    index = models.PositiveSmallIntegerField()
    user = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    commitments = models.JSONField(default=list)
    proofs = models.JSONField(default=list)
    communication_key = models.CharField(max_length=64, blank=True)
    communication_proof = models.JSONField(null=True, blank=True)
    confirmed = models.BooleanField(default=False)
    # A share received that fails its check (protocol §3 step 3): the sender's index and the
    # reason, shown to the committee; it blocks the round until the ceremony starts afresh.
    complaint = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["round", "index"]
        constraints = [
            models.UniqueConstraint(fields=["round", "index"], name="evote_trustee_index"),
            models.UniqueConstraint(fields=["round", "user"], name="evote_trustee_user"),
        ]
        verbose_name = _("Thành viên giữ khóa")

    def __str__(self) -> str:
        return f"trustee {self.round_id}/{self.index}"


class TrusteeShare(models.Model):
    """A polynomial share sent from one trustee to another, encrypted to the recipient's
    communication key (protocol §3 step 2): the server relays it and cannot read it."""

    round = models.ForeignKey("elections.Round", on_delete=models.CASCADE, related_name="+")
    sender = models.PositiveSmallIntegerField()
    recipient = models.PositiveSmallIntegerField()
    payload = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "sender", "recipient"],
                                               name="evote_share_once")]

    def __str__(self) -> str:
        return f"share {self.round_id}/{self.sender}->{self.recipient}"


class EncryptedBallot(models.Model):
    """A cast ballot, encrypted in the delegate's browser (protocol §4): the canonical JSON,
    the same length for every ballot of a round, and its tracker. As CastBallot: a random
    key, no time, no link to a voter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey("elections.Round", on_delete=models.CASCADE, related_name="+")
    tracker = models.CharField(max_length=64)
    ballot = models.TextField()
    # In EVoteRound.running_sum already. A database default: the ballot and the mix insert in SQL.
    summed = models.BooleanField(db_default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "tracker"],
                                               name="evote_tracker_once")]
        verbose_name = _("Phiếu bầu mã hóa")

    def __str__(self) -> str:
        return f"encrypted ballot {self.tracker[:16]}"


class SpoiledBallot(models.Model):
    """A ballot the delegate challenged instead of casting (Benaloh, protocol §4): published
    with its nonces and choices, never counted, no link to a voter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey("elections.Round", on_delete=models.CASCADE, related_name="+")
    tracker = models.CharField(max_length=64)
    ballot = models.TextField()
    reveal = models.JSONField()

    def __str__(self) -> str:
        return f"spoiled ballot {self.tracker[:16]}"


class ChallengeCount(models.Model):
    """How many ballots one voter has challenged in a round: a number and nothing else, so
    the cap on challenges (`services.MAX_CHALLENGES`) is kept without linking a spoiled
    ballot to its voter. No tracker, no id of a spoiled ballot, no time, and no key of its
    own (its primary key is the round and the voter, so no sequence orders the voters'
    first challenges). `voter` is not the voter's key but a keyed hash of it
    (`services._challenger`, an HMAC under SECRET_KEY): the challenge's transaction, which
    the WAL keeps as one (with the spoiled ballot in clear), names no voter, and a database
    dump alone cannot tell whose counter is whose (with SECRET_KEY it can: the server can
    always see who challenges, as it sees who votes). The round's rows are deleted at the
    close, in the mix's transaction (`services._encrypted_mix`), so a dump taken afterwards
    does not even say who challenged."""

    pk = models.CompositePrimaryKey("round", "voter")
    round = models.ForeignKey("elections.Round", on_delete=models.CASCADE, related_name="+")
    voter = models.CharField(max_length=64)
    count = models.PositiveSmallIntegerField(default=0)
    # Declared: django-stubs' plugin does not yet read a model with a CompositePrimaryKey.
    objects: models.Manager[ChallengeCount] = models.Manager()
    round_id: int

    def __str__(self) -> str:
        return f"challenges {self.round_id}: {self.count}"


class DecryptionShare(models.Model):
    """One trustee's share of the decryption of the round's totals, with its proofs
    (protocol §5)."""

    round = models.ForeignKey("elections.Round", on_delete=models.CASCADE, related_name="+")
    trustee = models.PositiveSmallIntegerField()
    shares = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "trustee"],
                                               name="evote_decryption_once")]

    def __str__(self) -> str:
        return f"decryption {self.round_id}/{self.trustee}"
