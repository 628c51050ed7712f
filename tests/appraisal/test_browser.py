"""In a real browser, keyboard only: the office types a cell's scores (Enter goes down the
column, the last Enter saves), then sees the bloc's percentages on the results page and the
review's status change from "no data" to achieved."""

from __future__ import annotations

import datetime as dt

import pytest

from daihoi.appraisal.models import Campaign, MemberAppraisal
from daihoi.core.roles import Role
from daihoi.organizations.models import Member, Organization
from daihoi.targets.models import Target
from tests.conftest import screenshot
from tests.factories import CongressFactory, MemberFactory, OrganizationFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_cell_by_keyboard_changes_the_figures(login_page) -> None:  # type: ignore[no-untyped-def]
    root = OrganizationFactory(name="Đảng bộ Khối", kind=Organization.Kind.COMMITTEE)
    cell = OrganizationFactory(name="Chi bộ Sở Tư pháp", kind=Organization.Kind.GRASSROOTS_CELL, parent=root)
    for name in ["Lê Văn An", "Trần Thị Bình", "Phạm Văn Cường", "Hồ Thị Dung", "Vũ Văn Em"]:
        MemberFactory(full_name=name, organization=cell, status=Member.Status.FULL,
                      admission_date=dt.date(2010, 1, 1))
    Campaign.objects.create(year=2025, appraisal_date=dt.date(2025, 12, 15))
    congress = CongressFactory(organization=root, ordinal=17, term_start=2025, term_end=2030,
                               starts_on=dt.date(2025, 1, 10), ends_on=dt.date(2025, 1, 11))
    Target.objects.create(congress=congress, number=1, text="Hằng năm trên 70% đảng viên HTTNV trở lên",
                          metric=Target.Metric.SHARE_GOOD, comparison=">", value=70, unit="%", period="year")
    page = login_page(Role.OFFICE)
    review = f"/targets/?congress={congress.pk}&on=01/06/2026"
    page.goto(review)
    assert page.locator("#targets-review tbody tr").first.get_attribute("data-status") == "no_data"
    assert "đạt và vượt 0/1 chỉ tiêu" in page.locator("#review-line").inner_text()

    page.goto(f"/appraisal/2025/cell/{cell.pk}/")
    first = page.locator("input[data-col=score]").first
    assert first.evaluate("el => el === document.activeElement")  # focused on arrival
    # Members come in Vietnamese order (given name first): An, Bình, Cường, Dung, Em.
    for score in ["95", "85", "85", "80", "60"]:
        page.keyboard.type(score)
        page.keyboard.press("Enter")  # the next line's score; on the last line: save
    page.wait_for_selector(".msg.success")
    screenshot(page, "appraisal-entry")
    assert MemberAppraisal.objects.filter(level="good").count() == 3
    assert "Hoàn thành xuất sắc nhiệm vụ" in page.locator("tbody tr").first.inner_text()

    page.goto("/appraisal/results/")
    summary = page.locator("#summary").inner_text()
    assert "80,0%" in summary and "20,0%" in summary  # 4 of 5 good or better; 1 of 5 excellent
    assert "đạt 80,0%" in page.locator("#phrases").inner_text()
    width = page.locator("#chart .stack span.lv-excellent").first.get_attribute("style")
    assert width == "width:20.0%"
    screenshot(page, "appraisal-results")

    page.goto(review)
    row = page.locator("#targets-review tbody tr").first
    assert row.get_attribute("data-status") == "exceeded"
    assert "đạt và vượt 1/1 chỉ tiêu" in page.locator("#review-line").inner_text()
    screenshot(page, "targets-review")
