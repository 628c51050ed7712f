"""`daihoi tally FILE` (issue 3 item 2): the right output, and exit code 2 with a one-line
message, never a traceback, for bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.elections.conftest import ISSUE_EXAMPLE, ISSUE_EXPECTED
from tests.elections.conftest import issue_example_with as _changed


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("tally", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def write(tmp_path: Path, data: Any, name: str = "count.json") -> str:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    elif isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_issue_example(tmp_path: Path) -> None:
    """Base 246 − 2 = 244; threshold 244 // 2 + 1 = 123 (190-QĐ/TW Điều 30). Four ballots:
    1. strikes An, keeps Hồng, Bình, Châu (3 = seats): valid;
    2. a name written in: invalid, write_in;
    3. no stamp: invalid, unstamped (before anything else);
    4. an identifying mark: invalid, identifying_mark.
    Valid 1, invalid 3. Votes Hồng 1, An 0, Bình 1, Châu 1; 1/244 = 0.409…% → 0.41. Nobody has
    123: none elected, no tie, 3 unfilled."""
    code, out, err = run(write(tmp_path, ISSUE_EXAMPLE))
    assert (code, err) == (0, "")
    assert json.loads(out) == ISSUE_EXPECTED
    assert '"percent": 0.00' in out  # two decimals, a number
    assert list(json.loads(out)) == list(ISSUE_EXPECTED)  # the keys in the issue's order


def test_elected_and_tie_output(tmp_path: Path) -> None:
    """Base 10 − 0, threshold 6. 3 seats, 4 names; 10 ballots: 6 strike Châu (keep Hồng, An,
    Bình), 4 strike Hồng (keep An, Bình, Châu) → Hồng 6, An 10, Bình 10, Châu 4. Elected: An,
    Bình (10 each, ballot order), Hồng (6 ≥ 6: 60.00%). No tie."""
    data = {**ISSUE_EXAMPLE, "electorate_convened": 10, "excluded": 0, "ballots_issued": 10,
            "ballots": [{"struck": ["Phạm Minh Châu"]}] * 6 + [{"struck": ["Lê Thị Thu Hồng"]}] * 4}
    code, out, _err = run(write(tmp_path, data))
    result = json.loads(out)
    assert code == 0
    assert result["elected"] == ["Nguyễn Văn An", "Trần Văn Bình", "Lê Thị Thu Hồng"]
    assert [c["percent"] for c in result["candidates"]] == [60.0, 100.0, 100.0, 40.0]
    assert '"percent": 60.00' in out
    assert result["tie"] is None
    # 5 strike Châu, 5 strike Hồng: An, Bình 10; Hồng 5, Châu 5 — under 6, no tie, 1 unfilled.
    data["ballots"] = [{"struck": ["Phạm Minh Châu"]}] * 5 + [{"struck": ["Lê Thị Thu Hồng"]}] * 5
    result = json.loads(run(write(tmp_path, data))[1])
    assert result["elected"] == ["Nguyễn Văn An", "Trần Văn Bình"]
    assert (result["tie"], result["unfilled"]) == (None, 1)


def test_tie_output(tmp_path: Path) -> None:
    """Base 10, threshold 6; 2 seats, 3 names, approve format; 9 valid ballots agreeing with
    two names each in rotation (3 × {An, Bình}, 3 × {Bình, Châu}, 3 × {An, Châu}): 6 each ≥ 6,
    three equal for two seats: tie {"seats": 2, ...}, nobody elected, 2 unfilled."""
    names = ["An", "Bình", "Châu"]
    pairs = [["An", "Bình"], ["Bình", "Châu"], ["An", "Châu"]]
    data = {"seats": 2, "electorate_convened": 10, "candidates": names, "ballot_format": "approve",
            "ballots": [{"agree": p, "disagree": [n for n in names if n not in p]} for p in pairs * 3]}
    code, out, _err = run(write(tmp_path, data))
    result = json.loads(out)
    assert code == 0
    assert result["tie"] == {"seats": 2, "candidates": names}
    assert (result["elected"], result["unfilled"]) == ([], 2)
    assert result["ballots_issued"] is None


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(ISSUE_EXAMPLE).encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _err = run("-")
    assert code == 0
    assert json.loads(out) == ISSUE_EXPECTED


def test_totals_input(tmp_path: Path) -> None:
    data = {k: v for k, v in ISSUE_EXAMPLE.items() if k != "ballots"}
    data["totals"] = {"ballots_collected": 4, "invalid_by_reason": {"unstamped": 1, "write_in": 1,
                                                                    "identifying_mark": 1},
                      "votes": {"Lê Thị Thu Hồng": 1, "Nguyễn Văn An": 0, "Trần Văn Bình": 1,
                                "Phạm Minh Châu": 1}}
    code, out, _err = run(write(tmp_path, data))
    assert code == 0
    assert json.loads(out) == ISSUE_EXPECTED


BAD_INPUTS: list[tuple[str, Any, str]] = [
    ("unknown format", _changed(ballot_format="rank"), "rank"),
    ("struck name not on the list", _changed(ballots=[{"struck": ["Hoàng Văn Dũng"]}]), "Hoàng Văn Dũng"),
    ("agree name not on the list",
     _changed(ballot_format="approve", ballots=[{"agree": ["X"]}]), "'X'"),
    ("duplicate candidates", _changed(candidates=["A", "B", "A"]), "'A'"),
    ("negative convened", _changed(electorate_convened=-1), "electorate_convened"),
    ("negative excluded", _changed(excluded=-2), "excluded"),
    ("non-integer seats", _changed(seats=2.5), "seats"),
    ("string seats", _changed(seats="3"), "seats"),
    ("seats zero", _changed(seats=0), "0"),
    ("excluded over convened", _changed(excluded=300), "300"),
    ("more ballots than issued", _changed(ballots_issued=3), "(3)"),
    ("wrong shape", _changed(ballots=[{"agree": ["Nguyễn Văn An"]}]), "agree"),
    ("missing key", _changed(candidates=...), "candidates"),
    ("missing ballots", _changed(ballots=...), "ballots"),
    ("unknown key", _changed(excludes=1), "excludes"),
    ("top-level array", [1, 2, 3], "dữ liệu vào"),
    ("malformed JSON", '{"seats": 3,', "JSON"),
    ("empty file", "", "JSON"),
    ("NaN", json.dumps(ISSUE_EXAMPLE).replace('"seats": 3', '"seats": NaN'), "NaN"),
    ("Infinity", json.dumps(ISSUE_EXAMPLE).replace('"excluded": 2', '"excluded": -Infinity'), "Infinity"),
    ("float seats", json.dumps(ISSUE_EXAMPLE).replace('"seats": 3', '"seats": 3.0'), "seats"),
    ("bool flag", _changed(ballots=[{"unstamped": 1}]), "unstamped"),
    ("not UTF-8", "{\"seats\": \"é\"}".encode("latin-1"), "UTF-8"),
    ("duplicate key", '{"seats": 3, "seats": 4}', "seats"),
    # Names compared after NFC and collapsing spaces: these lists name a candidate twice.
    ("candidates equal after NFC",
     _changed(candidates=["Lê Thị Thu Hồng", unicodedata.normalize("NFD", "Lê Thị Thu Hồng"),
                          "Trần Văn Bình"]), "Lê Thị Thu Hồng"),
    ("candidates equal after spaces", _changed(candidates=["Nguyễn Văn An", " Nguyễn  Văn An ",
                                                           "Trần Văn Bình"]), "'Nguyễn Văn An'"),
    ("a ballot naming one candidate twice",
     _changed(ballots=[{"struck": ["Nguyễn Văn An", "Nguyễn  Văn An"]}]), "hai lần"),
    ("more collected than the base",
     _changed(electorate_convened=4, excluded=1, ballots_issued=...), "cơ sở tính (3"),
    ("more issued than convened", _changed(ballots_issued=300), "(300)"),
    ("huge integer", json.dumps(ISSUE_EXAMPLE).replace('"seats": 3', '"seats": ' + "1" + "0" * 400),
     "quá lớn"),
    ("integer beyond Python's digit limit",
     json.dumps(ISSUE_EXAMPLE).replace('"excluded": 2', '"excluded": ' + "9" * 5000), "quá lớn"),
    ("huge float", json.dumps(ISSUE_EXAMPLE).replace('"seats": 3', '"seats": 1e400'), "quá lớn"),
    ("count beyond any electorate", _changed(electorate_convened=5 * 10**9), "electorate_convened"),
    ("huge vote total", _changed(ballots=..., totals={
        "ballots_collected": 4, "invalid_by_reason": {},
        "votes": {"Lê Thị Thu Hồng": 10**15, "Nguyễn Văn An": 0, "Trần Văn Bình": 1,
                  "Phạm Minh Châu": 1}}), "quá lớn"),
    ("unknown blank ballot choice", _changed(blank_approve_ballot="maybe"), "maybe"),
    ("totals naming a candidate twice", _changed(ballots=..., totals={
        "ballots_collected": 4, "invalid_by_reason": {},
        "votes": {"Nguyễn Văn An": 1, "Nguyễn Văn  An": 1, "Lê Thị Thu Hồng": 1,
                  "Trần Văn Bình": 1, "Phạm Minh Châu": 1}}), "hai lần"),
]


@pytest.mark.parametrize(("label", "data", "needle"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_exit_2_one_line(tmp_path: Path, label: str, data: Any, needle: str) -> None:
    code, out, err = run(write(tmp_path, data))
    assert code == 2, label
    assert out == ""
    assert err.startswith("daihoi tally: ")
    assert needle in err
    assert err.strip().count("\n") == 0
    assert "Traceback" not in err


def test_names_typed_on_another_keyboard_are_the_same(tmp_path: Path) -> None:
    """A ballot and a tally sheet that write the names decomposed (NFD) and with extra spaces
    count as the issue example does."""
    nfd = {name: "  " + unicodedata.normalize("NFD", name).replace(" ", "  ")
           for name in ISSUE_EXAMPLE["candidates"]}
    ballots = [{**b, "struck": [nfd[n] for n in b["struck"]]} for b in ISSUE_EXAMPLE["ballots"]]
    code, out, err = run(write(tmp_path, _changed(ballots=ballots)))
    assert (code, err) == (0, "")
    assert json.loads(out) == ISSUE_EXPECTED
    totals = {"ballots_collected": 4,
              "invalid_by_reason": {"unstamped": 1, "write_in": 1, "identifying_mark": 1},
              "votes": {nfd["Lê Thị Thu Hồng"]: 1, nfd["Nguyễn Văn An"]: 0,
                        nfd["Trần Văn Bình"]: 1, nfd["Phạm Minh Châu"]: 1}}
    code, out, err = run(write(tmp_path, _changed(ballots=..., totals=totals)))
    assert (code, err) == (0, "")
    assert json.loads(out) == ISSUE_EXPECTED


def test_blank_approve_ballot_choice(tmp_path: Path) -> None:
    """Base 5, threshold 3, 2 seats of 3 names (approve): 3 ballots agree with An, 1 is blank.
    By default the blank ballot is invalid (all_struck); when the counting committee counts it
    valid it is a valid ballot voting for nobody. An 3 of 5 = 60.00% either way."""
    data = {"seats": 2, "electorate_convened": 5, "candidates": ["An", "Bình", "Châu"],
            "ballot_format": "approve", "ballots": [{"agree": ["An"]}] * 3 + [{}]}
    default = json.loads(run(write(tmp_path, data))[1])
    assert (default["valid"], default["invalid"]["by_reason"]["all_struck"]) == (3, 1)
    valid = json.loads(run(write(tmp_path, {**data, "blank_approve_ballot": "valid"}))[1])
    assert (valid["valid"], valid["invalid"]["total"]) == (4, 0)
    assert valid["elected"] == default["elected"] == ["An"]


def test_passed_not_elected_is_the_last_key(tmp_path: Path) -> None:
    """Base 10, threshold 6; 2 seats, 3 names (strike, each valid ballot keeps two). Keeping
    {An, Bình} × 4, {An, Châu} × 3, {Bình, Châu} × 3 gives An 7, Bình 7, Châu 6: An and Bình
    fill the two seats, Châu has more than half (6 ≥ 6) but no seat is left: the output says
    so, as its last key (for a delegation the presidium decides: 190-QĐ/TW Điều 18)."""
    names = ["An", "Bình", "Châu"]
    ballots = ([{"struck": ["Châu"]}] * 4 + [{"struck": ["Bình"]}] * 3 + [{"struck": ["An"]}] * 3)
    data = {"seats": 2, "electorate_convened": 10, "candidates": names, "ballot_format": "strike",
            "ballots": ballots}
    code, out, _err = run(write(tmp_path, data))
    result = json.loads(out)
    assert code == 0
    assert [c["votes"] for c in result["candidates"]] == [7, 7, 6]
    assert result["elected"] == ["An", "Bình"]
    assert (result["tie"], result["unfilled"]) == (None, 0)
    assert result["passed_not_elected"] == ["Châu"]
    assert list(result)[-1] == "passed_not_elected"


def test_unreadable_file(tmp_path: Path) -> None:
    code, _out, err = run(str(tmp_path / "missing.json"))
    assert code == 2
    assert "missing.json" in err
    code, _out, err = run(str(tmp_path))  # a directory
    assert code == 2
    assert err.startswith("daihoi tally: ")


def _daihoi() -> list[str]:
    exe = Path(sys.executable).with_name("daihoi")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "daihoi.cli"]


def test_subprocess(tmp_path: Path) -> None:
    """The real command line: the output, and a bad input giving exit code 2, one line, no
    traceback."""
    env = {**os.environ, "DAIHOI_VAR": str(tmp_path / "var")}
    good = subprocess.run([*_daihoi(), "tally", write(tmp_path, ISSUE_EXAMPLE)],  # noqa: S603
                          capture_output=True,
                          text=True, env=env, check=False, timeout=60)
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout) == ISSUE_EXPECTED
    bad = subprocess.run([*_daihoi(), "tally", "-"], input='{"seats": 3, "oops"',  # noqa: S603
                         capture_output=True, text=True, env=env, check=False, timeout=60)
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr.startswith("daihoi tally: ")
    assert bad.stderr.strip().count("\n") == 0
    assert "Traceback" not in bad.stderr


def test_pure_modules_import_no_django() -> None:
    """The rules, the rule sets and the command-line runner stay pure (STYLE.md), which is also
    what lets `daihoi tally` skip Django's start-up."""
    code = ("import sys, daihoi.rules.counting, daihoi.rules.rulesets, daihoi.elections.tally_cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603
                          check=True, timeout=60)
    assert done.stdout.strip() == "[]"


def test_stdin_message_names_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"["), encoding="utf-8"))
    code, _out, err = run("-")
    assert code == 2
    assert "(đầu vào chuẩn)" in err


def test_help_shows_the_input_format(capsys: pytest.CaptureFixture[str]) -> None:
    from daihoi.elections.tally_cli import main
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert '"ballot_format": "strike"' in out
    assert '"totals"' in out
