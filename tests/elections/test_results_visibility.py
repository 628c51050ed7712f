"""Results before publication are for the counting committee and the secretariat only, on
every page that shows part of one (issue 15, "Permissions"): the elected and their votes on
the election page, the further-round proposal, the results page, its PDF and exports, the
e-voting results. `access.can_see_results` is the one rule; each page is asked per role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from daihoi.core.roles import Role
from daihoi.elections import services
from daihoi.elections.models import Election, Mandate, Round

pytestmark = pytest.mark.django_db

# Who sees a closed round's result before the secretariat publishes it.
SEES_UNPUBLISHED = {Role.SECRETARIAT: True, Role.COUNTING: True,
                    Role.OFFICE: False, Role.LEADER: False, Role.DELEGATE: False}
ROLES = list(SEES_UNPUBLISHED)
# The election and round pages are for the roles that run or read elections.
READ_ROLES = {Role.OFFICE, Role.SECRETARIAT, Role.COUNTING, Role.LEADER}


def _publish(round_: Round, make_user: Callable[..., Any]) -> None:
    services.round_publish(acting_user=make_user(Role.SECRETARIAT), round_=round_, published=True)
    round_.refresh_from_db()


@pytest.mark.parametrize("published", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_election_page_shows_the_elected_only_to_those_who_may_see(
        counted_round: Round, client_as: Any, make_user: Any, role: Role, published: bool) -> None:
    """counted_round elects An, Bình (4 votes) and Cường (3): the page's "Trúng cử" table
    lists them with their votes; before publication only for the counting committee and the
    secretariat, and the link to the results only for them."""
    round_ = counted_round
    assert round_.mandates.count() == 3
    if published:
        _publish(round_, make_user)
    response = client_as(role).get(reverse("elections:detail", args=[round_.election_id]))
    if role not in READ_ROLES:
        assert response.status_code == 403
        return
    html = response.content.decode()
    sees = published or SEES_UNPUBLISHED[role]
    assert ('id="mandates"' in html) is sees
    assert (reverse("elections:results", args=[round_.pk]) in html) is sees


@pytest.mark.parametrize("published", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_results_page_pdf_and_exports(counted_round: Round, client_as: Any, make_user: Any,
                                      role: Role, published: bool) -> None:
    round_ = counted_round
    if published:
        _publish(round_, make_user)
    client = client_as(role)
    status = 200 if published or SEES_UNPUBLISHED[role] else 403
    urls = [reverse("elections:results", args=[round_.pk]),
            reverse("elections:minutes_pdf", args=[round_.pk]),
            reverse("elections:results_export", args=[round_.pk, "csv"]),
            reverse("elections:results_export", args=[round_.pk, "xlsx"])]
    for url in urls:
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize("published", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_evoting_results(counted_round: Round, client_as: Any, make_user: Any,
                         role: Role, published: bool) -> None:
    round_ = counted_round
    if published:
        _publish(round_, make_user)
    response = client_as(role).get(reverse("evoting:results", args=[round_.pk]))
    sees = published or SEES_UNPUBLISHED[role]
    assert response.status_code == (200 if sees else 403)
    assert ("Nguyễn Văn An" in response.content.decode()) is sees


@pytest.fixture
def unfilled_round(counting_round: Callable[..., Round], counter: Any) -> Round:
    """One seat, two names, two ballots one each: base 2, threshold 2, nobody elected; the
    system proposes a further round (190-QĐ/TW Điều 18), which is part of the result."""
    round_ = counting_round(convened=2, issued=2, seats=1, names=["Nguyễn Văn An", "Trần Thị Bình"])
    group = round_.groups.get()
    services.ballot_enter(acting_user=counter, group=group, marks="2")
    services.ballot_enter(acting_user=counter, group=group, marks="1")
    services.round_finalize(acting_user=counter, round_=round_)
    round_.refresh_from_db()
    assert round_.result["unfilled"] == 1
    return round_


@pytest.mark.parametrize("role", ROLES)
def test_further_round_proposal_is_a_result(unfilled_round: Round, client_as: Any,
                                            role: Role) -> None:
    """The round page prints the proposal ("Còn thiếu 1 người") and the next-round page lists
    those not elected: before publication, only for those who may see the result (the next
    round is the presidium's, so the secretariat's, decision: the counting committee, which
    may not record it, gets 403 there as before)."""
    client = client_as(role)
    response = client.get(reverse("elections:round", args=[unfilled_round.pk]))
    if role not in READ_ROLES:
        assert response.status_code == 403
        return
    assert ('id="proposal"' in response.content.decode()) is SEES_UNPUBLISHED[role]
    next_page = client.get(reverse("elections:round_next", args=[unfilled_round.pk]))
    assert next_page.status_code == (200 if role == Role.SECRETARIAT else 403)


def test_office_may_record_the_next_round_once_published(unfilled_round: Round, client_as: Any,
                                                         make_user: Any) -> None:
    client = client_as(Role.OFFICE)
    assert client.get(reverse("elections:round_next", args=[unfilled_round.pk])).status_code == 403
    _publish(unfilled_round, make_user)
    assert client.get(reverse("elections:round_next", args=[unfilled_round.pk])).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_visible_mandates_follows_can_see_results(counted_round: Round, make_user: Any,
                                                  role: Role) -> None:
    from daihoi.elections.access import visible_mandates

    user = make_user(role)
    mandates = Mandate.objects.filter(election=counted_round.election)
    assert visible_mandates(user, mandates).count() == (3 if SEES_UNPUBLISHED[role] else 0)
    _publish(counted_round, make_user)
    assert visible_mandates(user, mandates).count() == 3
    assert visible_mandates(None, mandates).count() == 0


@pytest.fixture
def counted_delegation(counting_round: Callable[..., Round], counter: Any) -> Round:
    """A delegation election counted like counted_round: An, Bình, Cường elected, closed."""
    round_ = counting_round(convened=4, issued=4, kind="delegation")
    group = round_.groups.get()
    for marks in ("4 5", "4 5", "4 5", "3 5"):
        services.ballot_enter(acting_user=counter, group=group, marks=marks)
    services.round_finalize(acting_user=counter, round_=round_)
    round_.refresh_from_db()
    round_.election.refresh_from_db()
    assert round_.election.status == "closed"
    return round_


@pytest.mark.parametrize("published", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_alternates_list_is_a_result(counted_delegation: Round, client_as: Any, make_user: Any,
                                     role: Role, published: bool) -> None:
    """The alternates' list is the delegation's candidates less its elected (190-QĐ/TW
    Điều 18): before publication the office may neither open the form nor see its button;
    the secretariat (the presidium's) may. Leader, counting and delegates never manage."""
    round_ = counted_delegation
    if published:
        _publish(round_, make_user)
    client = client_as(role)
    url = reverse("elections:alternates_create", args=[round_.election_id])
    manages = role in {Role.OFFICE, Role.SECRETARIAT}
    sees = published or SEES_UNPUBLISHED[role]
    assert client.get(url).status_code == (200 if manages and sees else 403)
    answer = client.post(url, {"seats": 1})
    assert answer.status_code == (302 if manages and sees else 403)
    detail = client.get(reverse("elections:detail", args=[round_.election_id]))
    if role in READ_ROLES:
        html = detail.content.decode()
        # Once created, the button gives way to the alternates election's link. (The page's
        # list of rules names the alternates too, so the test looks for the links.)
        alternates = Election.objects.filter(follows_id=round_.election_id).first()
        shown = url in html or (alternates is not None
                                and reverse("elections:detail", args=[alternates.pk]) in html)
        assert shown is (manages and sees)


@pytest.mark.parametrize("published", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_first_session_roll_is_a_result(counted_round: Round, client_as: Any, make_user: Any,
                                        role: Role, published: bool) -> None:
    """The committee's first session: its roll (who is present, of the committee elected) is
    the elected, shown and recorded on the committee election's page only to those who may
    see the result."""
    round_ = counted_round
    if published:
        _publish(round_, make_user)
    client = client_as(role)
    sees = published or SEES_UNPUBLISHED[role]
    page = client.get(reverse("elections:detail", args=[round_.election_id]))
    if role in READ_ROLES:
        html = page.content.decode()
        assert ('id="first-session-count"' in html) is sees
        assert ("Lê Văn Cường" in html.split('id="candidate-list"')[1].split("</table>", 1)[1]) is sees
    mandate = round_.mandates.order_by("order").first()
    assert mandate is not None
    answer = client.post(reverse("elections:first_session", args=[round_.election_id]),
                         {"present": [mandate.pk]})
    may_record = role in {Role.OFFICE, Role.SECRETARIAT} and sees
    assert answer.status_code == (302 if may_record else 403)
