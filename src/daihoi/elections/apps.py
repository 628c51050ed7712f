from collections.abc import Callable

from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "daihoi.elections"
    label = "elections"
    verbose_name = "Bầu cử"

    def load_demo(self, *, seed: int, log: Callable[[str], None]) -> None:
        """This part's demo data (`daihoi demo` calls each app's in INSTALLED_APPS order)."""
        from daihoi.elections import demo

        demo.build(seed=seed, log=log)

    def ready(self) -> None:
        # The committee's first session votes as the committee this app elected.
        from daihoi.elections import electorate, first_session
        from daihoi.elections.models import Election

        electorate.register(Election.Electorate.COMMITTEE_CONFERENCE, first_session.find)

        # The log as sentences; a round's figures withheld from it until published.
        from daihoi.core import registry
        from daihoi.elections import audit_sentences

        registry.register_audit_sentences(audit_sentences.SENTENCES)
        registry.register_audit_guard(audit_sentences.withhold_unpublished)
