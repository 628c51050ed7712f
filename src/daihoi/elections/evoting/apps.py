from django.apps import AppConfig


class EvotingConfig(AppConfig):
    """Secret electronic voting, kept apart from the rest of the elections app: its tables
    hold who voted and what was voted, and nothing may link the two."""

    name = "daihoi.elections.evoting"
    label = "evoting"
    verbose_name = "Bỏ phiếu điện tử"
