from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class User(AbstractUser):
    """A person who logs in. Roles are Django groups named by `daihoi.core.roles.Role`."""

    full_name = models.CharField(_("Họ và tên"), max_length=150, blank=True)

    def __str__(self) -> str:
        return self.full_name or self.username

    def role_names(self) -> set[str]:
        cached: set[str] | None = getattr(self, "_role_cache", None)
        if cached is None:
            cached = set(self.groups.values_list("name", flat=True))
            if self.is_superuser:
                cached.add("admin")
            self._role_cache = cached
        return cached


class AuditLog(models.Model):
    """One change to one record: who, when, what, the values before and after.

    Written by `daihoi.core.audit` in the same transaction as the change. Secret ballot
    contents are never written here (see the e-voting app).
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", pgettext_lazy("audit action", "Sửa")
        DELETE = "delete", _("Xóa")
        OTHER = "other", _("Thao tác")

    at = models.DateTimeField(_("Thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("Người thực hiện"),
    )
    action = models.CharField(_("Loại"), max_length=10, choices=Action.choices)
    verb = models.CharField(_("Thao tác"), max_length=80, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(_("Bản ghi"), max_length=255)
    # The record's name folded (lower case, no diacritics): "nguyen van a" finds
    # "Nguyễn Văn A" in the log as it does in the member list.
    object_search = models.CharField(max_length=255, blank=True, default="", editable=False)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # One record's history, newest first: filter and order from the index alone
            # (with only content_type+object_id, SQLite preferred content_type+at and
            # scanned a whole type to find one record).
            models.Index(fields=["content_type", "object_id", "at"], name="core_audit_record_at"),
            # The per-user history page: one user's changes, newest first, on a big log.
            models.Index(fields=["actor", "at"], name="core_audit_actor_at"),
            models.Index(fields=["content_type", "at"], name="core_audit_type_at"),
        ]
        verbose_name = _("Nhật ký thay đổi")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.verb or self.action} {self.object_repr}"

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class Job(models.Model):
    """A long task (an import, a report build) with its progress, polled by the page that
    started it. It runs as a task of Django's task framework in `daihoi worker` (see
    `daihoi.core.jobs`); this row is what every application server reads of it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Thất bại")

    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=255, blank=True)
    errors = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The last time the task wrote its progress: a running job silent for long has died.
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The id of the task framework's own result (django_tasks_db's table, for the operator).
    task_id = models.CharField(max_length=64, blank=True)
    # Messages written by the worker speak the language of the user who started the job.
    language = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.status} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0


class JobFile(models.Model):
    """A file a job reads (the uploaded spreadsheet) or makes (an export), kept in the
    database so that a worker on another machine can read what a server received, and any
    server can hand out what a worker made."""

    class Purpose(models.TextChoices):
        UPLOAD = "upload", _("Tệp tải lên")
        OUTPUT = "output", _("Tệp kết quả")

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    name = models.CharField(max_length=255)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "purpose"], name="core_jobfile_one_per_purpose"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id} {self.purpose} {self.name}"
