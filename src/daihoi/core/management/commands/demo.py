import importlib
import os
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from daihoi.core.demo import DEMO_PASSWORD, DEMO_USERS
from daihoi.core.models import User

# Each part of the domain builds its own demo data, in this order (later ones use earlier ones).
DEMO_BUILDERS = [
    "daihoi.core.demo",
    "daihoi.organizations.demo",
    "daihoi.congress.demo",
    "daihoi.congress.proceedings.demo",
    "daihoi.elections.demo",
]


class Command(BaseCommand):
    help = "Load the demo data set (deterministic from --seed) and start the application."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--reset", action="store_true", help="erase the data and rebuild")
        parser.add_argument("--no-serve", action="store_true", help="load the data only")
        parser.add_argument("--bind", default=os.environ.get("DAIHOI_BIND", "127.0.0.1:8000"))

    def handle(self, *args: object, **options: object) -> None:
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        if options["reset"] or not User.objects.filter(username=DEMO_USERS[0][0]).exists():
            self.load(int(options["seed"]))  # type: ignore[call-overload]
        else:
            self.stdout.write("Dữ liệu demo đã có sẵn (dùng --reset để tạo lại).")
        self.stdout.write(self.style.SUCCESS(f"\nĐịa chỉ: http://{options['bind']}/"))
        logins = ", ".join(u for u, _, _ in DEMO_USERS)
        self.stdout.write(f"Đăng nhập: {logins} — mật khẩu: {DEMO_PASSWORD}\n")
        if not options["no_serve"]:
            # With its worker: the demo's imports and exports run as they do in production.
            call_command("serve", bind=options["bind"], migrate=False, with_worker=True)

    def load(self, seed: int) -> None:
        started = time.perf_counter()
        for path in DEMO_BUILDERS:
            step = time.perf_counter()
            module = importlib.import_module(path)
            module.build(seed=seed, log=lambda msg: self.stdout.write(f"  · {msg}"))
            part = path.removeprefix("daihoi.").removesuffix(".demo")
            self.stdout.write(f"{part}: {time.perf_counter() - step:.1f} s")
        self.stdout.write(f"Demo: {time.perf_counter() - started:.1f} s")
