"""The check of a whole bulletin board (docs/evote-protocol.md §6), what `daihoi verify`
runs: anyone holding the board's JSON recomputes everything from it, trusting no server.

In order: the manifest and its hash, its selections and contests the rules'
(crypto/contests.py); every trustee's proofs and the joint key K = Σ K_i0, not the
identity; the extended hash; every cast ballot's proofs and tracker, no tracker
twice; every spoiled ballot's reveal (its choices within every contest) and proofs; the
aggregate as the sum of the cast ballots (ElectionGuard 2.0.0 §3.5); every decryption
share's own proofs against S_l (§3.6.3, per trustee); T_j = t_j·G (EG: T = K^t) from the
shares of k trustees (§3.6.2); and the result recomputed from the totals through
`daihoi.rules`, exactly as `daihoi tally` counts a tally sheet (every stored e-ballot is
valid by its proofs), or a confidence round's three levels per person
(rules/confidence.py). A board published before the count (no aggregate, decryption,
totals nor result) is checked as far as it goes. docs/evote-protocol.md's appendix maps
each check to EG 2.0.0's Verification 1–18 (§6.2).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from typing import Any

from daihoi.elections.evoting.crypto import ballots as eb
from daihoi.elections.evoting.crypto import ceremony, contests, tally
from daihoi.elections.evoting.crypto.group import IDENTITY, CryptoError
from daihoi.rules import confidence
from daihoi.rules.counting import Result, RulesError
from daihoi.rules.counting import tally as count

DECRYPTED_KEYS = ("decryption", "totals", "result")
# Below this many ballots, starting processes costs more than it saves.
_PARALLEL_FROM = 64
# Ballots per task sent to a process: large enough that pickling the manifest once per task
# is nothing beside ~50 × 23 ms of proofs, small enough to share the work evenly and to
# report progress often.
CHUNK = 50
# progress(checked, total): called after each chunk of cast ballots, in order.
Progress = Callable[[int, int], None]


def votes_from_totals(manifest: Mapping[str, Any], totals: Sequence[int]) -> list[int]:
    """Votes per candidate from the selections' totals: kept (strike), agreed (agree)."""
    if manifest["format"] == "strike":
        return list(totals)
    if manifest["format"] == "agree":
        return [totals[2 * i] for i in range(len(manifest["candidates"]))]
    raise CryptoError(f"manifest.format: chưa đếm được mẫu '{manifest['format']}'")


def result_of(manifest: Mapping[str, Any], totals: Sequence[int], ballots: int) -> Result:
    """The rules' count of the electronic ballots from their decrypted totals, as a tally
    sheet of `daihoi tally` (manifest["tally"] is its input without the ballots)."""
    spec = dict(manifest["tally"])
    spec["totals"] = {"ballots_collected": ballots, "invalid_by_reason": {},
                      "votes": dict(zip(manifest["candidates"], votes_from_totals(manifest, totals),
                                        strict=True))}
    return count(spec)


def confidence_of(manifest: Mapping[str, Any], totals: Sequence[int], ballots: int
                  ) -> list[confidence.Marks]:
    """A confidence round's counts from its totals: per person, in ballot order, the
    selections (3i, 3i+1, 3i+2) are its tín nhiệm cao, tín nhiệm, tín nhiệm thấp
    (ceremony.manifest_of), checked by rules/confidence.py against the ballots returned."""
    names = manifest["candidates"]
    if manifest["format"] != "confidence" or len(totals) != 3 * len(names):
        raise CryptoError("manifest.format: không phải phiếu tín nhiệm ba mức")
    marks = [confidence.Marks(name, *totals[3 * i:3 * i + 3]) for i, name in enumerate(names)]
    for m in marks:
        confidence.unmarked(m, ballots)
    return marks


