"""ElectionGuard 2.0.0's verification steps (its §6.2, Verification 1–18) one by one against
`daihoi verify` (docs/evote-protocol.md, the appendix's table of them): for every step that
applies to our protocol, the honest board exits 0 and the board with the value that step
protects altered exits 1 with the step's failure named. The ids ("V2.C") are the rows of
that table; a step left out here is one the table says does not apply."""

from __future__ import annotations

import copy
import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.elections.evoting import verify_cli
from daihoi.elections.evoting.crypto import ballots, ceremony, contests, group, simulate
from daihoi.elections.evoting.crypto.board import DECRYPTED_KEYS, verify_board
from tests.elections.evoting.crypto.conftest import forged_opened

NAMES = ["An", "Bình", "Cường", "Dung"]
# Two seats: a ballot keeps one or two names (contest [1, 2]).
CAST = [[1, 1, 0, 0], [0, 1, 0, 0], [1, 0, 0, 1], [0, 0, 1, 1]]
NOT_A_POINT = "ff" * 32  # not a canonical ristretto255 encoding
NOT_A_SCALAR = group.Q.to_bytes(32, "little").hex()  # q itself: not reduced
TRACKER = r"\(mã [0-9a-f]{16}\)"


@pytest.fixture(scope="module")
def committee() -> simulate.Committee:
    manifest = simulate.strike_manifest(NAMES, 2, trustees=3, threshold=2, electorate=6)
    return simulate.Committee(manifest, rng=group.seeded_rng("eg verification"))


@pytest.fixture(scope="module")
def counted(committee) -> dict[str, Any]:
    return committee.board(CAST, spoiled=[[0, 1, 1, 0]], trustees=[1, 3],
                           rng=group.seeded_rng("eg verification board"))


@pytest.fixture(scope="module")
def early(counted) -> dict[str, Any]:
    """The board before the count: a ballot's steps are checked with nothing else moved."""
    return {k: v for k, v in counted.items() if k not in ("aggregate", *DECRYPTED_KEYS)}


def run(tmp_path: Path, board: dict[str, Any], capsys) -> tuple[int, list[str]]:
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board, ensure_ascii=False), encoding="utf-8")
    code = verify_cli.main(["--jobs", "1", str(path)])
    return code, capsys.readouterr().out.splitlines()


