from collections.abc import Callable

from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    """What happens in the hall: agenda, documents, votes, the resolution, discussion, the big screen."""

    name = "daihoi.congress.proceedings"
    label = "proceedings"
    verbose_name = "Diễn biến Đại hội"

    def ready(self) -> None:
        # A delegate lands on what is open now (the office's roles land on their dashboard,
        # registered before this one).
        from daihoi.congress.proceedings.views import delegate_home
        from daihoi.core import registry
        from daihoi.core.roles import Role

        registry.register_home_page(roles=[Role.DELEGATE], view=delegate_home)

    def load_demo(self, *, seed: int, log: Callable[[str], None]) -> None:
        """This part's demo data (`daihoi demo` calls each app's in INSTALLED_APPS order)."""
        from daihoi.congress.proceedings import demo

        demo.build(seed=seed, log=log)
