from collections.abc import Callable

from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "daihoi.organizations"
    label = "organizations"
    verbose_name = "Tổ chức đảng và đảng viên"

    def ready(self) -> None:
        from daihoi.organizations import hooks

        hooks.register()

    def load_demo(self, *, seed: int, log: Callable[[str], None]) -> None:
        """This part's demo data (`daihoi demo` calls each app's in INSTALLED_APPS order)."""
        from daihoi.organizations import demo

        demo.build(seed=seed, log=log)
