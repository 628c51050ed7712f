from django.apps import AppConfig


class CongressConfig(AppConfig):
    name = "daihoi.congress"
    label = "congress"
    verbose_name = "Đại hội"
