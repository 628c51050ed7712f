"""Formula injection: a candidate (or an election) named like a formula stays text in the
results workbook and CSV."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from daihoi.core.roles import Role
from daihoi.elections.models import Round
from tests.spreadsheets import INJECTION, cells_containing, csv_cells, formulas


def test_no_formula_in_the_results(counted_round: Round, client_as: Any) -> None:
    round_ = counted_round
    round_.result["candidates"][0]["name"] = INJECTION
    round_.save(update_fields=["result"])
    round_.election.title = "@" + INJECTION[1:]
    round_.election.save(update_fields=["title"])
    client = client_as(Role.COUNTING)
    r = client.get(reverse("elections:results_export", args=[round_.pk, "xlsx"]))
    assert formulas(r.content) == []
    assert "'" + INJECTION in cells_containing(r.content, "HYPERLINK")
    assert "'@" + INJECTION[1:] in cells_containing(r.content, "HYPERLINK")
    r = client.get(reverse("elections:results_export", args=[round_.pk, "csv"]))
    cells = csv_cells(r.content.decode("utf-8-sig"))
    assert "'" + INJECTION in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
