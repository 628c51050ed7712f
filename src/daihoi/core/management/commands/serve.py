import multiprocessing
import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Run the application the production way: gunicorn workers, whitenoise static files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("DAIHOI_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int,
                            default=int(os.environ.get("WEB_CONCURRENCY",
                                                       min(multiprocessing.cpu_count() * 2 + 1, 9))))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", 4)))
        parser.add_argument("--no-migrate", dest="migrate", action="store_false")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.SECRET_KEY_CONFIGURED:
            raise CommandError(
                "SECRET_KEY chưa được đặt: đặt biến môi trường SECRET_KEY trước khi chạy "
                "(hoặc DAIHOI_DEMO=1 cho bản demo). / SECRET_KEY is not set."
            )
        # A fresh machine has no var/ yet: SQLite will not create the folder of its file.
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        from django.db import connections
        from gunicorn.app.base import BaseApplication

        from daihoi.wsgi import application

        config = {
            "bind": options["bind"],
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread",
            # No access log: a line per request would put who-voted-when beside the
            # ballots' arrival, and the secret ballot must stay unlinkable.
            "accesslog": None,
            "errorlog": "-",
            "timeout": 120,
        }

        class Server(BaseApplication):
            def load_config(self) -> None:
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        connections.close_all()  # the workers fork: each opens its own connection
        self.stdout.write(f"daihoi: http://{options['bind']}/ ({options['workers']} workers)")
        Server().run()
