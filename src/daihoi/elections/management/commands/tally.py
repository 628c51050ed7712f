"""`daihoi tally FILE` as a management command (for `call_command` and `manage.py`).

`daihoi.cli` runs `daihoi.elections.tally_cli` directly, without Django's start-up; this
command calls the same `run()`, so both behave alike: the result as JSON on stdout, or one
line on stderr and exit code 2 (SystemExit) for bad input, never a traceback.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from daihoi.elections.tally_cli import EXIT_OK, HELP, add_arguments, run


class Command(BaseCommand):
    help = HELP
    # Counting touches no database and no model: nothing to check first.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        add_arguments(parser)

    def handle(self, *args: object, **options: Any) -> None:
        code = run(options["file"], compact=options["compact"], stdin=sys.stdin.buffer,
                   stdout=self.stdout, stderr=self.stderr)  # type: ignore[arg-type]
        if code != EXIT_OK:
            raise SystemExit(code)