def result_json(manifest: Mapping[str, Any], totals: Sequence[int], ballots: int) -> dict[str, Any]:
    """The board's `result` (protocol §6): `daihoi tally`'s JSON for strike and agree; for a
    confidence round, the counts the round stores (services._close_confidence) with each
    person's unmarked ballots (rules/confidence.unmarked). Its shares and consequences need
    the meeting's quorum and rules (rules/confidence.count, in the meetings app): not here."""
    if manifest["format"] != "confidence":
        return result_of(manifest, totals, ballots).to_json()
    return {"format": "confidence", "ballots_collected": ballots,
            "people": [{"name": m.name, "high": m.high, "medium": m.medium, "low": m.low,
                        "unmarked": confidence.unmarked(m, ballots)}
                       for m in confidence_of(manifest, totals, ballots)]}


def is_counted(board: Mapping[str, Any]) -> bool:
    return any(key in board for key in DECRYPTED_KEYS)


def _ballot_name(n: int, ballot: object) -> str:
    tracker = ballot.get("tracker") if isinstance(ballot, dict) else None
    return f"ballots[{n}] (mã {tracker[:16]})" if isinstance(tracker, str) else f"ballots[{n}]"


def _refused(manifest: dict[str, Any], key: str, qe: str, numbered: Sequence[tuple[int, Any]]
             ) -> list[tuple[int, str]]:
    out = []
    for n, ballot in numbered:
        try:
            eb.verify_ballot(manifest, key, qe, ballot)
        except CryptoError as exc:
            out.append((n, str(exc)))
    return out


def _refused_ballots(manifest: dict[str, Any], key: str, qe: str, cast: Sequence[Any], jobs: int,
                     progress: Progress | None) -> list[tuple[int, str]]:
    """(index, reason) of every cast ballot whose proofs or tracker fail, in index order.
    The ballots are independent and each costs tens of milliseconds of libsodium, so a large
    board is shared among `jobs` processes, CHUNK ballots at a time (pool.map keeps the
    chunks' order, so the report does not depend on which process finished first)."""
    numbered = list(enumerate(cast))
    chunks = [numbered[i:i + CHUNK] for i in range(0, len(numbered), CHUNK)]
    refused: list[tuple[int, str]] = []
    done = 0

    def add(part: list[tuple[int, str]], size: int) -> None:
        nonlocal done
        refused.extend(part)
        done += size
        if progress is not None:
            progress(done, len(numbered))

    if jobs <= 1 or len(numbered) < _PARALLEL_FROM:
        for chunk in chunks:
            add(_refused(manifest, key, qe, chunk), len(chunk))
        return refused
    with ProcessPoolExecutor(max_workers=min(jobs, len(chunks))) as pool:
        parts = pool.map(_refused, repeat(manifest), repeat(key), repeat(qe), chunks)
        for part, chunk in zip(parts, chunks, strict=True):
            add(part, len(chunk))
    return refused


def verify_board(board: dict[str, Any], *, jobs: int = 1, progress: Progress | None = None) -> list[str]:
    """Every failure found, each naming what it concerns; empty when everything holds.
    `jobs` > 1 checks the cast ballots in that many processes; `progress` hears how many
    of them have been checked."""
    if not isinstance(board, dict):
        return ["bảng: không phải một đối tượng JSON"]
    missing = [k for k in ("manifest", "public_key", "extended_hash", "trustees", "ballots", "spoiled")
               if k not in board]
    if missing:
        return ["bảng: thiếu " + ", ".join(missing)]
    failures: list[str] = []
    try:
        return _verify(board, failures, jobs, progress)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        # A shape no check above foresaw: still a failure named, never a traceback.
        return [*failures, f"bảng: cấu trúc không đúng ({type(exc).__name__}: {exc})"]


