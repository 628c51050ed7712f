"""The contests the counting rules require of a round's encrypted ballots (docs/evote-protocol.md
§2), derived from the manifest's format and its `tally` part alone.

A contest is a sum of 0/1 selections that every ballot proves lies in [min, max]: a ballot the
server stores is valid by its proofs, and `daihoi verify` counts every cast ballot as valid.
So the contests must say exactly what `rules.counting.classify` (or, for a confidence vote,
Quy định 96-QĐ/TW) calls a valid ballot, and nothing else decides them: the server's manifest
(evoting/ceremony.manifest_of) is written with `required_layout`, and the verifier
(crypto/board.py) refuses a manifest whose selections or contests are not what it returns, so
a hand-edited manifest cannot make a ballot the rules call invalid count as valid.

Pure Python, no Django: `daihoi verify` runs it on the board alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from daihoi.elections.evoting.crypto.ballots import MAX_SELECTIONS
from daihoi.elections.evoting.crypto.group import CryptoError
from daihoi.rules.counting import BallotFormat, BlankApproveBallot

# The manifest's format and the rules' ballot format it encrypts (the tally part says the
# latter, as `daihoi tally`'s input does).
_RULES_FORMAT = {"strike": BallotFormat.STRIKE.value, "agree": BallotFormat.APPROVE.value,
                 "confidence": "confidence"}
# 0/1 selections a name: kept (strike); agree, disagree; tín nhiệm cao, tín nhiệm, tín nhiệm thấp.
_PER_NAME = {"strike": 1, "agree": 2, "confidence": 3}


@dataclass(frozen=True)
class Required:
    """The selections and contests (as the manifest writes them), and for each contest the
    rule it enforces, in Vietnamese, for the verifier to name."""

    selections: int
    contests: tuple[dict[str, Any], ...]
    why: tuple[str, ...]


def _names(tally: Mapping[str, Any], per: int) -> int:
    names = tally.get("candidates")
    if (not isinstance(names, list) or not names
            or any(not isinstance(name, str) or not name.strip() for name in names)):
        raise CryptoError("manifest.tally.candidates: phải là danh sách tên không rỗng")
    if len(names) * per > MAX_SELECTIONS:
        raise CryptoError(f"manifest.tally.candidates: nhiều hơn {MAX_SELECTIONS // per} tên")
    return len(names)


def _seats(tally: Mapping[str, Any]) -> int:
    seats = tally.get("seats")
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise CryptoError(f"manifest.tally.seats: số lượng bầu phải là số nguyên từ 1 (đang là {seats!r})")
    return seats


def _contest(indexes: list[int], lo: int, hi: int) -> dict[str, Any]:
    return {"indexes": indexes, "min": lo, "max": hi}


def required_layout(fmt: object, tally: object) -> Required:
    """The selections and contests the rules require of a ballot of the manifest's format
    `fmt` ("strike", "agree", "confidence") with the rules' inputs `tally` (the manifest's
    "tally"). Raises CryptoError naming the key when the two do not describe one ballot."""
    if not isinstance(tally, Mapping):
        raise CryptoError("manifest.tally: phải là một đối tượng JSON")
    if not isinstance(fmt, str) or fmt not in _RULES_FORMAT:
        raise CryptoError(f"manifest.format: mẫu phiếu {fmt!r} không được hỗ trợ "
                          "(chỉ strike, agree, confidence)")
    if tally.get("ballot_format") != _RULES_FORMAT[fmt]:
        raise CryptoError(f"manifest.tally.ballot_format: {tally.get('ballot_format')!r} không phải "
                          f"mẫu phiếu '{_RULES_FORMAT[fmt]}' của manifest.format '{fmt}'")
    per = _PER_NAME[fmt]
    n = _names(tally, per)
    contests: list[dict[str, Any]] = []
    why: list[str] = []
    if fmt == "confidence":
        # Quy định 96-QĐ/TW, RULES.md "Confidence votes": three levels a person, at most one
        # marked; a row left blank is valid and counts as unmarked (services.check_confidence_
        # ballot, rules/confidence.unmarked), so min 0, and no contest across the people.
        for i in range(n):
            contests.append(_contest([3 * i, 3 * i + 1, 3 * i + 2], 0, 1))
            why.append(f"người thứ {i + 1}: nhiều nhất một trong ba mức tín nhiệm, bỏ trống được "
                       "(Quy định 96-QĐ/TW)")
        return Required(3 * n, tuple(contests), tuple(why))
    seats = _seats(tally)
    if fmt == "strike":
        # One selection a name, 1 = kept. 190-QĐ/TW Điều 15 (RULES.md "Valid and invalid
        # ballots"): more names kept than seats is invalid (too_many_kept), so at most the
        # seats; a ballot of several names that votes for nobody is invalid (all_struck), so at
        # least one; a one-name ballot struck is a vote against, valid (rules.classify).
        lo = 1 if n > 1 else 0
        contests.append(_contest(list(range(n)), lo, min(seats, n)))
        why.append(f"số tên giữ lại từ {lo} đến {min(seats, n)}: giữ nhiều hơn số lượng bầu "
                   f"({seats}) là phiếu không hợp lệ" + (", gạch hết mọi tên cũng vậy" if lo else "")
                   + " (190-QĐ/TW Điều 15)")
        return Required(n, tuple(contests), tuple(why))
    # Agree / disagree: selections 2i (đồng ý) and 2i+1 (không đồng ý). At most one a line: a
    # line marked in both boxes counts for nobody (190-QĐ/TW Điều 30 khoản 1), as one in
    # neither does, so the page offers one or the other or neither, and the count can take
    # the agreed lines' totals as the votes (board.votes_from_totals). A one-name ballot is
    # valid only with exactly one box marked (RULES.md "The ballot"): min 1 on its line.
    one = 1 if n == 1 else 0
    for i in range(n):
        contests.append(_contest([2 * i, 2 * i + 1], one, 1))
        why.append(f"dòng thứ {i + 1}: " + ("phiếu một tên phải đánh dấu đúng một ô (RULES.md)" if one
                                            else "nhiều nhất một ô, đồng ý hoặc không đồng ý "
                                                 "(190-QĐ/TW Điều 30 khoản 1)"))
    if n > 1:
        try:
            blank = BlankApproveBallot(tally.get("blank_approve_ballot", BlankApproveBallot.INVALID))
        except ValueError:
            raise CryptoError(f"manifest.tally.blank_approve_ballot: {tally.get('blank_approve_ballot')!r} "
                              "không phải 'invalid' hoặc 'valid'") from None
        # A multi-name ballot agreeing with nobody votes for nobody, invalid (all_struck, 190-QĐ/TW
        # Điều 15) unless the counting committee confirmed it valid when left blank (RULES.md,
        # open; rules.BlankApproveBallot); more lines agreed than seats is invalid (too_many_kept).
        agree_min = 0 if blank is BlankApproveBallot.VALID else 1
        if agree_min or seats < n:
            contests.append(_contest([2 * i for i in range(n)], agree_min, min(seats, n)))
            why.append(f"số dòng đồng ý từ {agree_min} đến {min(seats, n)}: đồng ý nhiều hơn số lượng "
                       f"bầu ({seats}) là phiếu không hợp lệ"
                       + (", không đồng ý ai cũng vậy" if agree_min else "") + " (190-QĐ/TW Điều 15)")
        if blank is BlankApproveBallot.VALID:
            # Blank stays valid, but every line "không đồng ý" still votes for nobody
            # (rules._blank_counts_as_valid): invalid whatever the committee chose.
            contests.append(_contest([2 * i + 1 for i in range(n)], 0, n - 1))
            why.append(f"số dòng không đồng ý từ 0 đến {n - 1}: không đồng ý mọi tên là phiếu không "
                       "hợp lệ (190-QĐ/TW Điều 15)")
    return Required(2 * n, tuple(contests), tuple(why))
