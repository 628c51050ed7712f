"""A discipline record kept by meetings reaches the appraisal's cap through its hook
(Quy định 124 Điều 12): disciplined in the year caps, unless self-corrected."""

from __future__ import annotations

import datetime as dt

import pytest

from daihoi.appraisal.selectors import discipline_facts
from daihoi.meetings.models import Discipline
from tests.factories import MemberFactory


@pytest.mark.django_db
def test_a_discipline_in_the_year_reaches_the_appraisal_unless_self_corrected() -> None:
    caught, mended, other_year, clean = (MemberFactory() for _ in range(4))
    cases = ((caught, 2024, False), (mended, 2024, True), (other_year, 2023, False))
    for member, year, self_corrected in cases:
        Discipline.objects.create(member=member, form=Discipline.Form.choices[0][0],
                                  decided_on=dt.date(year, 6, 1), decided_by="Ủy ban Kiểm tra",
                                  reason="Vi phạm", self_corrected=self_corrected)
    ids = [caught.pk, mended.pk, other_year.pk, clean.pk]
    assert discipline_facts(ids, 2024) == {caught.pk: True}
    assert discipline_facts(ids, 2023) == {other_year.pk: True}
