"""Two machines of the same counting group saving at the same instant lose no ballot and
give no two ballots the same place in the stack (PostgreSQL: the group row is locked)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from daihoi.elections import services
from daihoi.elections.models import PaperBallot


@pytest.mark.django_db(transaction=True)
def test_concurrent_entry_in_one_group(role_groups: None, counting_round: Any,
                                       counter: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serializes writers itself")
    round_ = counting_round(convened=100, issued=100)
    group = round_.groups.get()
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(10):
                services.ballot_enter(acting_user=counter, group=group.pk, marks="4 5")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    positions = sorted(PaperBallot.objects.filter(group=group).values_list("position", flat=True))
    assert positions == list(range(1, 31))
    group.refresh_from_db()
    assert group.entered_1 == 30
