"""The targets' section of the leader's status page: registered with core, rendered from the
review of the congress whose term runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from daihoi.core.registry import status_panels
from daihoi.targets.models import Target, TargetValue
from tests.factories import CongressFactory


def test_the_panel_is_registered() -> None:
    panel = next(p for p in status_panels() if p.key == "targets")
    assert panel.template == "targets/panel.html"


@pytest.mark.django_db
def test_the_panel_shows_the_review() -> None:
    panel = next(p for p in status_panels() if p.key == "targets")
    request = RequestFactory().get("/")
    assert panel.context(request) is None  # no targets: nothing to show
    congress = CongressFactory(ordinal=17, term_start=2020, term_end=2025, starts_on=dt.date(2020, 8, 20),
                               ends_on=dt.date(2020, 8, 21))
    t = Target.objects.create(congress=congress, number=1, text="Thành lập 10 tổ chức đảng", metric="other",
                              comparison=">=", value=10, unit="organizations", period="term")
    TargetValue.objects.create(target=t, value=12, as_of=dt.date(2023, 1, 1), source="Báo cáo")
    context = panel.context(request)
    assert context is not None and context["review"].line == "đạt và vượt 1/1 chỉ tiêu"
    html = render_to_string(panel.template, context, request=request)
    assert "đạt và vượt 1/1 chỉ tiêu" in html and 'style="width:100.0%"' in html
