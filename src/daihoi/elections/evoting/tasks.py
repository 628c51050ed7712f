"""E-voting's work in the worker: the encrypted ballots added into the round's running sum
during the vote (ceremony.ballots_sum), so the close does not wait for the whole sum."""

from __future__ import annotations

from django_tasks import task


@task()
def ballots_sum(round_id: int) -> int:
    from daihoi.elections.evoting import ceremony

    return ceremony.ballots_sum(round_id, at_least=ceremony.SUM_EVERY)
