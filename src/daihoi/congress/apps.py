from collections.abc import Callable

from django.apps import AppConfig


class CongressConfig(AppConfig):
    name = "daihoi.congress"
    label = "congress"
    verbose_name = "Đại hội"

    def load_demo(self, *, seed: int, log: Callable[[str], None]) -> None:
        """This part's demo data (`daihoi demo` calls each app's in INSTALLED_APPS order)."""
        from daihoi.congress import demo

        demo.build(seed=seed, log=log)
