from collections.abc import Callable

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "daihoi.core"
    label = "core"
    verbose_name = "Hệ thống"

    def load_demo(self, *, seed: int, log: Callable[[str], None]) -> None:
        """This part's demo data (`daihoi demo` calls each app's in INSTALLED_APPS order)."""
        from daihoi.core import demo

        demo.build(seed=seed, log=log)
