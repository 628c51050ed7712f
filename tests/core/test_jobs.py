"""Jobs: a Job row and a task of Django's task framework. The tests run tasks with the
immediate backend (pytest config); a worker's part is played by calling the enqueued
task, and `tests/core/test_worker.py` runs real workers."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_tasks import default_task_backend, task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from daihoi.core import jobs
from daihoi.core.models import Job, JobFile, User
from daihoi.core.roles import Role

needs_postgres = pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                                    reason="needs DATABASE_URL=postgres://...")

# What the tasks below saw while they ran (they are module-level: the framework needs it).
SEEN: list[Any] = []


@task()
def count_task(job_id: int, n: int) -> dict[str, Any]:
    def run(progress: jobs.Progress) -> dict[str, Any]:
        for i in range(1, n + 1):
            progress(i, total=n, message="Đang đếm")
        return {"message": f"Đã đếm {n}", "links": [["Xem", "/members/"]]}

    return jobs.job_run(job_id, run)


@task()
def lazy_task(job_id: int) -> dict[str, Any]:
    return jobs.job_run(job_id, lambda progress: {
        "message": gettext_lazy("Hoàn thành"), "links": [[gettext_lazy("Tải tệp"), "/f"]],
        "day": dt.date(2025, 1, 2)})


@task()
def failing_task(job_id: int) -> dict[str, Any]:
    def run(progress: jobs.Progress) -> dict[str, Any]:
        raise jobs.JobFailed("Có 2 lỗi", errors=[{"row": 2, "column": "A", "value": "x", "reason": "sai"},
                                                 "lỗi chung"], result={"links": [["Báo cáo", "/r"]]})

    return jobs.job_run(job_id, run)


@task()
def crashing_task(job_id: int) -> dict[str, Any]:
    def run(progress: jobs.Progress) -> dict[str, Any]:
        raise RuntimeError("hỏng")

    return jobs.job_run(job_id, run)


@task()
def reading_task(job_id: int) -> dict[str, Any]:
    def run(progress: jobs.Progress) -> dict[str, Any]:
        with jobs.job_file_copy(progress.job, JobFile.Purpose.UPLOAD) as path:
            assert path is not None
            SEEN.append((path.name, path.read_bytes()))
        jobs.job_attach(progress.job, purpose=JobFile.Purpose.OUTPUT, name="ket-qua.csv",
                        content=b"a;b\r\n1;2\r\n")
        return {"message": "đã đọc"}

    return jobs.job_run(job_id, run)


@task()
def writing_task(job_id: int) -> dict[str, Any]:
    """Like an all-or-nothing import: a reading phase, then one transaction that writes."""

    def run(progress: jobs.Progress) -> dict[str, Any]:
        progress(0, total=10, message="Đang kiểm tra")
        progress(10, total=10, message="Đang kiểm tra")
        progress(0, total=10, message="Đang ghi")
        with transaction.atomic():
            User.objects.create(username=f"ghi-{job_id}")  # the transaction holds a write
            progress(4, total=10, message="Đang ghi 4")
            own = Job.objects.values_list("done", "message").get(pk=job_id)
            SEEN.append({"own": own, "other": _read_elsewhere(job_id)})
        return {"message": "xong"}

    return jobs.job_run(job_id, run)


def _read_elsewhere(job_id: int) -> tuple[int, str] | None:
    """The job's row as another server sees it: through a connection of its own."""
    if connection.vendor != "postgresql":
        return None  # the tests' SQLite database is in memory: no other connection sees it
    own = connections["default"]
    other = type(own)(dict(own.settings_dict), own.alias)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT done, message FROM core_job WHERE id = %s", [job_id])
            row = cursor.fetchone()
        return (row[0], row[1]) if row else None
    finally:
        other.close()


class BrokenBackend(ImmediateBackend):
    def enqueue(self, task: Any, args: Any, kwargs: Any) -> Any:
        raise RuntimeError("hàng đợi hỏng")


@pytest.fixture(autouse=True)
def _clear_seen() -> None:
    SEEN.clear()


