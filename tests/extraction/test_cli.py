"""`daihoi extract FILE [--format json] [--spans]`: the keys of issue 19 in order, bad input
on stderr with exit code 2, and it starts without Django."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

from daihoi.extraction.extract_cli import EXIT_BAD_INPUT, EXIT_OK, run
from daihoi.extraction.reader import KEYS

ARTICLES = Path(__file__).parent / "articles"
SAMPLES = Path(__file__).parent / "samples"


def _run(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), stdout=out, stderr=err, stdin=io.BytesIO(stdin))
    return code, out.getvalue(), err.getvalue()


def test_json_has_exactly_the_keys() -> None:
    code, out, _ = _run(str(ARTICLES / "bentre-2020-congress.txt"), "--format", "json")
    assert code == EXIT_OK
    data = json.loads(out)
    assert list(data) == list(KEYS)
    assert data == json.loads((SAMPLES / "bentre-2020-congress.json").read_text(encoding="utf-8"))


def test_spans_are_added() -> None:
    _, out, _ = _run(str(ARTICLES / "bacgiang-2020-congress.txt"), "--format", "json", "--spans")
    data = json.loads(out)
    assert list(data) == [*KEYS, "spans"]
    assert data["spans"]["members_represented"][0]["text"] == "hơn 4.500"
    assert data["spans"]["ordinal"][0]["text"] == "XVIII"


def test_standard_input_and_the_text_format() -> None:
    code, out, _ = _run("-", stdin=(ARTICLES / "committee-conference-11-2023.txt").read_bytes())
    assert code == EXIT_OK
    assert "committee_conference" in out and "Nguyễn Thị Hồng Hạnh" in out


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = _run(str(empty))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert "rỗng" in err and err.count("\n") == 1
    code, _, err = _run(str(tmp_path / "missing.txt"))
    assert code == EXIT_BAD_INPUT and "missing.txt" in err


def test_the_command_starts_without_django() -> None:
    probe = (
        "import sys, runpy; sys.argv = ['daihoi', 'extract', '--format', 'json', sys.argv[1]]\n"
        "from daihoi import cli\n"
        "try:\n    cli.main()\nexcept SystemExit as e:\n"
        "    assert 'django' not in sys.modules, 'django was imported'\n    raise\n"
    )
    done = subprocess.run(  # noqa: S603 (this interpreter, our own probe)
        [sys.executable, "-c", probe, str(ARTICLES / "bentre-2020-congress.txt")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ordinal"] == 13


def test_the_management_command_is_the_same(capsys) -> None:
    call_command("extract", str(ARTICLES / "bentre-2020-congress.txt"), "--format", "json")
    assert json.loads(capsys.readouterr().out)["committee_elected"] == 28


def test_the_reader_imports_no_django() -> None:
    import ast

    import daihoi.extraction.reader as reader
    from tests.layers import imports_with_lines

    root = Path(reader.__file__).parent
    for path in root.rglob("*.py"):
        names = [n for _, n in imports_with_lines(ast.parse(path.read_text(encoding="utf-8")))]
        bad = [
            n
            for n in names
            if n.split(".")[0] == "django"
            or (n.startswith("daihoi.") and not n.startswith("daihoi.extraction.reader"))
        ]
        assert bad == [], path.name
