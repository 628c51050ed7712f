"""Attendance is one figure everywhere: the overview said 232/246 present while the
credentials and congress reports said 245/246 (they counted whoever came to any session).
The one definition is `attendance_summary`: entitled to vote and checked in to the current
session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from daihoi.congress import reports, selectors
from daihoi.congress.models import CheckIn, Congress, Delegate

pytestmark = pytest.mark.django_db


def test_overview_credentials_and_report_agree(congress: Congress,
                                               make_delegate: Callable[..., Delegate]) -> None:
    delegates = [make_delegate() for _ in range(6)]
    preparatory, current = congress.sessions.order_by("order")
    # All six came to the preparatory session; four are in the hall now.
    for d in delegates:
        CheckIn.objects.create(delegate=d, session=preparatory,
                               checked_in_at=dt.datetime(2025, 1, 1, 8, tzinfo=dt.UTC))
    for d in delegates[:4]:
        CheckIn.objects.create(delegate=d, session=current)
    overview = selectors.attendance_summary(congress)
    credentials = selectors.credentials_counts(congress)
    report: Any = reports.congress_report(congress, today=congress.starts_on, user=None)
    assert overview.present == 4
    assert credentials.present == 4 and credentials.absent == 2
    assert report.attended == 4 and report.convened == overview.convened == 6
    assert "4/6" in " ".join(reports.report_paragraphs(report))
