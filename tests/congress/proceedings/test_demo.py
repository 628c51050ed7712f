"""The demo builder of the hall runs on a congress in session and is idempotent."""

from __future__ import annotations

from typing import Any

from daihoi.congress.proceedings import demo, selectors
from daihoi.congress.proceedings.models import AgendaItem, Contribution
from daihoi.targets.models import Target


def test_demo_builds_the_hall(hall: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    messages: list[str] = []
    demo.build(seed=2025, log=messages.append)
    assert AgendaItem.objects.filter(congress=hall.congress).count() == len(demo.PROGRAMME)
    screen = selectors.screen(hall.congress)
    assert screen.hall is not None and screen.hall.current_item.title == demo.CURRENT
    assert screen.speech is not None and screen.speech_ends_at is not None
    assert selectors.committee_size(hall.congress) == 28
    assert all(v.adopted and v.base == 10 and v.present == 8 for v in selectors.votes_taken(hall.congress))
    forms = sorted(Target.objects.values_list("metric", "comparison", "value", "period"))
    assert ("admitted", ">=", 750, "term") in [(m, c, int(v), p) for m, c, v, p in forms]
    assert Contribution.objects.count() == 8
    demo.build(seed=2025, log=messages.append)  # a second run changes nothing
    assert AgendaItem.objects.filter(congress=hall.congress).count() == len(demo.PROGRAMME)


def test_demo_publishes_the_book_inside_its_own_transaction(hall: Any, settings: Any, tmp_path: Any,
                                                           make_user: Any) -> None:
    """The builder is one transaction; publishing the book through the durable service would
    refuse to nest in it, so the builder uses the service's helper (one version, audited)."""
    from daihoi.congress.proceedings.models import Document
    from daihoi.core.models import AuditLog
    from daihoi.core.roles import Role

    settings.MEDIA_ROOT = tmp_path
    make_user(Role.SECRETARIAT, username="thuky")
    messages: list[str] = []
    demo.build(seed=2025, log=messages.append)
    book = Document.objects.get(congress=hall.congress, kind=Document.Kind.CONTRIBUTIONS)
    version = book.versions.get()
    assert version.file.read(5) == b"%PDF-"
    assert AuditLog.objects.filter(object_id=str(version.pk), action=AuditLog.Action.CREATE,
                                   content_type__model="documentversion").exists()
