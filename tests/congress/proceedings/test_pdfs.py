"""The hall's PDFs (congress/proceedings/pdfs.py): the book of contributions."""

from __future__ import annotations

from typing import Any

from daihoi.congress.proceedings import pdfs, services


def test_contributions_book_pdf(hall: Any, secretary: Any) -> None:
    for i in range(3):
        services.contribution_submit(acting_user=secretary, congress=hall.congress,
                                     title=f"Tham luận số {i + 1} về xây dựng Đảng", author="Lê Văn C",
                                     text="Đoạn một.\nĐoạn hai.")
    data = pdfs.contributions_book(hall.congress)
    assert data.startswith(b"%PDF")
    assert data.count(b"/Type /Page\n") >= 5 or data.count(b"/Type /Page") >= 5
