"""The generic progress mechanism: jobs run inline or in a thread, report progress, end
with a result or a list of errors; their page polls until they finish."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from daihoi.core import jobs
from daihoi.core.models import Job, User
from daihoi.core.roles import Role


@pytest.fixture(autouse=True)
def var_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path


def counting(n: int) -> Callable[[jobs.Progress], dict[str, Any]]:
    def run(progress: jobs.Progress) -> dict[str, Any]:
        for i in range(1, n + 1):
            progress(i, total=n, message="Đang đếm")
        return {"message": f"Đã đếm {n}", "links": [["Xem", "/members/"]]}

    return run


@pytest.mark.django_db
def test_synchronous_job_ends_done_with_its_result(make_user: Callable[..., User]) -> None:
    user = make_user(Role.OFFICE)
    job = jobs.job_start(acting_user=user, kind="count", title="Đếm", run=counting(5), synchronous=True)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert (job.done, job.total, job.percent) == (5, 5, 100)
    assert job.message == "Đã đếm 5"
    assert job.result["links"] == [["Xem", "/members/"]]
    assert job.created_by == user and job.finished_at is not None


@pytest.mark.django_db
def test_lazy_translations_and_dates_in_a_result_are_stored_as_text() -> None:
    import datetime as dt

    from django.utils.translation import gettext_lazy

    def run(progress: jobs.Progress) -> dict[str, Any]:
        return {"message": gettext_lazy("Hoàn thành"), "links": [[gettext_lazy("Tải tệp"), "/f"]],
                "day": dt.date(2025, 1, 2)}

    job = jobs.job_start(acting_user=None, kind="k", title="t", run=run, synchronous=True)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result == {"message": "Hoàn thành", "links": [["Tải tệp", "/f"]], "day": "2025-01-02"}


@pytest.mark.django_db
def test_job_failed_keeps_the_errors() -> None:
    def run(progress: jobs.Progress) -> dict[str, Any]:
        raise jobs.JobFailed("Có 2 lỗi", errors=[{"row": 2, "column": "A", "value": "x", "reason": "sai"},
                                                 "lỗi chung"], result={"links": [["Báo cáo", "/r"]]})

    job = jobs.job_start(acting_user=None, kind="k", title="t", run=run, synchronous=True)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "Có 2 lỗi"
    assert job.errors[0]["row"] == 2 and job.errors[1] == "lỗi chung"
    assert job.result == {"links": [["Báo cáo", "/r"]]}


@pytest.mark.django_db
def test_an_unexpected_exception_fails_the_job_with_its_text() -> None:
    def run(progress: jobs.Progress) -> dict[str, Any]:
        raise RuntimeError("hỏng")

    job = jobs.job_start(acting_user=None, kind="k", title="t", run=run, synchronous=True)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == str(jobs.JOB_CRASHED).format(error="hỏng")


@pytest.mark.django_db
def test_the_setting_makes_jobs_synchronous(settings: Any) -> None:
    settings.DAIHOI_JOBS_SYNCHRONOUS = True
    job = jobs.job_start(acting_user=None, kind="k", title="t", run=counting(3))
    assert job.status == Job.Status.DONE  # returned finished: no thread was started


@pytest.mark.django_db(transaction=True)
def test_threaded_job_reports_progress_through_the_side_file(var_dir: Path) -> None:
    """While the job runs, the page reads its progress from VAR_DIR/jobs/<id>.json (the
    database row cannot show it while the job's own transaction is open)."""
    reached, release = threading.Event(), threading.Event()

    def run(progress: jobs.Progress) -> dict[str, Any]:
        progress(0, total=10, message="Đang ghi")
        progress(4)
        reached.set()
        assert release.wait(10)
        return {"message": "xong"}

    job = jobs.job_start(acting_user=None, kind="k", title="t", run=run)
    assert reached.wait(10)
    live = json.loads((var_dir / "jobs" / f"{job.pk}.json").read_text())
    assert live == {"done": 0, "total": 10, "message": "Đang ghi"}  # 4 is within the throttle
    seen = jobs.job_live(Job.objects.get(pk=job.pk))
    assert (seen.total, seen.message) == (10, "Đang ghi")
    release.set()
    job = jobs.job_wait(job, timeout=10)
    assert job.status == Job.Status.DONE and job.message == "xong"
    assert not (var_dir / "jobs" / f"{job.pk}.json").exists()


@pytest.mark.django_db
def test_progress_page_polls_while_running_and_stops_when_finished(
        client: Any, make_user: Callable[..., User], var_dir: Path) -> None:
    user = make_user(Role.LEADER)
    client.force_login(user)
    job = Job.objects.create(kind="k", title="Xuất báo cáo", status=Job.Status.RUNNING, total=200,
                             created_by=user)
    (var_dir / "jobs").mkdir()
    (var_dir / "jobs" / f"{job.pk}.json").write_text(
        json.dumps({"done": 50, "total": 200, "message": "Đang tính"}))
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
        client: Any, make_user: Callable[..., User], var_dir: Path) -> None:
    import datetime as dt
    import os
    import time

    from django.utils import timezone

    user = make_user(Role.OFFICE)
    client.force_login(user)
    old = Job.objects.create(kind="k", title="t", status=Job.Status.RUNNING, created_by=user,
                             created_at=timezone.now() - dt.timedelta(minutes=11))
    fresh = Job.objects.create(kind="k", title="t", status=Job.Status.RUNNING, created_by=user)
    assert "job-stale" in client.get(f"/jobs/{old.pk}/progress/").content.decode()
    assert "job-stale" not in client.get(f"/jobs/{fresh.pk}/progress/").content.decode()
    # Progress written a moment ago keeps an old job alive...
    (var_dir / "jobs").mkdir()
    live = var_dir / "jobs" / f"{old.pk}.json"
    live.write_text(json.dumps({"done": 1, "total": 2, "message": "m"}))
    assert not jobs.job_is_stale(Job.objects.get(pk=old.pk))
    # ...until it too is ten minutes old.
    past = time.time() - 11 * 60
    os.utime(live, (past, past))
    assert jobs.job_is_stale(Job.objects.get(pk=old.pk))
