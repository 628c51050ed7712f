"""In a real browser: the office uploads a workbook, the job runs in its thread, the page
polls (htmx) until the import is done, and the members are in the register."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from daihoi.core.roles import Role
from daihoi.organizations.models import Member
from tests.conftest import screenshot
from tests.organizations.test_imports import GOOD, HEADERS, orgs, write_xlsx


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_office_imports_a_workbook_and_watches_it_finish(
        login_page: Callable[..., Any], tmp_path: Path, settings: Any) -> None:
    settings.VAR_DIR = tmp_path  # uploads and progress files of this test only
    orgs()
    rows = [HEADERS, *GOOD]
    for i in range(300):  # enough rows for a visible validation phase
        rows.append([f"Phạm Văn Số {i}", "Nam", "01/01/1985", "Kinh", f"77{i:04d}", "01/02/2015",
                     "01/02/2016", "Chính thức", "CBBV", "", "", ""])
    path = write_xlsx(tmp_path / "dang-vien.xlsx", rows)

    page = login_page(Role.OFFICE)
    page.goto("/members/import/")
    page.set_input_files("#id_file", str(path))
    page.click("#import-form button[type=submit]")
    page.wait_for_url("**/jobs/*/")
    result = page.locator("#job-progress .job-result")
    result.wait_for(timeout=60_000)  # reached through the htmx polling, not a reload
    screenshot(page, "import-done")
    assert "Đã nhập 303 đảng viên" in result.inner_text()
    assert Member.objects.count() == 303
    page.click("#job-progress a.button.primary")
    page.wait_for_url("**/members/**")
