"""`daihoi tally`'s input is typed by hand: whatever JSON it is, `counting.tally` answers a
result or RulesError (one line), never another exception (issue 15: a 5,000-digit integer
raised a traceback)."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.rules import counting
from daihoi.rules.errors import RulesError

EXAMPLE: dict[str, Any] = {
    "seats": 3, "electorate_convened": 246, "excluded": 2,
    "candidates": ["Lê Thị Thu Hồng", "Nguyễn Văn An", "Trần Văn Bình", "Phạm Minh Châu"],
    "ballot_format": "strike", "ballots_issued": 240,
    "ballots": [{"struck": ["Nguyễn Văn An"]}, {"unstamped": True, "struck": ["Nguyễn Văn An"]},
                {"identifying_mark": True, "struck": ["Trần Văn Bình"]}],
}
TOTALS: dict[str, Any] = {
    **{k: v for k, v in EXAMPLE.items() if k != "ballots"},
    "totals": {"ballots_collected": 3, "invalid_by_reason": {"unstamped": 1},
               "votes": {"Lê Thị Thu Hồng": 2, "Nguyễn Văn An": 1, "Trần Văn Bình": 2,
                         "Phạm Minh Châu": 1}},
}
# Drawn as a marker, made a 5,000-digit integer in the test: hypothesis's own reports
# cannot print one (Python's int-to-str limit).
HUGE = "<a 5,000-digit integer>"
KEYS = sorted(counting._CONTEST_KEYS | counting._BALLOT_KEYS | counting._TOTALS_KEYS
              | {"Nguyễn Văn An", "unstamped", "too_many_kept"})

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.just(HUGE),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20), st.sampled_from(KEYS),
    st.just("1" * 5000), st.sampled_from(["strike", "approve", "-1", "1e999", "NaN"]),
)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=5)
    | st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=5),
    max_leaves=30)


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += paths(v, (*prefix, i))
    return out


def huge(data: Any) -> Any:
    if data == HUGE:
        return 10**5000 - 1
    if isinstance(data, dict):
        return {k: huge(v) for k, v in data.items()}
    if isinstance(data, list):
        return [huge(v) for v in data]
    return data


def tally_or_error(data: Any) -> None:
    data = huge(data)
    try:
        result = counting.tally(data)
    except RulesError as exc:
        message = str(exc)
        assert message and "Traceback" not in message
        return
    assert result.valid + result.invalid == result.ballots_collected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_any_json_value_is_a_result_or_a_rules_error(data: Any) -> None:
    tally_or_error(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([EXAMPLE, TOTALS]), st.data())
def test_a_real_input_with_one_value_replaced_is_a_result_or_a_rules_error(
        base: dict[str, Any], data: st.DataObject) -> None:
    changed = copy.deepcopy(base)
    path = data.draw(st.sampled_from(paths(changed)[1:]))
    target = changed
    for step in path[:-1]:
        target = target[step]
    if data.draw(st.booleans()) and isinstance(target, dict):
        del target[path[-1]]
    else:
        target[path[-1]] = data.draw(json_values)
    tally_or_error(changed)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parsed_as_json_is_a_result_or_a_rules_error(text: str) -> None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return
    tally_or_error(data)


def test_the_probes_5000_digit_integer() -> None:
    for key in ("seats", "electorate_convened", "excluded", "ballots_issued"):
        tally_or_error({**EXAMPLE, key: 10**5000 - 1})
    tally_or_error({**TOTALS, "totals": {**TOTALS["totals"], "ballots_collected": 10**5000 - 1}})