def _verify(board: dict[str, Any], failures: list[str], jobs: int, progress: Progress | None
            ) -> list[str]:
    # The manifest: what every ballot is checked against.
    text = board["manifest"]
    try:
        if not isinstance(text, str):
            raise CryptoError("manifest: phải là chuỗi JSON chuẩn của lần bỏ phiếu")
        manifest = json.loads(text)
        shape = eb.layout(manifest)
        if manifest.get("version") != 1:
            raise CryptoError(f"manifest.version: phiên bản {manifest.get('version')!r} không được hỗ trợ "
                              "(chỉ 1, docs/evote-protocol.md)")
        if eb.canonical_json(manifest) != text:
            failures.append("manifest: không ở dạng JSON chuẩn (protocol §1)")
        declared = sorted((t.get("index") for t in manifest.get("trustees", [])), key=str)
        k = manifest.get("threshold")
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= len(declared):
            raise CryptoError(f"threshold: ngưỡng k phải từ 1 đến {len(declared)} (số thành viên)")
    except (CryptoError, ValueError, TypeError, AttributeError) as exc:
        reason = str(exc)
        return [*failures, reason if reason.startswith("manifest") else f"manifest: {reason}"]
    failures += _check_contests(manifest)
    qb = eb.base_hash(text.encode("utf-8"))

    # The trustees and the joint key.
    records = board["trustees"]
    if not isinstance(records, list):
        return [*failures, "trustees: phải là một danh sách"]
    for record in records:
        try:
            ceremony.verify_trustee(qb, record, k)
        except CryptoError as exc:
            failures.append(str(exc))
    published = sorted((r.get("index") for r in records if isinstance(r, dict)), key=str)
    if published != declared:
        failures.append(f"trustees: các thành viên {published} khác danh sách của manifest {declared}")
    try:
        key = ceremony.joint_key(records)
        if board["public_key"] != key:
            failures.append("public_key: không bằng tổng các cam kết K_i0 của các thành viên")
    except CryptoError as exc:
        failures.append(f"public_key: không tính được ({exc})")
    try:
        qe = eb.extended_hash(qb, board["public_key"])
    except CryptoError as exc:
        return [*failures, str(exc)]
    if board["extended_hash"] != qe:
        failures.append("extended_hash: không bằng H(Qb, K) tính lại")
    if board["public_key"] == IDENTITY.hex():
        # EG 2.0.0 Verification 3.B (K ≠ 1 mod p): each K_i0 is refused as the identity on
        # its own (3.A, verify_trustee), but proven keys can still cancel in the sum, and
        # under K = 0 every ciphertext shows its vote (beta = x·G). Said once here, not once
        # per ballot, and nothing more is checked against such a key.
        return [*failures, "public_key: là phần tử đơn vị (các K_i0 triệt tiêu nhau), "
                           "không mã hóa được gì"]

    # The cast and the spoiled ballots.
    cast = board["ballots"]
    spoiled = board["spoiled"]
    if not isinstance(cast, list) or not isinstance(spoiled, list):
        return [*failures, "ballots, spoiled: phải là danh sách"]
    seen: dict[str, str] = {}

    def once(ballot: object, name: str) -> None:
        tracker = ballot.get("tracker") if isinstance(ballot, dict) else None
        if isinstance(tracker, str):
            if tracker in seen:
                failures.append(f"{name}: mã phiếu trùng với {seen[tracker]}")
            seen.setdefault(tracker, name)

    refused = dict(_refused_ballots(manifest, board["public_key"], qe, cast, jobs, progress))
    for n, ballot in enumerate(cast):
        name = _ballot_name(n, ballot)
        if n in refused:
            failures.append(f"{name}: {refused[n]}")
        once(ballot, name)
    for n, entry in enumerate(spoiled):
        name = f"spoiled[{n}]"
        try:
            if not isinstance(entry, dict) or set(entry) != {"ballot", "nonces", "choices"}:
                raise CryptoError("phải có đúng các khóa ballot, nonces, choices")
            name = "spoiled" + _ballot_name(n, entry["ballot"])[len("ballots"):]
            eb.verify_spoiled(manifest, board["public_key"], qe, entry["ballot"],
                              {"nonces": entry["nonces"], "choices": entry["choices"]})
            once(entry["ballot"], name)
        except CryptoError as exc:
            failures.append(f"{name}: {exc}")

    # The count.
    aggregate = board.get("aggregate")
    if aggregate is None and not is_counted(board):
        return failures
    try:
        if aggregate != eb.aggregate(manifest, cast):
            failures.append("aggregate: không bằng tổng các phiếu đã bỏ")
    except CryptoError as exc:
        failures.append(f"aggregate: {exc}")
    if not is_counted(board):
        return failures
    absent = [key for key in DECRYPTED_KEYS if key not in board]
    if absent:
        return [*failures, "bảng: thiếu " + ", ".join(absent)]
    failures += _check_count(manifest, shape.selections, qe, records, aggregate, board, len(cast), k)
    return failures


