"""A scan batch per ballot box and the reading of each scanned ballot (issue 20 item 3).

Nothing here identifies a voter: a scanned ballot has no serial number (every ballot of a
round is printed the same), `position` is the order the box's stack went through the
scanner, and no reading keeps the time it was read. The decision on a doubtful ballot keeps
who decided (the counting committee answers for it)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.elections.models import CountingGroup, PaperBallot


class ScanBatch(models.Model):
    class Status(models.TextChoices):
        READING = "reading", _("Đang đọc")
        READ = "read", _("Đã đọc")
        FAILED = "failed", _("Không đọc được")
        JOINED = "joined", _("Đã đưa vào kết quả")

    group = models.ForeignKey(CountingGroup, on_delete=models.CASCADE, related_name="scans")
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="+")
    filename = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.READING)
    # The ballot as printed (text, layout with the round's code) and the thresholds used.
    ballot = models.JSONField(default=dict)
    thresholds = models.JSONField(default=dict)
    message = models.CharField(max_length=500, blank=True)
    uploaded_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    joined_by = models.ForeignKey("core.User", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["group", "pk"]
        verbose_name = _("Lượt quét phiếu")

    def __str__(self) -> str:
        return f"{self.group} · {self.filename}"


class ScannedBallot(models.Model):
    class Status(models.TextChoices):
        READ = "read", _("Máy đọc chắc chắn")
        DOUBTFUL = "doubtful", _("Cần người xem")
        REFUSED = "refused", _("Không nhận là phiếu của lần bầu")

    batch = models.ForeignKey(ScanBatch, on_delete=models.CASCADE, related_name="ballots")
    position = models.PositiveIntegerField()
    source = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices)
    # Line numbers (1-based, ballot order) as the machine read them.
    struck = models.JSONField(default=list)
    doubtful = models.JSONField(default=list)
    flags = models.JSONField(default=list)
    reason = models.CharField(max_length=300, blank=True)
    rows = models.JSONField(default=list)  # per line: score, state, box (canonical pixels)
    image = models.BinaryField(default=b"")  # the ballot straightened (JPEG), for review
    # The layout it was read with (the round's ballot may print on A5 or A4); its rows'
    # boxes are in that layout's pixels.
    sheet = models.CharField(max_length=2, blank=True, default="")
    # A person's decision: {"marks": [...], "unstamped", "identifying_mark", "write_in",
    # "not_ballot"}; null while undecided.
    decision = models.JSONField(null=True, blank=True)
    decided_by = models.ForeignKey("core.User", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    paper = models.OneToOneField(PaperBallot, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="scan")

    class Meta:
        ordering = ["batch", "position"]
        constraints = [models.UniqueConstraint(fields=["batch", "position"],
                                               name="scannedballot_unique_position")]
        verbose_name = _("Phiếu đã quét")

    def __str__(self) -> str:
        return f"{self.batch} #{self.position}"

    @property
    def needs_person(self) -> bool:
        return self.status != self.Status.READ
