from collections.abc import Callable

from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "daihoi.targets"
    label = "targets"
    verbose_name = "Chỉ tiêu Nghị quyết"

    def ready(self) -> None:
        from daihoi.targets import panels

        panels.register()

    def load_demo(self, *, seed: int, log: Callable[[str], None]) -> None:
        """The 17th congress's targets (term 2020–2025), entered directly, and an entered value."""
        from daihoi.targets import demo

        demo.build(seed=seed, log=log)
