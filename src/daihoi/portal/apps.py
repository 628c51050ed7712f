from collections.abc import Callable

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "daihoi.portal"
    label = "portal"
    verbose_name = "Cổng thông tin"

    def load_demo(self, *, seed: int, log: Callable[[str], None]) -> None:
        """A dozen articles in the register of the committee's news pages, categories, a
        banner, the pages a state portal carries, an event."""
        from daihoi.portal import demo

        demo.build(seed=seed, log=log)
