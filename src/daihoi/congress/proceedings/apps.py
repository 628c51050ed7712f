from collections.abc import Callable

from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    """What happens in the hall: agenda, documents, votes, the resolution, discussion, the big screen."""

    name = "daihoi.congress.proceedings"
    label = "proceedings"
    verbose_name = "Diễn biến Đại hội"

    def load_demo(self, *, seed: int, log: Callable[[str], None]) -> None:
        """This part's demo data (`daihoi demo` calls each app's in INSTALLED_APPS order)."""
        from daihoi.congress.proceedings import demo

        demo.build(seed=seed, log=log)
