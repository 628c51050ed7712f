from collections.abc import Callable
from typing import Any

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "daihoi.portal"
    label = "portal"
    verbose_name = "Cổng thông tin"

    def ready(self) -> None:
        from daihoi.core import registry

        registry.register_status_panel(
            key="portal", order=90, template="portal/_status.html", context=_status_context
        )

    def load_demo(self, *, seed: int, log: Callable[[str], None]) -> None:
        """A dozen articles in the register of the committee's news pages, categories, a
        banner, the pages a state portal carries, an event."""
        from daihoi.portal import demo

        demo.build(seed=seed, log=log)


def _status_context(request: Any) -> dict[str, Any] | None:
    """The leader's status page: the portal's readers today and the comments waiting."""
    from daihoi.portal import selectors, stats

    return {"portal_figures": stats.figures(), "portal_pending": selectors.moderation_queue().count()}