def test_the_tests_run_tasks_with_the_immediate_backend() -> None:
    # Set by pytest's configuration (pytest-env), not by guessing that this is a test run.
    assert type(task_backends["default"]) is ImmediateBackend


@pytest.mark.django_db
def test_a_job_runs_its_task_and_ends_done_with_its_result(make_user: Callable[..., User]) -> None:
    user = make_user(Role.OFFICE)
    job = jobs.job_start(acting_user=user, kind="count", title="Đếm", task=count_task, params={"n": 5})
    assert job.status == Job.Status.DONE
    assert (job.done, job.total, job.percent) == (5, 5, 100)
    assert job.message == "Đã đếm 5"
    assert job.result["links"] == [["Xem", "/members/"]]
    assert job.created_by == user and job.finished_at is not None
    assert job.task_id and job.language == "vi"


@pytest.mark.django_db
def test_the_worker_speaks_the_language_of_who_started_the_job() -> None:
    from django.utils import translation

    with translation.override("en"):
        job = jobs.job_start(acting_user=None, kind="k", title="t", task=lazy_task)
    assert job.language == "en"
    assert job.result["message"] == "Done"  # "Hoàn thành" in the starter's language


@pytest.mark.django_db
def test_lazy_translations_and_dates_in_a_result_are_stored_as_text() -> None:
    job = jobs.job_start(acting_user=None, kind="k", title="t", task=lazy_task)
    assert job.status == Job.Status.DONE
    assert job.result == {"message": "Hoàn thành", "links": [["Tải tệp", "/f"]], "day": "2025-01-02"}


@pytest.mark.django_db
def test_job_failed_keeps_the_errors() -> None:
    job = jobs.job_start(acting_user=None, kind="k", title="t", task=failing_task)
    assert job.status == Job.Status.FAILED
    assert job.message == "Có 2 lỗi"
    assert job.errors[0]["row"] == 2 and job.errors[1] == "lỗi chung"
    assert job.result == {"links": [["Báo cáo", "/r"]]}


@pytest.mark.django_db
def test_an_unexpected_exception_fails_the_job_with_its_text() -> None:
    job = jobs.job_start(acting_user=None, kind="k", title="t", task=crashing_task)
    assert job.status == Job.Status.FAILED
    assert job.message == str(jobs.JOB_CRASHED).format(error="hỏng")


