from django.apps import AppConfig


class ScanningConfig(AppConfig):
    """Counting paper ballots by scanner (issue 20): scan batches per ballot box, the
    worker's reading, the review of doubtful ballots, joining the count."""

    name = "daihoi.elections.scanning"
    label = "scanning"
    verbose_name = "Kiểm phiếu bằng máy quét"
