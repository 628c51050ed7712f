"""The `daihoi` command: Django's management commands under one name.

`daihoi demo`, `daihoi serve [--with-worker]`, `daihoi worker`, `daihoi import ...`,
`daihoi tally FILE`, `daihoi extract FILE`, `daihoi ballots SPEC`, `daihoi scan SPEC FILE...`,
`daihoi backup FILE` and the rest are management commands of the apps
(`daihoi worker` is django-tasks-db's `db_worker` under the application's name);
`daihoi help` lists them all. `python -m daihoi.cli` is the same command (how
`daihoi serve --with-worker` starts its worker with the same interpreter).
`daihoi verify BOARD.json` checks an encrypted round's bulletin board, also without Django.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["tally"]:
        # Counting needs only the pure rules module: skip Django's start-up, which costs more
        # than the count itself (issue 3: the whole command under 0.5 s; see bench/tally.py).
        from daihoi.elections.tally_cli import main as tally

        sys.exit(tally(args[1:]))
    if args[:1] == ["extract"]:
        # The article reader is pure too (issue 19): no Django start-up for one article.
        from daihoi.extraction.extract_cli import main as extract

        sys.exit(extract(args[1:]))
    if args[:1] in (["ballots"], ["scan"]):
        # Printing and reading ballots need no database either (issue 20 item 4).
        from daihoi.elections.scanning import cli as scanning

        run = scanning.ballots_main if args[0] == "ballots" else scanning.scan_main
        sys.exit(run(args[1:]))
    if args[:1] == ["verify"]:
        # Checking a bulletin board is pure cryptography and the rules (issue 21 item 4):
        # anyone runs it on the board's JSON, with no database and no Django.
        from daihoi.elections.evoting.verify_cli import main as verify

        sys.exit(verify(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    if args[:1] == ["demo"]:
        # The demo keeps its own key in var/, so it needs no SECRET_KEY to start.
        os.environ.setdefault("DAIHOI_DEMO", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["daihoi", *args])


if __name__ == "__main__":
    main()
