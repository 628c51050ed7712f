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

    def ready(self) -> None:
        # The read-only leader lands on the status page (core registers first: INSTALLED_APPS
        # puts core before every domain app, and the first page that fits wins).
        from daihoi.core import registry, views
        from daihoi.core.roles import Role

        registry.register_home_page(roles=[Role.LEADER], view=views.status)
        from daihoi.core.audit_sentences import SENTENCES

        registry.register_audit_sentences(SENTENCES)
