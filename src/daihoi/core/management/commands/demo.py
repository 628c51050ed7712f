import os
import time

from django.apps import AppConfig, apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from daihoi.core.demo import DEMO_PASSWORD, DEMO_USERS
from daihoi.core.models import User


def demo_apps() -> list[AppConfig]:
    """The apps that build demo data (an AppConfig with a `load_demo` method), in
    INSTALLED_APPS order: an app comes after those it uses, so their data is there."""
    return [config for config in apps.get_app_configs() if callable(getattr(config, "load_demo", None))]


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
        for config in demo_apps():
            step = time.perf_counter()
            config.load_demo(  # type: ignore[attr-defined]
                seed=seed, log=lambda msg: self.stdout.write(f"  · {msg}"))
            self.stdout.write(f"{config.label}: {time.perf_counter() - step:.1f} s")
        self.stdout.write(f"Demo: {time.perf_counter() - started:.1f} s")