def altered(board: dict[str, Any], change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    copied = copy.deepcopy(board)
    change(copied)
    return copied


def bump(value: str) -> str:
    return group.add(bytes.fromhex(value), group.G).hex()


def plus_one(value: str) -> str:
    return group.scalar_hex(int.from_bytes(bytes.fromhex(value), "little") + 1)


def edit_manifest(board: dict[str, Any], **changes: Any) -> None:
    manifest = json.loads(board["manifest"])
    manifest.update(changes)
    board["manifest"] = ballots.canonical_json(manifest)


def sel(board: dict[str, Any], n: int, j: int) -> dict[str, Any]:
    selection: dict[str, Any] = board["ballots"][n]["selections"][j]
    return selection


def test_the_honest_boards_pass(tmp_path, counted, early, capsys):
    assert run(tmp_path, counted, capsys)[0] == 0
    assert run(tmp_path, early, capsys)[0] == 0


# (EG step, which board, the change, the failure `daihoi verify` must print)
STEPS: list[Any] = [
    # Verification 1: parameters. Our version, the manifest's hash Qb (bound into every
    # proof and into Qe), n (the trustees) and k (the commitments per trustee).
    pytest.param("early", lambda b: edit_manifest(b, version=2), r"manifest\.version", id="V1.A"),
    pytest.param("early", lambda b: edit_manifest(b, election="Bầu lại"),
                 r"extended_hash: không bằng H\(Qb, K\)", id="V1.G"),
    pytest.param("early", lambda b: b.update(manifest=json.dumps(json.loads(b["manifest"]))),
                 r"manifest: không ở dạng JSON chuẩn", id="V1.G-canonical"),
    pytest.param("early", lambda b: b["trustees"].pop(),
                 r"trustees: các thành viên \[1, 2\] khác danh sách của manifest \[1, 2, 3\]", id="V1.H-n"),
    pytest.param("early", lambda b: edit_manifest(b, threshold=3),
                 r"trustee 1\.commitments: cần 3 cam kết", id="V1.H-k"),
    # Verification 2: each trustee's commitments K_ij and Schnorr proofs (c, v).
    pytest.param("early", lambda b: b["trustees"][0]["commitments"].__setitem__(1, NOT_A_POINT),
                 r"trustee 1\.commitments\[1\]: không phải một điểm ristretto255", id="V2.A"),
    pytest.param("early", lambda b: b["trustees"][1]["proofs"][0].__setitem__(1, NOT_A_SCALAR),
                 r"trustee 2\.proofs\[0\]\[1\]: số vô hướng không nhỏ hơn q", id="V2.B"),
    pytest.param("early", lambda b: b["trustees"][2]["proofs"][1].__setitem__(0, plus_one(
        b["trustees"][2]["proofs"][1][0])), r"trustee 3\.proofs\[1\]: bằng chứng không đúng", id="V2.C"),
    # Verification 3: the joint key.
    pytest.param("early", lambda b: b["trustees"][1]["commitments"].__setitem__(0, "00" * 32),
                 r"trustee 2\.commitments\[0\]: là phần tử đơn vị", id="V3.A"),
    pytest.param("early", lambda b: b.update(public_key=bump(b["public_key"])),
                 r"public_key: không bằng tổng các cam kết K_i0", id="V3.B"),
    # Verification 4: the extended base hash.
    pytest.param("early", lambda b: b.update(extended_hash=plus_one(b["extended_hash"])),
                 r"extended_hash: không bằng H\(Qb, K\)", id="V4.A"),
    # Verification 5: each selection's ciphertext and its [0, 1] proof.
    pytest.param("early", lambda b: sel(b, 1, 2).update(alpha=NOT_A_POINT),
                 rf"ballots\[1\] {TRACKER}: selections\[2\]\.alpha: không phải một điểm", id="V5.A"),
    pytest.param("early", lambda b: sel(b, 2, 0)["proof"][1].__setitem__(0, NOT_A_SCALAR),
                 rf"ballots\[2\] {TRACKER}: selections\[0\]\.proof\[1\]\[0\]: số vô hướng", id="V5.B"),
    pytest.param("early", lambda b: sel(b, 2, 3)["proof"][0].__setitem__(1, NOT_A_SCALAR),
                 rf"ballots\[2\] {TRACKER}: selections\[3\]\.proof\[0\]\[1\]: số vô hướng", id="V5.C"),
    pytest.param("early", lambda b: sel(b, 0, 1).update(beta=bump(sel(b, 0, 1)["beta"])),
                 rf"ballots\[0\] {TRACKER}: selections\[1\]\.proof: bằng chứng không đúng", id="V5.D"),
    # Verification 7: the tracker (our confirmation code), and none twice among the cast
    # and the challenged ballots.
    pytest.param("early", lambda b: b["ballots"][3]["selections"].reverse(),
                 rf"ballots\[3\] {TRACKER}: tracker: không khớp với phiếu", id="V7.AB-order"),
    pytest.param("early", lambda b: b["ballots"][3].update(tracker="ab" * 32),
                 rf"ballots\[3\] {TRACKER}: tracker: không khớp với phiếu", id="V7.AB"),
    pytest.param("early", lambda b: b["ballots"].append(b["spoiled"][0]["ballot"]),
                 rf"spoiled\[0\] {TRACKER}: mã phiếu trùng với ballots\[4\]", id="V7.C"),
    # Verification 8: the aggregate.
    pytest.param("counted", lambda b: b["aggregate"][2].update(beta=bump(b["aggregate"][2]["beta"])),
                 r"aggregate: không bằng tổng các phiếu đã bỏ", id="V8.AB"),
    # Verification 9: each decryption share's proof (ours per trustee, against S_l).
    pytest.param("counted", lambda b: b["decryption"][0]["shares"][1]["proof"].__setitem__(1, NOT_A_SCALAR),
                 r"giải mã của thành viên 1\.shares\[1\]\.proof\[1\]: số vô hướng", id="V9.A"),
    pytest.param("counted", lambda b: b["decryption"][1]["shares"][0].update(
        M=bump(b["decryption"][1]["shares"][0]["M"])),
                 r"giải mã của thành viên 3\.shares\[0\]: bằng chứng không đúng", id="V9.B"),
    # Verification 10: T = t·G, and the tally's labels (ours: positions and the names the
    # result takes from the manifest).
    pytest.param("counted", lambda b: b["totals"].__setitem__(1, b["totals"][1] + 1),
                 r"totals\[1\]: 3 không phải là giá trị giải mã của aggregate\[1\]", id="V10.A"),
    pytest.param("counted", lambda b: b["decryption"].pop(),
                 r"decryption: cần giải mã đúng của ít nhất 2 thành viên, có 1", id="V10.A-k"),
    pytest.param("counted", lambda b: b["totals"].pop(),
                 r"totals: phải là 4 số nguyên", id="V10.BCD"),
    pytest.param("counted", lambda b: b["result"]["candidates"][0].update(name="Ai khác"),
                 r"result: khác kết quả đếm lại", id="V10.BCD-names"),
    pytest.param("counted", lambda b: b["ballots"][0]["contests"].pop(),
                 rf"ballots\[0\] {TRACKER}: contests: cần 1 nhóm", id="V10.E"),
    # Verification 13: the challenged ballot, opened by its nonces (ours) instead of by the
    # trustees (EG's Verification 12).
    pytest.param("early", lambda b: b["spoiled"][0]["nonces"].__setitem__(2, plus_one(
        b["spoiled"][0]["nonces"][2])), rf"spoiled\[0\] {TRACKER}: reveal\.nonces\[2\]: không mở được",
                 id="V13.A-nonce"),
    pytest.param("early", lambda b: b["spoiled"][0]["choices"].__setitem__(0, 1),
                 rf"spoiled\[0\] {TRACKER}: reveal\.choices\[0\]: selections\[0\]\.beta không mã hóa 1",
                 id="V13.A"),
    pytest.param("early", lambda b: b["spoiled"][0]["choices"].__setitem__(3, 2),
                 rf"spoiled\[0\] {TRACKER}: reveal\.choices\[3\]: phải là 0 hoặc 1", id="V13.B"),
    pytest.param("early", lambda b: b["spoiled"][0]["choices"].pop(),
                 rf"spoiled\[0\] {TRACKER}: reveal\.choices: cần 4 giá trị", id="V13.DEF"),
]


@pytest.mark.parametrize(("which", "change", "expected"), STEPS)
def test_each_step_names_the_value_it_protects(tmp_path, counted, early, capsys, which, change, expected):
    code, lines = run(tmp_path, altered(counted if which == "counted" else early, change), capsys)
    assert code == 1
    assert lines[-1].startswith("Bảng KHÔNG hợp lệ")
    assert any(re.search(expected, line) for line in lines), lines


def test_v6_a_cast_ballot_over_its_contest_is_named(tmp_path, committee, early, capsys):
    """Verification 6: three names kept with two seats. Each selection is an honest 0/1
    with its proof; the contest's proof cannot be made and the board names it."""
    ballot, _ = forged_opened(committee, [1, 1, 1, 0])
    code, lines = run(tmp_path, altered(early, lambda b: b["ballots"].__setitem__(2, ballot)), capsys)
    assert code == 1
    assert lines[0] == f"LỖI  ballots[2] (mã {ballot['tracker'][:16]}): contests[0].proof: bằng chứng " \
                       "không đúng (giá trị không chứng minh được nằm trong [1, 2])"
    assert len(lines) == 2


@pytest.mark.parametrize("choices", [list(c) for c in itertools.product((0, 1), repeat=4)],
                         ids=lambda c: "".join(map(str, c)))
def test_v13_c_a_challenged_ballot_over_its_contest_is_named(tmp_path, committee, early, capsys, choices):
    """Verification 13.C, every 0/1 ballot of the four names: a challenged ballot whose
    nonces honestly open it to choices outside [1, 2] is named by the contest its opened
    choices break (its contest proof could not be made either); inside, it verifies."""
    ballot, reveal = forged_opened(committee, choices)
    code, lines = run(tmp_path, altered(early, lambda b: b["spoiled"].__setitem__(
        0, {"ballot": ballot, **reveal})), capsys)
    if 1 <= sum(choices) <= 2:
        assert code == 0, lines
        return
    assert code == 1
    assert lines == [f"LỖI  spoiled[0] (mã {ballot['tracker'][:16]}): reveal.choices: contests[0] có tổng "
                     f"{sum(choices)}, nằm ngoài [1, 2] (phiếu không hợp lệ)", "Bảng KHÔNG hợp lệ: 1 lỗi."]


def _record(qb: str, index: int, coefficient: int) -> dict[str, Any]:
    """Trustee `index`'s honest record for a first coefficient chosen by the test: its rng's
    first draw (trustee_start draws a_i0 first) is the scalar's 64 little-endian bytes."""
    rest = group.seeded_rng(f"trustee {index}")
    first = [coefficient.to_bytes(64, "little")]
    record = ceremony.trustee_start(qb, index, 1, rng=lambda n: first.pop() if first else rest(n))[1]
    return record


def _key_board(trustees: int, cancel: int, secret: int) -> dict[str, Any]:
    """A board before any ballot of `trustees` trustees (k = 1), every record honest and
    proven; trustee `cancel`'s K_i0 is minus the others' sum when `cancel` > 0."""
    manifest = simulate.strike_manifest(NAMES, 2, trustees=trustees, threshold=1)
    text = ballots.canonical_json(manifest)
    qb = ballots.base_hash(text.encode("utf-8"))
    # secret·i: never 0, nor is any sum of them (at most 10·secret, q being prime).
    coefficients = {i: secret * i % group.Q for i in range(1, trustees + 1)}
    if cancel:
        coefficients[cancel] = -sum(a for i, a in coefficients.items() if i != cancel) % group.Q
    records = [_record(qb, i, a) for i, a in coefficients.items()]
    key = ceremony.joint_key(records)
    return {"manifest": text, "public_key": key, "extended_hash": ballots.extended_hash(qb, key),
            "trustees": records, "ballots": [], "spoiled": []}


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(trustees=st.integers(2, 4), data=st.data(), secret=st.integers(1, group.Q - 1))
def test_v3_b_proven_keys_that_cancel_give_no_joint_key(tmp_path, capsys, trustees, data, secret):
    """Verification 3.B (K ≠ 1): every trustee's K_i0 is a proven non-identity point (3.A
    holds), but one of them is minus the others' sum, so K is the identity. With no ballot
    yet, nothing else on the board would fail."""
    cancel = data.draw(st.integers(1, trustees))
    honest = _key_board(trustees, 0, secret)
    assert run(tmp_path, honest, capsys)[0] == 0
    board = _key_board(trustees, cancel, secret)
    assert board["public_key"] == "00" * 32
    assert verify_board(board) == [
        "public_key: là phần tử đơn vị (các K_i0 triệt tiêu nhau), không mã hóa được gì"]
    code, lines = run(tmp_path, board, capsys)
    assert code == 1 and lines[0].startswith("LỖI  public_key: là phần tử đơn vị")


# --- Verification 1, ours beyond EG's ("1.G-rules"): the manifest's contests are the rules' --
def _strike() -> dict[str, Any]:
    return simulate.strike_manifest(NAMES, 2, trustees=2, threshold=2, electorate=6)


def _confidence() -> dict[str, Any]:
    from tests.elections.evoting.crypto.make_vectors import confidence_manifest

    return confidence_manifest(NAMES[:3], 2, 2)


def _agree() -> dict[str, Any]:
    """Three names, two seats, a blank ballot invalid: as ceremony.manifest_of writes it."""
    manifest = simulate.strike_manifest(NAMES[:3], 2, trustees=2, threshold=2, electorate=6)
    manifest["tally"]["ballot_format"] = "approve"
    layout = contests.required_layout("agree", manifest["tally"])
    manifest.update(format="agree", selections=layout.selections, contests=list(layout.contests))
    return manifest


# A ballot the rules call valid, for the honest manifest of each format.
HONEST_CAST = {"strike": [1, 1, 0, 0], "agree": [1, 0, 0, 1, 0, 0], "confidence": [0, 1, 0] * 3}


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(manifest: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = manifest
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(last) if last.isdigit() else last] = value
    return edit


STRIKE_RULE = ("số tên giữ lại từ 1 đến 2: giữ nhiều hơn số lượng bầu (2) là phiếu không hợp lệ, "
               "gạch hết mọi tên cũng vậy (190-QĐ/TW Điều 15)")
REQUIRED_STRIKE = '{"indexes":[0,1,2,3],"max":2,"min":1}'

# (the manifest, the hand edit, ballots the rules call invalid that its contests let through
# with honest proofs, the failures `daihoi verify` must print)
HAND_EDITED: list[Any] = [
    pytest.param(_strike, _set("contests.0.max", 3), [[1, 1, 1, 0], [1, 0, 0, 0]],
                 [f'manifest.contests[0]: {{"indexes":[0,1,2,3],"max":3,"min":1}} khác quy chế yêu cầu '
                  f"{REQUIRED_STRIKE} ({STRIKE_RULE})"], id="strike-max-over-seats"),
    pytest.param(_strike, _set("contests.0.min", 0), [[0, 0, 0, 0], [1, 1, 0, 0]],
                 [f'manifest.contests[0]: {{"indexes":[0,1,2,3],"max":2,"min":0}} khác quy chế yêu cầu '
                  f"{REQUIRED_STRIKE} ({STRIKE_RULE})"], id="strike-min-0"),
    pytest.param(_strike, _set("contests.0.indexes", [0, 1, 2]), [[1, 1, 0, 1], [0, 0, 1, 0]],
                 [f'manifest.contests[0]: {{"indexes":[0,1,2],"max":2,"min":1}} khác quy chế yêu cầu '
                  f"{REQUIRED_STRIKE} ({STRIKE_RULE})"], id="strike-index-in-no-contest"),
    pytest.param(_confidence, _set("contests.1.max", 2), [[0, 0, 0, 1, 0, 1, 0, 0, 0], [0] * 9],
                 ['manifest.contests[1]: {"indexes":[3,4,5],"max":2,"min":0} khác quy chế yêu cầu '
                  '{"indexes":[3,4,5],"max":1,"min":0} (người thứ 2: nhiều nhất một trong ba mức '
                  "tín nhiệm, bỏ trống được (Quy định 96-QĐ/TW))"], id="confidence-two-levels"),
    pytest.param(_confidence, lambda m: m["contests"].pop(), [[1, 0, 0, 0, 0, 1, 1, 0, 1], [0] * 9, [0] * 9],
                 ['manifest.contests[2]: thiếu; quy chế yêu cầu {"indexes":[6,7,8],"max":1,"min":0} '
                  "(người thứ 3: nhiều nhất một trong ba mức tín nhiệm, bỏ trống được (Quy định 96-QĐ/TW))"],
                 id="confidence-person-in-no-contest"),
    pytest.param(_agree, _set("contests.3.min", 0), [[0, 0, 0, 1, 0, 0], [1, 0, 1, 0, 0, 1]],
                 ['manifest.contests[3]: {"indexes":[0,2,4],"max":2,"min":0} khác quy chế yêu cầu '
                  '{"indexes":[0,2,4],"max":2,"min":1} (số dòng đồng ý từ 1 đến 2: đồng ý nhiều hơn '
                  "số lượng bầu (2) là phiếu không hợp lệ, không đồng ý ai cũng vậy (190-QĐ/TW Điều 15))"],
                 id="agree-nobody-agreed-counted"),
    pytest.param(_strike, _set("tally.ballot_format", "approve"), [[1, 1, 0, 0]],
                 ["manifest.tally.ballot_format: 'approve' không phải mẫu phiếu 'strike' của "
                  "manifest.format 'strike'"], id="tally-of-another-format"),
    pytest.param(_strike, lambda m: m["candidates"].reverse(), [[1, 1, 0, 0]],
                 ["manifest.candidates: khác manifest.tally.candidates (danh sách quy chế đếm)"],
                 id="names-not-the-counted-ones"),
]


@pytest.mark.parametrize(("make", "edit", "cast", "expected"), HAND_EDITED)
def test_v1_rules_a_hand_edited_manifest_is_refused(tmp_path, capsys, make, edit, cast, expected):
    """A manifest edited by hand, then everything else made honestly under it (the trustees'
    proofs, Qe, ballots whose proofs keep to its contests, the count): the ballots break the
    rules but prove what the edited manifest asks. The honest manifest verifies; the edited
    one is refused with the contest named beside what the rules require."""
    honest = make()
    assert verify_board(simulate.Committee(honest, rng=group.seeded_rng("v1 honest")).board(
        [HONEST_CAST[honest["format"]]])) == []
    manifest = make()
    edit(manifest)
    board = simulate.Committee(manifest, rng=group.seeded_rng("v1 edited")).board(
        cast, rng=group.seeded_rng("v1 edited board"))
    code, lines = run(tmp_path, board, capsys)
    assert code == 1
    assert lines == [*(f"LỖI  {e}" for e in expected), f"Bảng KHÔNG hợp lệ: {len(expected)} lỗi."]


def test_v1_rules_a_selection_in_no_contest_is_refused(tmp_path, capsys):
    """One more selection than the names: the ballots' proofs hold and, before the count,
    nothing else on the board would fail."""
    manifest = _strike()
    manifest["selections"] = 5
    committee = simulate.Committee(manifest, rng=group.seeded_rng("v1 selections"))
    ballot, _ = committee.encrypt([1, 1, 0, 0, 1], rng=group.seeded_rng("v1 selections ballot"))
    board = {"manifest": committee.text, "public_key": committee.key, "extended_hash": committee.qe,
             "trustees": committee.records, "ballots": [ballot], "spoiled": []}
    code, lines = run(tmp_path, board, capsys)
    assert code == 1
    assert lines == ["LỖI  manifest.selections: 5, quy chế yêu cầu 4 cho mẫu phiếu 'strike'",
                     "Bảng KHÔNG hợp lệ: 1 lỗi."]
