"""The three-level confidence ballot on device (Quy định 96-QĐ/TW; issue 17): one letter per
person (h/m/l, n for a row left blank), any content valid, counted into (high, medium, low)
per person at the close, the round closed with no one elected. Secrecy of the format:
test_secrecy.py (posted with one length, stored rows of one size)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.congress.models import Delegate
from daihoi.elections.evoting import selectors, services
from daihoi.elections.evoting.models import CastBallot
from daihoi.elections.models import Round

from .conftest import user_of, vote

pytestmark = pytest.mark.django_db


def _levels(h: Sequence[int] = (), m: Sequence[int] = (), low: Sequence[int] = ()) -> dict[str, list[int]]:
    return {"h": list(h), "m": list(m), "l": list(low)}


def test_the_round_keeps_the_confidence_format_whatever_the_seats(
        make_round: Callable[..., Round]) -> None:
    """A round with as many names as seats would print the agree/disagree ballot (190 Điều
    15); a confidence vote keeps its three levels."""
    round_ = make_round(ballot_format="confidence", seats=5)
    assert round_.ballot_format == "confidence" and services.is_open(round_)


def test_the_form_reads_one_level_per_row_and_refuses_another_letter() -> None:
    data = {"line-0": "h", "line-1": "n", "line-2": "l", "line-3": "m"}
    assert services.choices_from_form("confidence", 4, data) == _levels([0], [3], [2])
    assert services.encode_choices("confidence", 4, _levels([0], [3], [2])) == "hnlm"
    for bad in ({**data, "line-1": "a"}, {**data, "line-1": "k"}, {"line-0": "h"}):
        with pytest.raises(services.VoteRefused):
            services.choices_from_form("confidence", 4, bad)


def test_two_levels_for_one_person_are_refused(make_round: Callable[..., Round],
                                               make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round(ballot_format="confidence")
    with pytest.raises(services.BallotInvalid):
        vote(make_delegate(), round_, _levels([0], [0]))
    with pytest.raises(services.BallotInvalid):
        vote(make_delegate(), round_, _levels([7]))
    assert not CastBallot.objects.exists()


def test_close_counts_three_levels_per_person_and_closes_the_round(
        make_round: Callable[..., Round], make_delegate: Callable[..., Delegate],
        counter: Any) -> None:
    """Four ballots over five people. Person 0: high, high, (blank ballot), low → 2/0/1 and
    unmarked once; the blank ballot is returned (4, not 3): RULES.md's shares are of the
    ballots returned."""
    round_ = make_round(ballot_format="confidence")
    for choices in (_levels([0, 1], [2], [3, 4]), _levels([0], [1, 2, 3, 4]), _levels(),
                    _levels([], [1], [0, 2])):
        assert vote(make_delegate(), round_, choices) == services.Outcome.RECORDED
    report = services.evote_close(acting_user=counter, round_=round_)
    assert report.result is None and report.confidence is not None and report.finalized
    ids = [c.pk for c in services.candidates_of(round_)]
    assert report.confidence.returned == 4
    assert [report.confidence.marks[i] for i in ids] == [
        (2, 0, 1), (1, 2, 0), (0, 2, 1), (0, 1, 1), (0, 1, 1)]
    round_.refresh_from_db()
    assert round_.status == Round.Status.CLOSED and round_.ballots_issued == 4
    assert selectors.confidence_result_of(round_) == report.confidence
    # The stored result has counts only: no letters of any ballot, no voter.
    assert set(round_.result) == {"format", "ballots_collected", "levels"}


def test_not_closed_has_no_result(make_round: Callable[..., Round]) -> None:
    assert selectors.confidence_result_of(make_round(ballot_format="confidence")) is None


def test_the_page_shows_three_levels_and_records_a_blank_row(
        make_round: Callable[..., Round], make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round(ballot_format="confidence")
    d = make_delegate()
    client = Client()
    client.force_login(user_of(d))
    url = reverse("evoting:ballot", args=[round_.pk])
    page = client.get(url).content.decode()
    assert 'data-format="confidence"' in page and "Tín nhiệm thấp" in page
    assert page.count('value="n" checked') == 5  # every row starts blank
    token = services.ballot_token(round_, f"delegate:{d.pk}")
    done = client.post(url, {"token": token, "line-0": "h", "line-1": "m", "line-2": "l",
                             "line-3": "n", "line-4": "n"})
    assert str(services.MSG_RECORDED) in done.content.decode()
    assert list(CastBallot.objects.values_list("choices", flat=True)) == ["hmlnn"]