@pytest.mark.django_db
def test_a_job_that_cannot_be_enqueued_is_failed_not_left_pending(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": f"{__name__}.BrokenBackend"}}
    with pytest.raises(RuntimeError):
        jobs.job_start(acting_user=None, kind="k", title="t", task=count_task, params={"n": 1})
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.message == str(jobs.JOB_NOT_QUEUED).format(error="hàng đợi hỏng")


@pytest.mark.django_db
def test_with_a_queue_the_job_waits_for_a_worker(settings: Any) -> None:
    """With a backend that only stores tasks (as the database backend does until a worker
    takes them), the request returns at once with the job pending; running the stored
    task, as `daihoi worker` would, ends it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = jobs.job_start(acting_user=None, kind="count", title="t", task=count_task, params={"n": 3})
    assert job.status == Job.Status.PENDING and job.done == 0
    (queued,) = default_task_backend.results  # type: ignore[attr-defined]
    assert queued.id == job.task_id
    assert queued.args == [job.pk] and queued.kwargs == {"n": 3}  # JSON-ready arguments only
    queued.task.call(*queued.args, **queued.kwargs)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.done == 3
    # Run again (a task enqueued twice by hand): the first outcome stands.
    Job.objects.filter(pk=job.pk).update(message="gốc")
    assert queued.task.call(*queued.args, **queued.kwargs) == {"job": job.pk, "status": "done"}
    assert Job.objects.get(pk=job.pk).message == "gốc"


@pytest.mark.django_db
def test_the_upload_goes_through_the_database_to_the_task(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path
    upload = SimpleUploadedFile("dang-vien.xlsx", b"PK\x03\x04 not really")
    job = jobs.job_start(acting_user=None, kind="k", title="t", task=reading_task, upload=upload)
    assert job.status == Job.Status.DONE, job.message
    assert SEEN == [("dang-vien.xlsx", b"PK\x03\x04 not really")]  # the name keeps its suffix
    assert jobs.job_file(job, JobFile.Purpose.UPLOAD) is not None  # the task decides when it goes
    out = jobs.job_file(job, JobFile.Purpose.OUTPUT)
    assert out is not None and out.size == 10 and bytes(out.content).startswith(b"a;b")
    assert list(tmp_path.iterdir()) == []  # nothing on this machine's disk


@pytest.mark.django_db
def test_files_older_than_a_week_go_when_the_next_job_starts() -> None:
    old = jobs.job_start(acting_user=None, kind="k", title="t", task=reading_task,
                         upload=SimpleUploadedFile("a.csv", b"1"))
    JobFile.objects.filter(job=old).update(created_at=timezone.now() - dt.timedelta(days=8))
    new = jobs.job_start(acting_user=None, kind="k", title="t", task=reading_task,
                         upload=SimpleUploadedFile("b.csv", b"2"))
    assert not JobFile.objects.filter(job=old).exists()
    assert JobFile.objects.filter(job=new).count() == 2


@pytest.mark.django_db
def test_progress_outside_a_transaction_is_in_the_row_as_it_goes() -> None:
    job = Job.objects.create(kind="k", title="t", status=Job.Status.RUNNING)
    progress = jobs.Progress(job)
    progress(3, total=10, message="Đang kiểm tra")
    row = Job.objects.get(pk=job.pk)
    assert (row.done, row.total, row.message) == (3, 10, "Đang kiểm tra")
    progress(4)  # within the throttle: not written yet
    assert Job.objects.get(pk=job.pk).done == 3
    progress(10)  # the end of a phase is always written
    assert Job.objects.get(pk=job.pk).done == 10


@pytest.mark.django_db(transaction=True)
def test_progress_inside_the_jobs_own_transaction() -> None:
    """PostgreSQL: another connection (another server) sees the progress made inside the
    write transaction. SQLite: no other connection may write then, so the row keeps the
    phase set just before ("Đang ghi", 0 of 10) until the job ends."""
    job = jobs.job_start(acting_user=None, kind="k", title="t", task=writing_task)
    assert job.status == Job.Status.DONE and job.message == "xong"
    (seen,) = SEEN
    if connection.vendor == "postgresql":
        assert seen["other"] == (4, "Đang ghi 4")
    else:
        assert seen["own"] == (0, "Đang ghi")


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_progress_mid_transaction_is_visible_from_another_connection() -> None:
    job = jobs.job_start(acting_user=None, kind="k", title="t", task=writing_task)
    assert job.status == Job.Status.DONE
    assert SEEN[0]["other"] == (4, "Đang ghi 4")
    assert User.objects.filter(username=f"ghi-{job.pk}").exists()  # and the write committed


@pytest.mark.django_db
def test_progress_page_polls_while_running_and_stops_when_finished(
        client: Any, make_user: Callable[..., User]) -> None:
    user = make_user(Role.LEADER)
    client.force_login(user)
    job = Job.objects.create(kind="k", title="Xuất báo cáo", status=Job.Status.RUNNING, total=200,
                             done=50, message="Đang tính", created_by=user)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Xuất báo cáo" in page
    assert 'hx-trigger="every 1s"' in page and f"/jobs/{job.pk}/progress/" in page
    assert "width:25%" in page and "Đang tính" in page and "50 / 200" in page

    job.status, job.done, job.message = Job.Status.FAILED, 200, "Có 1 lỗi"
    job.errors = [{"row": 7, "column": "Ngày sinh", "value": "31/02/1980", "reason": "Ngày không hợp lệ"}]
    job.save()
    part = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert "hx-trigger" not in part
    assert "Có 1 lỗi" in part and "31/02/1980" in part and "<td class=\"num\">7</td>" in part


@pytest.mark.django_db
def test_progress_as_json(client: Any, make_user: Callable[..., User]) -> None:
    user = make_user(Role.OFFICE)
    client.force_login(user)
    job = Job.objects.create(kind="k", title="Nhập", status=Job.Status.RUNNING, total=200, done=50,
                             message="Đang kiểm tra", created_by=user)
    data = client.get(f"/jobs/{job.pk}/progress.json").json()
    assert {k: data[k] for k in ("status", "done", "total", "percent", "message", "finished")} == {
        "status": "running", "done": 50, "total": 200, "percent": 25, "message": "Đang kiểm tra",
        "finished": False}
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, result={"created": 3})
    data = client.get(f"/jobs/{job.pk}/progress.json").json()
    assert data["finished"] is True and data["result"] == {"created": 3}
    client.force_login(make_user(Role.OFFICE))
    assert client.get(f"/jobs/{job.pk}/progress.json").status_code == 403


@pytest.mark.django_db
def test_a_jobs_file_is_downloaded_by_who_may_see_the_job(
        client: Any, make_user: Callable[..., User]) -> None:
    owner = make_user(Role.OFFICE)
    job = Job.objects.create(kind="k", title="t", status=Job.Status.DONE, created_by=owner)
    client.force_login(owner)
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404  # none yet
    jobs.job_attach(job, purpose=JobFile.Purpose.OUTPUT, name="nhat-ky.xlsx", content=b"xlsx")
    response = client.get(f"/jobs/{job.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"xlsx"
    assert 'filename="nhat-ky.xlsx"' in response["Content-Disposition"]
    client.force_login(make_user(Role.OFFICE))
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 403


@pytest.mark.django_db
def test_a_job_is_visible_to_its_creator_and_the_administrator_only(
        client: Any, make_user: Callable[..., User]) -> None:
    owner = make_user(Role.OFFICE)
    job = Job.objects.create(kind="k", title="t", status=Job.Status.DONE, created_by=owner)
    for user, status in ((owner, 200), (make_user(Role.OFFICE), 403), (make_user(Role.LEADER), 403),
                         (make_user(Role.ADMIN), 200)):
        client.force_login(user)
        assert client.get(f"/jobs/{job.pk}/").status_code == status
        assert client.get(f"/jobs/{job.pk}/progress/").status_code == status
    client.logout()
    assert client.get(f"/jobs/{job.pk}/").status_code == 302


@pytest.mark.django_db
def test_a_job_silent_for_ten_minutes_is_shown_as_probably_interrupted(
        client: Any, make_user: Callable[..., User]) -> None:
    user = make_user(Role.OFFICE)
    client.force_login(user)
    long_ago = timezone.now() - dt.timedelta(minutes=11)
    old = Job.objects.create(kind="k", title="t", status=Job.Status.RUNNING, created_by=user,
                             created_at=long_ago, updated_at=long_ago)
    fresh = Job.objects.create(kind="k", title="t", status=Job.Status.RUNNING, created_by=user)
    assert "job-stale" in client.get(f"/jobs/{old.pk}/progress/").content.decode()
    assert "job-stale" not in client.get(f"/jobs/{fresh.pk}/progress/").content.decode()
    # Progress written a moment ago keeps an old job alive.
    jobs.Progress(Job.objects.get(pk=old.pk))(1, total=2, message="m")
    assert not jobs.job_is_stale(Job.objects.get(pk=old.pk))


@pytest.mark.django_db
def test_a_job_no_worker_took_says_so(client: Any, make_user: Callable[..., User]) -> None:
    user = make_user(Role.OFFICE)
    client.force_login(user)
    waiting = Job.objects.create(kind="k", title="t", status=Job.Status.PENDING, created_by=user,
                                 created_at=timezone.now() - dt.timedelta(minutes=1))
    just_now = Job.objects.create(kind="k", title="t", status=Job.Status.PENDING, created_by=user)
    assert "daihoi worker" in client.get(f"/jobs/{waiting.pk}/progress/").content.decode()
    assert "job-unclaimed" not in client.get(f"/jobs/{just_now.pk}/progress/").content.decode()
