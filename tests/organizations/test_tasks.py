"""The register's background task (organizations/tasks.py) when what it needs is gone: the
upload, or the account that started the import. The job fails with its message and no
member is written."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from daihoi.core.models import Job, User
from daihoi.core.roles import Role
from daihoi.organizations import tasks
from daihoi.organizations.models import Member

pytestmark = pytest.mark.django_db


def _run(job: Job) -> Job:
    tasks.import_file.call(job.pk, "members", "dang-vien.xlsx", "2025-06-01")
    job.refresh_from_db()
    return job


def test_a_job_whose_upload_is_gone_fails_and_says_so(make_user: Callable[..., User]) -> None:
    job = Job.objects.create(kind="members_import", title="Nhập", created_by=make_user(Role.OFFICE))
    job = _run(job)
    assert (job.status, job.message) == (Job.Status.FAILED, str(tasks.UPLOAD_MISSING))
    assert not Member.objects.exists()


def test_a_job_whose_account_is_gone_never_imports_as_the_system() -> None:
    job = _run(Job.objects.create(kind="members_import", title="Nhập", created_by=None))
    assert (job.status, job.message) == (Job.Status.FAILED, str(tasks.NO_IMPORTER))
    assert not Member.objects.exists()
