"""Fixtures for the elections tests: an organization, an election with its list, a round
ready for counting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from daihoi.core.roles import Role
from daihoi.elections import selectors, services
from daihoi.elections.models import Election, Round
from daihoi.organizations.models import Organization

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]

# The example of issue 3, counted by the rules (test_rules) and by `daihoi tally` (test_tally_command).
ISSUE_EXAMPLE: dict[str, Any] = {
    "seats": 3, "electorate_convened": 246, "excluded": 2,
    "candidates": ["Lê Thị Thu Hồng", "Nguyễn Văn An", "Trần Văn Bình", "Phạm Minh Châu"],
    "ballot_format": "strike",
    "ballots_issued": 240,
    "ballots": [{"struck": ["Nguyễn Văn An"]},
                {"struck": ["Phạm Minh Châu"], "write_in": ["Hoàng Văn Dũng"]},
                {"unstamped": True, "struck": ["Nguyễn Văn An"]},
                {"identifying_mark": True, "struck": ["Trần Văn Bình"]}],
}

# Worked by hand in test_rules.test_issue_example's docstring.
ISSUE_EXPECTED: dict[str, Any] = {
    "ballots_issued": 240, "ballots_collected": 4, "valid": 1,
    "invalid": {"total": 3, "by_reason": {"unstamped": 1, "too_many_kept": 0, "all_struck": 0,
                                          "write_in": 1, "identifying_mark": 1}},
    "base": 244, "threshold": 123,
    "candidates": [
        {"name": "Lê Thị Thu Hồng", "votes": 1, "percent": 0.41, "above_threshold": False},
        {"name": "Nguyễn Văn An", "votes": 0, "percent": 0.0, "above_threshold": False},
        {"name": "Trần Văn Bình", "votes": 1, "percent": 0.41, "above_threshold": False},
        {"name": "Phạm Minh Châu", "votes": 1, "percent": 0.41, "above_threshold": False},
    ],
    "elected": [], "tie": None, "unfilled": 3, "passed_not_elected": [],
}


def confirm_counting(election: Election, counter: Any) -> None:
    """The counting committee's confirmation before counting (RULES.md, open) as the rule set's
    defaults have it: both open reasons applied, a blank agree/disagree ballot invalid."""
    services.counting_rules_confirm(acting_user=counter, election=election,
                                    open_reasons=["identifying_mark", "write_in"],
                                    blank_approve_ballot="invalid")


def issue_example_with(**changes: Any) -> dict[str, Any]:
    """ISSUE_EXAMPLE with some keys changed; a key given `...` is left out."""
    data = dict(ISSUE_EXAMPLE)
    for key, value in changes.items():
        if value is ...:
            data.pop(key)
        else:
            data[key] = value
    return data


@pytest.fixture
def org(db: None) -> Organization:
    return Organization.objects.create(name="Đảng bộ Khối Cơ quan và Doanh nghiệp tỉnh",
                                       kind=Organization.Kind.COMMITTEE)


@pytest.fixture
def office(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.OFFICE, Role.SECRETARIAT)


@pytest.fixture
def counter(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.COUNTING)


@pytest.fixture
def make_election(org: Organization, office: Any) -> Callable[..., Election]:
    def make(*, seats: int = 3, names: list[str] | None = None, kind: str = "committee",
             ballot_format: str = "strike", decide_surplus: bool = True) -> Election:
        election = services.election_create(
            acting_user=office, organization=org, title="Bầu Ban Chấp hành khóa mới",
            kind=kind, seats=seats, ballot_format=ballot_format, term="2025–2030",
        )
        for name in names or NAMES:
            services.candidate_add(acting_user=office, election=election, full_name=name)
        if decide_surplus and not selectors.surplus_status(election).ok:
            services.decision_record(acting_user=office, election=election, kind="surplus",
                                     text="Đại hội biểu quyết giữ danh sách", decided_by="Đại hội")
        return election

    return make


@pytest.fixture
def counting_round(make_election: Callable[..., Election], office: Any,
                   counter: Any) -> Callable[..., Round]:
    def make(*, convened: int = 10, issued: int = 10, double_entry: bool = False,
             groups: int = 1, sheet_groups: int = 0, **kwargs: Any) -> Round:
        election = make_election(**kwargs)
        round_ = services.round_create_first(acting_user=office, election=election)
        services.round_setup(acting_user=counter, round_=round_, electorate_convened=convened,
                             excluded=0, ballots_issued=issued, electorate_present=convened,
                             double_entry=double_entry)
        confirm_counting(election, counter)
        services.round_start_counting(acting_user=counter, round_=round_, groups=groups,
                                      sheet_groups=sheet_groups)
        return round_

    return make


@pytest.fixture
def counted_round(counting_round: Callable[..., Round], counter: Any) -> Round:
    """A round of 4 ballots entered and finalized: An 4, Bình 4, Cường 3 (elected; base 4,
    threshold 3), Dung 1."""
    round_ = counting_round(convened=4, issued=4)
    group = round_.groups.get()
    for marks in ("4 5", "4 5", "4 5", "3 5"):
        services.ballot_enter(acting_user=counter, group=group, marks=marks)
    services.round_finalize(acting_user=counter, round_=round_)
    round_.refresh_from_db()
    return round_


@pytest.fixture
def role_groups() -> None:
    """The role groups come from a data migration; a transactional test run before this one
    flushed them (pytest-django runs transactional tests last, one after another)."""
    from django.contrib.auth.models import Group

    from daihoi.core.roles import Role

    for role in Role:
        Group.objects.get_or_create(name=str(role))
