"""Where the discipline records feed the cap (Quy định 124 Điều 12).

The appraisal keeps a `disciplined` field the office ticks. Discipline records live in another
part (meetings: inspection and discipline); that part registers a source here in its
`AppConfig.ready()`, and the appraisal then counts a member as disciplined in a year when the
field is ticked **or** a source says so:

    from daihoi.appraisal.hooks import register_discipline_source
    register_discipline_source(lambda member_ids, year: {...ids disciplined in year...})

A source returns the ids of the given members disciplined during `year`. The appraisal
imports no such part (the dependency points from it to us)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

DisciplineSource = Callable[[list[int], int], Iterable[int]]

_sources: list[DisciplineSource] = []


def register_discipline_source(source: DisciplineSource) -> None:
    if source not in _sources:
        _sources.append(source)


def unregister_discipline_source(source: DisciplineSource) -> None:
    if source in _sources:
        _sources.remove(source)


def disciplined_in_year(member_ids: list[int], year: int) -> dict[int, bool]:
    """{member id: True} for each member a registered source names."""
    found: dict[int, bool] = {}
    for source in _sources:
        for pk in source(member_ids, year):
            found[int(pk)] = True
    return found
