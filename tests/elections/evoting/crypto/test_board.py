"""The whole bulletin board (protocol §6) and `daihoi verify`: a board verifies, and fails,
naming what, when one ballot, one share, one total or one line of the result is changed."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import daihoi
from daihoi.elections.evoting import verify_cli
from daihoi.elections.evoting.crypto import board as eboard
from daihoi.elections.evoting.crypto import group, simulate

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]
CAST = [[1, 1, 0, 0], [1, 0, 1, 0], [1, 0, 0, 1], [0, 1, 0, 0], [1, 0, 0, 1], [1, 1, 0, 0], [0, 0, 1, 1]]


@pytest.fixture(scope="module")
def committee() -> simulate.Committee:
    manifest = simulate.strike_manifest(NAMES, 2, trustees=3, threshold=2, electorate=8)
    return simulate.Committee(manifest, rng=group.seeded_rng("board committee"))


@pytest.fixture(scope="module")
def good(committee) -> dict[str, Any]:
    return committee.board(CAST, spoiled=[[0, 0, 1, 1]], trustees=[1, 3], rng=group.seeded_rng("board"))


@pytest.fixture(scope="module")
def confidence_good() -> dict[str, Any]:
    from tests.elections.evoting.crypto.make_vectors import confidence_manifest

    committee = simulate.Committee(confidence_manifest(NAMES[:3], 3, 2),
                                   rng=group.seeded_rng("confidence committee"))
    # cao/thấp/blank, tín nhiệm ×3, blank/cao/thấp
    cast = [[1, 0, 0, 0, 0, 1, 0, 0, 0], [0, 1, 0, 0, 1, 0, 0, 1, 0], [0, 0, 0, 1, 0, 0, 0, 0, 1]]
    return committee.board(cast, trustees=[2, 3], rng=group.seeded_rng("confidence board"))


def altered(board: dict[str, Any], change) -> dict[str, Any]:
    copied = copy.deepcopy(board)
    change(copied)
    return copied


def bump_point(value: str) -> str:
    return group.add(bytes.fromhex(value), group.G).hex()


def test_a_counted_board_verifies_and_says_who_won(good):
    assert eboard.verify_board(good) == []
    assert good["totals"] == [5, 3, 2, 3]
    # The threshold is more than half of the 8 convened (190-QĐ/TW Điều 30): 5 votes pass.
    assert good["result"]["elected"] == ["Nguyễn Văn An"]


def test_a_board_before_the_count_verifies_as_far_as_it_goes(good):
    early = {k: v for k, v in good.items() if k not in ("aggregate", "decryption", "totals", "result")}
    assert eboard.verify_board(early) == []
    half = {k: v for k, v in good.items() if k != "result"}
    assert eboard.verify_board(half) == ["bảng: thiếu result"]


@pytest.mark.parametrize(("change", "expected"), [
    # One ballot: a ciphertext changed (its proofs and tracker no longer hold, and the sum).
    (lambda b: b["ballots"][2]["selections"][1].update(
        beta=bump_point(b["ballots"][2]["selections"][1]["beta"])),
     r"ballots\[2\] \(mã [0-9a-f]{16}\): selections\[1\]\.proof"),
    # One ballot removed: the aggregate is no longer the sum of those listed.
    (lambda b: b["ballots"].pop(), "aggregate: không bằng tổng"),
    # The same ballot twice.
    (lambda b: b["ballots"].append(b["ballots"][0]), "mã phiếu trùng"),
    # One decryption share.
    (lambda b: b["decryption"][1]["shares"][2].update(M=bump_point(b["decryption"][1]["shares"][2]["M"])),
     r"giải mã của thành viên 3\.shares\[2\]: bằng chứng"),
    # One total.
    (lambda b: b["totals"].__setitem__(3, 2), r"totals\[3\]: 2 không phải"),
    # The result, one line of it.
    (lambda b: b["result"]["candidates"][0].update(votes=6), "result: khác kết quả"),
    # A trustee's commitment (so the joint key and the public shares too).
    (lambda b: b["trustees"][0]["commitments"].__setitem__(1, bump_point(b["trustees"][0]["commitments"][1])),
     r"trustee 1\.proofs\[1\]"),
    (lambda b: b.update(public_key=bump_point(b["public_key"])), "public_key: không bằng tổng"),
    (lambda b: b.update(extended_hash=group.scalar_hex(5)), "extended_hash"),
    # The manifest: one more seat changes the hash every proof is bound to.
    (lambda b: b.update(manifest=b["manifest"].replace('"max":2', '"max":3')), "proofs"),
    (lambda b: b.update(manifest=b["manifest"].replace('"version":1', '"version":2')), "manifest.version"),
    (lambda b: b["spoiled"][0]["choices"].__setitem__(0, 1), r"spoiled\[0\] \(mã [0-9a-f]{16}\): reveal"),
    (lambda b: b["decryption"].pop(), "cần giải mã đúng của ít nhất 2"),
    (lambda b: b["aggregate"][0].update(alpha=bump_point(b["aggregate"][0]["alpha"])), "aggregate"),
])
def test_one_change_anywhere_is_named(good, change, expected):
    failures = eboard.verify_board(altered(good, change))
    assert failures, "the altered board verified"
    assert any(re.search(expected, f) for f in failures), failures


def test_a_board_that_is_not_one_is_refused():
    assert eboard.verify_board([]) == ["bảng: không phải một đối tượng JSON"]
    assert eboard.verify_board({"manifest": "{}"})[0].startswith("bảng: thiếu")


def _write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "board.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_the_command_prints_each_failure_and_exits_1(tmp_path, good, capsys):
    bad = altered(good, lambda b: (b["totals"].__setitem__(0, 4), b["ballots"].pop(0)))
    assert verify_cli.main([_write(tmp_path, bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("Bảng KHÔNG hợp lệ: ")
    assert all(line.startswith("LỖI  ") for line in out[:-1]) and len(out) >= 3


def test_the_command_says_what_holds(tmp_path, good, capsys):
    assert verify_cli.main([_write(tmp_path, good)]) == 0
    out = capsys.readouterr().out
    assert out == ("Bảng hợp lệ: 3 thành viên Ban kiểm phiếu (ngưỡng 2), 7 phiếu đã bỏ, "
                   "1 phiếu kiểm tra; tổng mã hóa, phần giải mã, các tổng số và kết quả đều khớp.\n")


def test_the_command_speaks_of_a_confidence_vote_as_one(tmp_path, confidence_good, capsys):
    """A committee conference's confidence vote: its key holders are the conference's Tổ
    kiểm phiếu, its ballots phiếu tín nhiệm, and it rates people, not candidates."""
    assert verify_cli.main([_write(tmp_path, confidence_good)]) == 0
    out = capsys.readouterr().out
    assert out == ("Bảng hợp lệ: lấy phiếu tín nhiệm 3 người; 3 thành viên giữ khóa của Tổ kiểm "
                   "phiếu (ngưỡng 2), 3 phiếu tín nhiệm đã bỏ, 0 phiếu kiểm tra; tổng mã hóa, phần "
                   "giải mã, các tổng số và số phiếu từng mức của mỗi người đều khớp.\n")
    assert "Ban kiểm phiếu" not in out
    early = {k: v for k, v in confidence_good.items() if k not in (*eboard.DECRYPTED_KEYS, "aggregate")}
    assert verify_cli.main([_write(tmp_path, early)]) == 0
    assert capsys.readouterr().out.endswith(
        "3 phiếu tín nhiệm đã bỏ, 0 phiếu kiểm tra; chưa kiểm phiếu (bảng chưa có phần giải mã).\n")


@pytest.mark.parametrize(("board", "expected"), [
    ("good", "result: phải là một đối tượng JSON (kết quả của daihoi tally)"),
    ("confidence_good", "result: phải là một đối tượng JSON (số phiếu từng mức của mỗi người)"),
])
def test_a_result_that_is_not_an_object_is_named_in_the_formats_words(request, board, expected):
    data = altered(request.getfixturevalue(board), lambda b: b.update(result=[]))
    assert eboard.verify_board(data) == [expected]


def test_an_unreadable_file_exits_1_with_one_line(tmp_path, capsys):
    path = tmp_path / "x.json"
    path.write_text("{", encoding="utf-8")
    assert verify_cli.main([str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("daihoi verify: ") and err.count("\n") == 1


def test_daihoi_verify_runs_without_django(tmp_path, good):
    src = str(Path(daihoi.__file__).resolve().parents[1])
    code = ("import sys\nfrom daihoi.cli import main\n"
            "try:\n    main(['verify', sys.argv[1]])\nexcept SystemExit as exc:\n"
            "    bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
            "    print(bad)\n    raise SystemExit(exc.code)\n")
    env = {**os.environ, "PYTHONPATH": src}
    done = subprocess.run([sys.executable, "-c", code, _write(tmp_path, good)],  # noqa: S603
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert "Bảng hợp lệ" in done.stdout


def test_an_agree_disagree_board_counts_the_agreed_lines():
    # As ceremony.manifest_of writes it: two selections per name (agree, disagree), at most
    # one of them, and at least one and at most `seats` names agreed (a blank ballot invalid).
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    manifest = simulate.strike_manifest(names, 2, trustees=2, threshold=2, electorate=4)
    manifest.update(format="agree", selections=6, contests=[
        *({"indexes": [2 * i, 2 * i + 1], "min": 0, "max": 1} for i in range(3)),
        {"indexes": [0, 2, 4], "min": 1, "max": 2}])
    manifest["tally"]["ballot_format"] = "approve"
    committee = simulate.Committee(manifest, rng=group.seeded_rng("agree"))
    cast = [[1, 0, 1, 0, 0, 1], [1, 0, 0, 1, 0, 0], [0, 1, 1, 0, 0, 0]]
    data = committee.board(cast, rng=group.seeded_rng("agree board"))
    assert eboard.verify_board(data) == []
    assert data["totals"] == [2, 1, 2, 1, 0, 1]
    assert [c["votes"] for c in data["result"]["candidates"]] == [2, 2, 0]
    # Agreeing with all three (more than the seats) has no proof.
    with pytest.raises(group.CryptoError, match=r"contests\[3\]"):
        committee.encrypt([1, 0, 1, 0, 1, 0])


def test_checking_the_ballots_in_several_processes_finds_the_same(good, monkeypatch):
    monkeypatch.setattr(eboard, "_PARALLEL_FROM", 2)
    monkeypatch.setattr(eboard, "CHUNK", 2)  # 4 chunks of the 7 ballots among the processes
    bad = altered(good, lambda b: (b["ballots"][5]["contests"][0]["proof"][0].__setitem__(1, "00" * 32),
                                   b["ballots"][1].update(tracker="ab" * 32)))
    serial = eboard.verify_board(bad)
    assert eboard.verify_board(bad, jobs=3) == serial
    assert any(f.startswith("ballots[5]") for f in serial) and any(f.startswith("ballots[1]") for f in serial)
    assert eboard.verify_board(good, jobs=2) == []


def test_a_confidence_board_verifies_and_a_changed_level_is_named(confidence_good) -> None:
    """Three selections a person (protocol §2); the result recomputed through
    rules/confidence.py: per person the three levels and the ballots leaving them blank."""
    good = confidence_good
    assert eboard.verify_board(good) == []
    assert good["result"] == {"format": "confidence", "ballots_collected": 3, "people": [
        {"name": NAMES[0], "high": 1, "medium": 1, "low": 0, "unmarked": 1},
        {"name": NAMES[1], "high": 1, "medium": 1, "low": 1, "unmarked": 0},
        {"name": NAMES[2], "high": 0, "medium": 1, "low": 1, "unmarked": 1}]}

    def lower(board: dict[str, Any]) -> None:
        board["result"]["people"][2]["low"] = 0

    assert eboard.verify_board(altered(good, lower)) == [
        "result: khác kết quả đếm lại theo quy chế từ totals (khác ở: people)"]

    def shift(board: dict[str, Any]) -> None:
        board["totals"][8], board["totals"][7] = 0, 2

    failures = eboard.verify_board(altered(good, shift))
    assert "totals[7]: 2 không phải là giá trị giải mã của aggregate[7]" in failures


def test_the_command_with_two_processes_names_the_tampered_ballot_and_shows_progress(
        tmp_path, good, monkeypatch, capsys):
    monkeypatch.setattr(eboard, "_PARALLEL_FROM", 2)
    monkeypatch.setattr(eboard, "CHUNK", 2)
    monkeypatch.setattr(verify_cli, "PROGRESS_EVERY", 3)
    bad = altered(good, lambda b: b["ballots"][5]["contests"][0]["proof"][0].__setitem__(1, "00" * 32))
    path = _write(tmp_path, bad)
    assert verify_cli.main(["--jobs", "1", path]) == 1
    serial = capsys.readouterr()
    assert verify_cli.main(["--jobs", "2", path]) == 1
    parallel = capsys.readouterr()
    assert parallel.out == serial.out
    lines = parallel.out.splitlines()
    tracker = bad["ballots"][5]["tracker"][:16]
    assert any(line.startswith(f"LỖI  ballots[5] (mã {tracker}): ") for line in lines), lines
    assert lines[-1] == "Bảng KHÔNG hợp lệ: 1 lỗi."
    # Progress after every 3 ballots checked (chunks end at 2, 4, 6, 7) and at the last.
    assert parallel.err == serial.err == "đã kiểm 4/7 lá phiếu\nđã kiểm 6/7 lá phiếu\nđã kiểm 7/7 lá phiếu\n"
