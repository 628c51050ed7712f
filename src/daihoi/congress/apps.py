from django.apps import AppConfig


class CongressConfig(AppConfig):
    name = "daihoi.congress"
    label = "congress"
    verbose_name = "Đại hội"

    def ready(self) -> None:
        # The congress serves the elections of its delegates or members: the elections app
        # asks the registry, never the congress (elections/electorate.py).
        from daihoi.congress import electorate
        from daihoi.elections import electorate as registry
        from daihoi.elections.models import Election

        registry.register(Election.Electorate.DELEGATES_CONGRESS, electorate.find)
        registry.register(Election.Electorate.MEMBERS_CONGRESS, electorate.find)
        registry.register_seat_votes(electorate.seat_votes)
