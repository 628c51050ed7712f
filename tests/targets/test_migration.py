"""The targets moved out of congress.proceedings: migration targets 0002 copies each row with
its congress (the resolution's) and its id, proceedings 0004 drops the old table; backwards
the rows go back to the resolution."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("proceedings", "0003_vote_number"), ("targets", "0001_initial")]
AFTER = [("proceedings", "0004_appraisal_remove_target"), ("targets", "0002_move_targets_from_proceedings")]


@pytest.mark.django_db(transaction=True)
def test_the_rows_move() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Org = old.get_model("organizations", "Organization")
    Congress = old.get_model("congress", "Congress")
    Resolution = old.get_model("proceedings", "Resolution")
    OldTarget = old.get_model("proceedings", "Target")
    root = Org.objects.create(name="Đảng bộ Khối", kind="committee")
    congress = Congress.objects.create(organization=root, ordinal=17, term_start=2020, term_end=2025,
                                       starts_on=dt.date(2020, 8, 20), ends_on=dt.date(2020, 8, 21))
    resolution = Resolution.objects.create(congress=congress, title="Nghị quyết")
    OldTarget.objects.create(id=41, resolution=resolution, number=1, text="trên 90% đảng viên",
                             metric="share_good_or_better", comparison=">", value=90, unit="%", period="year")
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    moved = new.get_model("targets", "Target").objects.get()
    assert (moved.id, moved.congress_id, moved.comparison) == (41, congress.id, ">")
    assert moved.text == "trên 90% đảng viên"
    # and back
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    back = MigrationExecutor(connection).loader.project_state(BEFORE).apps.get_model("proceedings", "Target")
    assert back.objects.get().resolution_id == resolution.id
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    from daihoi.targets.models import Target

    assert Target.objects.get().congress_id == congress.id
