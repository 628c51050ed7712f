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

    def ready(self) -> None:
        # The congress serves the elections of its delegates or members: the elections app
        # asks the registry, never the congress (elections/electorate.py).
        from daihoi.congress import electorate
        from daihoi.elections import electorate as registry
        from daihoi.elections.models import Election

        registry.register(Election.Electorate.DELEGATES_CONGRESS, electorate.find)
        registry.register(Election.Electorate.MEMBERS_CONGRESS, electorate.find)
        registry.register_seat_votes(electorate.seat_votes)

        # The leader's status page: the congress in session.
        from daihoi.congress import status
        from daihoi.congress.audit_sentences import SENTENCES
        from daihoi.core.registry import register_audit_sentences, register_status_panel

        register_audit_sentences(SENTENCES)

        register_status_panel(key="congress", order=10, template=status.TEMPLATE,
                              context=status.panel_context)
