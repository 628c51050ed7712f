"""The review screen by keyboard alone (issue 20 item 6): the first doubtful ballot opens
with its lines highlighted and the crop of the doubtful line; the committee member types
the lines, toggles a fault with its letter, and Enter records and moves on."""

from __future__ import annotations

from typing import Any

import pytest

from daihoi.core.permissions import has_role
from daihoi.core.roles import Role
from daihoi.elections.scanning import services
from daihoi.elections.scanning.models import ScannedBallot
from daihoi.elections.scanning.reader import load_bytes
from daihoi.elections.scanning.tasks import read_pages
from tests.conftest import screenshot
from tests.elections.scanning.test_app import deck_of, scan_pdf


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_review_by_keyboard(role_groups: None, login_page: Any, counting_round: Any,
                            counter: Any) -> None:
    round_ = counting_round(convened=6, issued=6)
    deck = deck_of(round_)
    names = [r.name for r in deck.layout.rows]
    data = scan_pdf([deck.make({names[3]: "straight"}).image,
                     deck.make({names[2]: "family", names[4]: "straight"}).image,
                     deck.make({names[0]: "straight"}, stamp=False).image])
    group = round_.groups.get()
    batch = services.batch_create(acting_user=counter, group=group, filename="hom1.pdf")
    services.batch_store(acting_user=counter, batch=batch,
                         readings=read_pages(batch, load_bytes(data, name="hom1.pdf")))
    first, second = ScannedBallot.objects.filter(batch=batch, status="doubtful").order_by("position")

    page = login_page(Role.COUNTING)
    page.goto(f"/scanning/batch/{batch.pk}/review/")
    page.locator("#id_marks").wait_for()
    assert page.evaluate("document.activeElement.id") == "id_marks"
    # The doubtful line is highlighted on the sheet and shown cropped beside it.
    assert page.locator(".scan-row.scan-doubtful").count() == 1
    assert page.locator(".scan-crop").count() == 1
    assert page.input_value("#id_marks").split() == ["5"]
    screenshot(page, "scanning_review")
    page.keyboard.type(" 3")
    page.keyboard.press("w")  # a letter toggles its fault, it is not typed
    assert page.input_value("#id_marks").split() == ["5", "3"]
    assert page.is_checked("#id_write_in")
    assert page.is_checked('input.scan-line[value="3"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/review/?ballot={second.pk}")
    # The unstamped ballot: flagged by the machine, the box is ticked already.
    assert page.is_checked("#id_unstamped")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/scanning/batch/{batch.pk}/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.decision == {"marks": [3, 5], "unstamped": False, "identifying_mark": False,
                              "write_in": True, "not_ballot": False}
    assert second.decision is not None and second.decision["unstamped"] is True
    assert first.decided_by is not None and has_role(first.decided_by, Role.COUNTING)
