"""The shape of the services of the congress (congress/services.py, proceedings/services.py)
and of the elections (elections/services.py, evoting/services.py):
each public service is one durable transaction with its permission check, and no public
service calls another (what they share is a private helper), read from the syntax tree;
and the durable transaction really refuses to nest."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from daihoi.congress import services as congress_services
from daihoi.congress.proceedings import services as proceedings_services
from daihoi.elections import services as election_services
from daihoi.elections.evoting import services as evoting_services

MODULES = [Path(congress_services.__file__), Path(proceedings_services.__file__),
           Path(election_services.__file__), Path(evoting_services.__file__)]
# Public functions of these modules that are not services (they change nothing). E-voting
# keeps its reads and its ballot machinery (token, mixing, storage scrub) beside the three
# services, where the secrecy argument of its module text reads them together.
NOT_SERVICES = {"validate_upload", "voter_for", "is_open", "has_voted", "ballot_token",
                "candidates_of", "contest_for", "choices_from_form", "ballot_of", "check_ballot",
                "ballots_mix", "ballots_mix_if_due", "scrub_storage", "tally",
                "require_results_visible"}
# How a service checks who may act: a role, the congress's access rules, or who the
# user is in the congress (a delegate casting their own vote, asking to speak), the
# counting committee of the election, or the voter an electorate recognizes.
CHECKS = {"require_role", "require_run", "require_view", "require_preside", "can_review_credentials",
          "voting_delegate", "delegate_for_user", "require_counting", "voter_for"}
# At least this many services in each module (the walker finds them).
AT_LEAST = {"congress": 10, "proceedings": 10, "elections": 20, "evoting": 3}


def _is_durable_atomic(node: ast.expr) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "atomic"
            and any(k.arg == "durable" and isinstance(k.value, ast.Constant) and k.value.value is True
                    for k in node.keywords))


def _services(path: Path) -> list[ast.FunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in tree.body if isinstance(node, ast.FunctionDef)
            and not node.name.startswith("_") and node.name not in NOT_SERVICES]


def _called_names(fn: ast.FunctionDef) -> set[str]:
    names = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                names.add(node.func.id)
            elif isinstance(node.func, ast.Attribute):
                names.add(node.func.attr)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.parent.name)
def test_each_public_service_is_one_durable_transaction(path: Path) -> None:
    services = _services(path)
    assert len(services) >= AT_LEAST[path.parent.name]
    for fn in services:
        decorated = [d for d in fn.decorator_list if _is_durable_atomic(d)]
        in_body = [n for n in ast.walk(fn) if isinstance(n, ast.With)
                   and any(_is_durable_atomic(item.context_expr) for item in n.items)]
        assert len(decorated) + len(in_body) == 1, fn.name
        plain = [d for d in fn.decorator_list if not _is_durable_atomic(d)]
        assert plain == [], f"{fn.name}: a second decorator"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.parent.name)
def test_each_public_service_checks_who_acts(path: Path) -> None:
    for fn in _services(path):
        assert _called_names(fn) & CHECKS, fn.name


def test_no_public_service_calls_another() -> None:
    public = {fn.name for path in MODULES for fn in _services(path)}
    for path in MODULES:
        for fn in _services(path):
            assert _called_names(fn) & public - {fn.name} == set(), fn.name


def test_the_walker_sees_a_service_calling_a_service() -> None:
    source = ("@transaction.atomic(durable=True)\ndef a_do(*, acting_user):\n"
              "    require_role(acting_user)\n    return b_do(acting_user=acting_user)\n")
    fn = ast.parse(source).body[0]
    assert isinstance(fn, ast.FunctionDef)
    assert _is_durable_atomic(fn.decorator_list[0])
    assert {"require_role", "b_do"} <= _called_names(fn)
    assert not _is_durable_atomic(ast.parse("transaction.atomic()").body[0].value)  # type: ignore[attr-defined]


def test_a_service_refuses_to_run_inside_another_transaction(congress: Any, make_user: Any) -> None:
    """durable=True: a caller cannot fold a service into a larger transaction of its own
    (it would run under the caller's, not its own, commit). pytest-django's transaction
    around each test is Django TestCase's, which durable blocks are allowed inside."""
    from daihoi.core.roles import Role

    secretary = make_user(Role.SECRETARIAT)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        proceedings_services.agenda_item_create(acting_user=secretary, congress=congress, title="X")
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        congress_services.guest_create(acting_user=secretary, congress=congress, full_name="Khách")
    item = proceedings_services.agenda_item_create(acting_user=secretary, congress=congress, title="Y")
    assert item.pk is not None


def test_an_election_service_refuses_to_run_inside_another_transaction(make_user: Any) -> None:
    """The same for the elections: a caller cannot fold two of them into one transaction
    (round_start_counting once called group_create, each with its own check and audit)."""
    from daihoi.core.roles import Role
    from daihoi.organizations.models import Organization

    office = make_user(Role.OFFICE)
    org = Organization.objects.create(name="Đảng bộ", kind=Organization.Kind.COMMITTEE)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        election_services.election_create(acting_user=office, organization=org, title="Bầu",
                                          kind="committee", seats=3)
    assert election_services.election_create(acting_user=office, organization=org, title="Bầu",
                                             kind="committee", seats=3).pk is not None
