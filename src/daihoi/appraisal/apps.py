from collections.abc import Callable

from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    name = "daihoi.appraisal"
    label = "appraisal"
    verbose_name = "Đánh giá, xếp loại chất lượng"

    def load_demo(self, *, seed: int, log: Callable[[str], None]) -> None:
        """Five years of classification (2020–2024), built in bulk."""
        from daihoi.appraisal import demo

        demo.build(seed=seed, log=log)