def _contest_text(contest: Any) -> str:
    return eb.canonical_json(contest)


def _check_contests(manifest: dict[str, Any]) -> list[str]:
    """The manifest's selections and contests against those the rules require of its format
    and tally part (crypto/contests.py; EG 2.0.0 Verification 1, the election parameters, has
    no such step: its manifest's contests are the election's own, here they are the rules').
    Every ballot proves it keeps to the manifest's contests and is counted as valid, so a
    contest wider than the rules' would count ballots they call invalid."""
    try:
        required = contests.required_layout(manifest.get("format"), manifest.get("tally"))
    except CryptoError as exc:
        return [str(exc)]
    failures = []
    if manifest.get("candidates") != manifest["tally"]["candidates"]:
        failures.append("manifest.candidates: khác manifest.tally.candidates (danh sách quy chế đếm)")
    if manifest["selections"] != required.selections:
        failures.append(f"manifest.selections: {manifest['selections']}, quy chế yêu cầu "
                        f"{required.selections} cho mẫu phiếu '{manifest['format']}'")
    given = manifest["contests"]
    for i in range(max(len(given), len(required.contests))):
        what = f"manifest.contests[{i}]"
        if i >= len(given):
            failures.append(f"{what}: thiếu; quy chế yêu cầu {_contest_text(required.contests[i])} "
                            f"({required.why[i]})")
        elif i >= len(required.contests):
            failures.append(f"{what}: {_contest_text(given[i])} thừa, quy chế không yêu cầu "
                            f"(chỉ có {len(required.contests)} nhóm)")
        elif given[i] != required.contests[i]:
            failures.append(f"{what}: {_contest_text(given[i])} khác quy chế yêu cầu "
                            f"{_contest_text(required.contests[i])} ({required.why[i]})")
    return failures


def _check_count(manifest: dict[str, Any], m: int, qe: str, records: list[dict[str, Any]],
                 aggregate: Any, board: Mapping[str, Any], cast: int, k: int) -> list[str]:
    failures = []
    shares = board["decryption"]
    if not isinstance(shares, list):
        return ["decryption: phải là một danh sách"]
    valid: dict[int, dict[str, Any]] = {}
    for share in shares:
        who = share.get("trustee") if isinstance(share, dict) else None
        try:
            tally.verify_decryption_share(qe, records, share, aggregate)
        except CryptoError as exc:
            failures.append(str(exc))
            continue
        if who in valid:
            failures.append(f"giải mã của thành viên {who}: có hai lần")
        valid[who] = share  # type: ignore[index]
    totals = board["totals"]
    if (not isinstance(totals, list) or len(totals) != m
            or any(isinstance(t, bool) or not isinstance(t, int) or not 0 <= t <= cast for t in totals)):
        return [*failures, f"totals: phải là {m} số nguyên từ 0 đến {cast} (số phiếu đã bỏ)"]
    if len(valid) < k:
        failures.append(f"decryption: cần giải mã đúng của ít nhất {k} thành viên, có {len(valid)}")
    else:
        chosen = [valid[i] for i in sorted(valid)[:k]]
        for j in tally.check_totals(aggregate, chosen, totals):
            failures.append(f"totals[{j}]: {totals[j]} không phải là giá trị giải mã của aggregate[{j}]")
    try:
        expected = json.loads(json.dumps(result_json(manifest, totals, cast)))
    except (RulesError, CryptoError, KeyError, TypeError) as exc:
        return [*failures, f"result: không đếm lại được từ totals ({exc})"]
    given = board["result"]
    if not isinstance(given, dict):
        failures.append("result: phải là một đối tượng JSON ("
                        + ("số phiếu từng mức của mỗi người" if manifest["format"] == "confidence"
                           else "kết quả của daihoi tally") + ")")
    elif given != expected:
        differ = sorted(key for key in set(expected) | set(given) if given.get(key) != expected.get(key))
        failures.append("result: khác kết quả đếm lại theo quy chế từ totals (khác ở: "
                        + ", ".join(differ) + ")")
    return failures
