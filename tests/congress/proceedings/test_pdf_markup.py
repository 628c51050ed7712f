"""Markup in the names and texts of the hall prints as typed in its PDFs: the book of
contributions (cover, table of contents, each contribution), served by its page, and the
demo's documents (issue 15)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from daihoi.congress.proceedings import demo
from daihoi.congress.proceedings.models import Contribution
from tests.factories import OrganizationFactory
from tests.pdftext import KINDS, assert_printed_literally, drawn_text, payload


@pytest.mark.parametrize("kind", KINDS)
def test_the_contributions_book_prints_markup_as_typed(
        kind: str, tmp_path: Path, hall: Any, secretary: Any, client: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    name = payload(kind, tmp_path, monkeypatch)
    congress = hall.congress
    congress.venue = name
    congress.save()
    root = congress.organization
    root.name = name
    root.save()
    # Made as rows: who may sign what is the services' business, the printing is this test's.
    Contribution.objects.create(congress=congress, title=name, author=f"Lê Văn {name}",
                                organization=OrganizationFactory(name=f"Chi bộ {name}"),
                                text=f"{name}\nĐoạn hai: {name}")
    client.force_login(secretary)
    with drawn_text(monkeypatch) as drawn:
        response = client.get(reverse("proceedings:book", args=[congress.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert_printed_literally(data, drawn, name.upper(), f"1. {name}", f"Lê Văn {name}",
                             f"Chi bộ {name}", f"Đoạn hai: {name}")
    text = "".join("".join(drawn).split())
    # The table of contents lists the title as typed as well (the heading, then its entry).
    assert text.count("".join(f"1. {name}".split())) >= 2


@pytest.mark.parametrize("kind", KINDS)
def test_the_demo_documents_print_their_titles_as_typed(
        kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = payload(kind, tmp_path, monkeypatch)
    with drawn_text(monkeypatch) as drawn:
        data = demo._pdf(name, f"{name}, nhiệm kỳ 2025 – 2030", ["Đoạn một.<br/>Đoạn hai."])
    assert_printed_literally(data, drawn, name, f"{name}, nhiệm kỳ 2025 – 2030")
    text = "".join(drawn)
    assert "Đoạn một." in text and "<br/>" not in text  # the demo's own markup stays markup
