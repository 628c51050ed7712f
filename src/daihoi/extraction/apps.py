from collections.abc import Callable

from django.apps import AppConfig


class ExtractionConfig(AppConfig):
    name = "daihoi.extraction"
    label = "extraction"
    verbose_name = "Đọc bài báo thành hồ sơ đại hội"

    def load_demo(self, *, seed: int, log: Callable[[str], None]) -> None:
        """Congresses of other organizations, read from the made-up articles in demo_articles/."""
        from daihoi.extraction import demo

        demo.build(seed=seed, log=log)
