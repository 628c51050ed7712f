"""The congress's query-string and small-post forms: what each view reads from a request."""

from __future__ import annotations

from django.http import QueryDict

from daihoi.congress import forms


def test_delegate_filters_become_the_search_arguments() -> None:
    form = forms.DelegateFilterForm(QueryDict("q=nguyen van&kind=official&represents=12&checked_in=yes"
                                              "&member_q=Trần&page=3"))
    assert form.search() == {"q": "nguyen van", "kind": "official", "origin": "", "represents_id": 12,
                             "checked_in": "yes", "credentials": ""}
    assert form.member_query == "Trần"
    # Only the form's own fields are carried in the page's links (not `page`).
    assert form.echo() == {"q": "nguyen van", "kind": "official", "represents": "12", "checked_in": "yes",
                           "member_q": "Trần"}
    assert forms.DelegateFilterForm(QueryDict("represents=abc")).search()["represents_id"] is None


def test_the_door_reads_an_id_or_a_code() -> None:
    by_id = forms.DoorForm(QueryDict("delegate=42&action=out"))
    assert (by_id.delegate_id, by_id.checkin_code, by_id.leaving) == (42, "", True)
    by_code = forms.DoorForm(QueryDict("delegate=&code=%20QR-ABC%20"))
    assert (by_code.delegate_id, by_code.checkin_code, by_code.leaving) == (None, "QR-ABC", False)


def test_small_posts() -> None:
    assert forms.AbsentForm(QueryDict("absent=1")).absent_value is True
    assert forms.AbsentForm(QueryDict("absent=0")).absent_value is False
    assert forms.NextForm(QueryDict("next=checkin")).target() == "checkin"
    assert forms.NextForm(QueryDict("")).target() == ""
    assert forms.CongressFilterForm(QueryDict("organization=7")).organization_id == 7
    assert forms.CongressFilterForm(QueryDict("organization=all")).organization_id is None
    assert forms.BadgesForm(QueryDict("kind=alternate")).is_valid()
    assert not forms.BadgesForm(QueryDict("kind=guest")).is_valid()
