"""The layers of every app under src/daihoi, read from the syntax tree (tests/layers.py):
selectors never import services, views give the request's parameters to forms instead
of reading them one by one, and each public service of the apps already brought into
shape is one durable transaction with its permission check, calling no other public
service."""

from __future__ import annotations

import ast

import pytest

from tests.layers import (
    SRC,
    called_names,
    durable_blocks,
    hand_parsed_params,
    module_name,
    public_functions,
    selectors_on_services,
    view_modules,
)

# Views that still read parameters by hand: none (each app's views parse with forms).
# Nothing may join it.
KNOWN_HAND_PARSED_VIEWS: set[str] = set()

# The services modules brought into shape, with their public functions that are not
# services (they change nothing).
SERVICE_MODULES: dict[str, frozenset[str]] = {
    "congress/services.py": frozenset({"validate_upload"}),
    "congress/proceedings/services.py": frozenset({"validate_upload"}),
    "organizations/services.py": frozenset(),
    "core/services.py": frozenset({"temporary_password"}),
    "elections/services.py": frozenset(),
    "meetings/services.py": frozenset(),
    "portal/services.py": frozenset(),
    "extraction/services.py": frozenset(),
    "appraisal/services.py": frozenset(),
    "targets/services.py": frozenset(),
    # E-voting keeps its reads and its ballot machinery (token, mixing, storage scrub)
    # beside its services, where the secrecy argument of its module text reads them together.
    "elections/evoting/services.py": frozenset({
        "validate_upload", "voter_for", "is_open", "has_voted", "ballot_token", "candidates_of",
        "contest_for", "choices_from_form", "encode_choices", "ballot_of", "check_ballot", "ballots_mix",
        "ballots_mix_if_due", "scrub_storage", "tally", "require_results_visible", "keys_of",
        "check_confidence_ballot", "confidence_tally"}),
    # The committee's key and the count: its reads (the records, the manifest, whether the
    # round is ready or awaits decryption) sit beside the ceremony's steps they check, and
    # the worker's running sum of the encrypted ballots (machinery, as the mix), and the
    # confidence result's storing, a step inside either scheme's close transaction.
    "elections/evoting/ceremony.py": frozenset({
        "base_hash_of", "record_of", "records", "trustee_candidates", "default_threshold",
        "manifest_of", "shares_to", "is_ready", "require_ready", "manifest_changed",
        "awaiting_decryption", "decryption_shares", "trustees_of", "ballots_sum",
        "store_confidence", "key_refused"}),
}
# E-voting has its services (open, vote, challenge, close) and the ceremony its steps (start,
# publish, shares, confirm, decrypt); the others have many.
AT_LEAST = {"elections/evoting/services.py": 3, "extraction/services.py": 4, "targets/services.py": 3,
            "elections/evoting/ceremony.py": 5}
# How a service checks who may act: a role, the congress's access rules, or who the user
# is in the congress (a delegate casting their own vote, asking to speak), the counting
# committee of the election, or the voter an electorate recognizes.
CHECKS = {"require_role", "require_run", "require_view", "require_preside", "can_review_credentials",
          "voting_delegate", "delegate_for_user", "require_counting", "voter_for", "require_login",
          "_require_public",  # a reader of the portal acts on a published article only
          "require_enter"}


def test_no_selectors_module_imports_a_services_module() -> None:
    assert selectors_on_services() == set()


def test_no_view_reads_a_parameter_by_hand() -> None:
    offenders = {module_name(p): hand_parsed_params(p.read_text(encoding="utf-8"))
                 for p in view_modules()}
    offenders = {name: lines for name, lines in offenders.items() if lines}
    assert set(offenders) - KNOWN_HAND_PARSED_VIEWS == set(), offenders


def test_the_view_check_sees_each_way_of_reading_by_hand() -> None:
    source = ("def v(request):\n"
              "    a = request.GET.get('q', '')\n"
              "    b = request.POST['position']\n"
              "    c = request.POST.getlist('candidate')\n"
              "    d = self.request.GET.get('page')\n"
              "    form = Form(request.POST or None, initial=request.GET)\n"
              "    params = request.GET.copy()\n")
    assert hand_parsed_params(source) == [2, 3, 4, 5]


def test_every_app_has_its_views_walked() -> None:
    walked = {module_name(p).split(".")[1] for p in view_modules()}
    assert {"core", "organizations", "congress", "elections"} <= walked


@pytest.mark.parametrize("relative", sorted(SERVICE_MODULES))
def test_each_public_service_is_one_durable_transaction(relative: str) -> None:
    services = public_functions(SRC / relative, not_services=SERVICE_MODULES[relative])
    assert len(services) >= AT_LEAST.get(relative, 5)  # the walker finds them
    for fn in services:
        count, others = durable_blocks(fn)
        assert count == 1, fn.name
        assert others == [], f"{fn.name}: a second decorator"


@pytest.mark.parametrize("relative", sorted(SERVICE_MODULES))
def test_each_public_service_checks_who_acts(relative: str) -> None:
    for fn in public_functions(SRC / relative, not_services=SERVICE_MODULES[relative]):
        assert called_names(fn) & CHECKS, fn.name


def test_no_public_service_calls_another() -> None:
    public = {fn.name for relative, skip in SERVICE_MODULES.items()
              for fn in public_functions(SRC / relative, not_services=skip)}
    for relative, skip in SERVICE_MODULES.items():
        for fn in public_functions(SRC / relative, not_services=skip):
            assert called_names(fn) & public - {fn.name} == set(), f"{relative}: {fn.name}"


def test_the_shape_walker_sees_a_service_calling_a_service() -> None:
    source = ("@transaction.atomic(durable=True)\ndef a_do(*, acting_user):\n"
              "    require_role(acting_user)\n    return b_do(acting_user=acting_user)\n"
              "@transaction.atomic\ndef c_do():\n    pass\n")
    first, second = ast.parse(source).body
    assert isinstance(first, ast.FunctionDef) and isinstance(second, ast.FunctionDef)
    assert durable_blocks(first) == (1, [])
    assert {"require_role", "b_do"} <= called_names(first)
    count, others = durable_blocks(second)
    assert count == 0 and len(others) == 1
