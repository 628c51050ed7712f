from collections.abc import Callable

from django.apps import AppConfig


class EvotingConfig(AppConfig):
    """Secret electronic voting, kept apart from the rest of the elections app: its tables
    hold who voted and what was voted, and nothing may link the two."""

    name = "daihoi.elections.evoting"
    label = "evoting"
    verbose_name = "Bỏ phiếu điện tử"

    def load_demo(self, *, seed: int, log: Callable[[str], None]) -> None:
        """An encrypted round of the congress in session (after the elections' demo)."""
        from daihoi.elections.evoting import demo

        demo.build(seed=seed, log=log)

    def ready(self) -> None:
        from daihoi.core.registry import register_audit_sentences
        from daihoi.elections.evoting.ceremony import AUDIT_SENTENCES

        register_audit_sentences(AUDIT_SENTENCES)
