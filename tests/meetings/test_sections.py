"""The matcher of sections (pure): properties over random drafts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.meetings import sections as s

word = st.text(alphabet="abcdeghiklmnopqrstuvxyđơư", min_size=1, max_size=6)
section = st.builds(lambda h, t: s.Section(" ".join(h), " ".join(t)),
                    st.lists(word, min_size=1, max_size=4), st.lists(word, min_size=0, max_size=30))
unit = st.floats(0, 1)


@given(st.lists(section, max_size=8), st.lists(section, max_size=8))
@settings(max_examples=60, deadline=None)
def test_match_is_the_best_score_for_each_old_section(old, new) -> None:
    """Branch and bound finds what scoring every pair finds."""
    for m in s.match(old, new):
        scores = [s.score(old[m.old], n) for n in new]
        best = max(scores, default=0.0)
        if m.new is None:
            assert best < s.UNSURE or not new
        else:
            assert abs(scores[m.new] - best) < 1e-9
            assert m.certain == (scores[m.new] >= s.SURE)


@given(st.lists(section, max_size=8, unique_by=lambda x: x.text), st.randoms())
@settings(max_examples=40, deadline=None)
def test_a_reordered_draft_maps_each_section_to_itself(old, rnd) -> None:
    new = list(old)
    rnd.shuffle(new)
    for m in s.match(old, new):
        if old[m.old].text:
            assert m.new is not None and new[m.new] == old[m.old] and m.certain


@given(unit, unit, unit, unit, unit, unit)
def test_combine_never_decreases(h, t, c, dh, dt, dc) -> None:
    assert s.combine(min(1, h + dh), min(1, t + dt), min(1, c + dc)) >= s.combine(h, t, c) - 1e-12
