"""`daihoi extract FILE`: the article reader (daihoi.cli runs it without Django; this command
is the same for `call_command` and `daihoi help`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.extraction.extract_cli import EXIT_OK, HELP, run


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--spans", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = [options["file"], "--format", options["format"], *(["--spans"] if options["spans"] else [])]
        code = run(argv, stdout=self.stdout, stderr=self.stderr)  # type: ignore[arg-type]
        if code != EXIT_OK:
            raise CommandError("", returncode=code)
