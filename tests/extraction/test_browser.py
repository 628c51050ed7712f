"""The office pastes an article, sees the proposed record beside the highlighted text,
focusing a field lights up where its value was found, corrects a figure and saves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from daihoi.core.roles import Role
from daihoi.extraction.models import CongressRecord
from tests.conftest import screenshot

ARTICLE = (Path(__file__).parent / "articles" / "bacgiang-2020-congress.txt").read_text(encoding="utf-8")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_paste_review_and_save(login_page: Callable[..., Any]) -> None:
    page = login_page(Role.OFFICE)
    page.goto("/extraction/")
    page.fill("#id_text", ARTICLE)
    page.click("#article-form button[type=submit]")
    page.wait_for_url(lambda url: "/extraction/articles/" in url)
    assert page.input_value("#id_organization_name") == "Đảng bộ Các cơ quan tỉnh Bắc Giang"
    assert page.input_value("#id_members_represented") == "4500"
    page.focus("#id_members_represented")
    lit = page.locator("#article-text mark.focus")
    lit.first.wait_for()
    assert lit.first.inner_text() == "hơn 4.500"
    screenshot(page, "extraction-review")
    page.fill("#id_end_date", "2020-08-21")
    page.fill("#id_correction_note", "Bế mạc ngày 21/8 theo tin hôm sau")
    page.click("#save-record")
    page.wait_for_url(lambda url: "/extraction/records/" in url)
    record = CongressRecord.objects.get()
    assert str(record.end_date) == "2020-08-21" and record.corrections == {"end_date": [None, "2020-08-21"]}
    assert page.locator("#corrections").inner_text().count("end_date") == 1
