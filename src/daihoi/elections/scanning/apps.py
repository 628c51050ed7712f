from collections.abc import Callable

from django.apps import AppConfig


class ScanningConfig(AppConfig):
    """Counting paper ballots by scanner (issue 20): scan batches per ballot box, the
    worker's reading, the review of doubtful ballots, joining the count."""

    name = "daihoi.elections.scanning"
    label = "scanning"
    verbose_name = "Kiểm phiếu bằng máy quét"

    def load_demo(self, *, seed: int, log: Callable[[str], None]) -> None:
        """A ballot box scanned and read, a few ballots awaiting review (`daihoi demo`)."""
        from daihoi.elections.scanning import demo

        demo.build(seed=seed, log=log)
