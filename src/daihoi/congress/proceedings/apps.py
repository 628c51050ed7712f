from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    """What happens in the hall: agenda, documents, votes, the resolution, discussion, the big screen."""

    name = "daihoi.congress.proceedings"
    label = "proceedings"
    verbose_name = "Diễn biến Đại hội"
