"""The hall's forms: the pages' field names, their leniency (what a page may leave empty or
unreadable gets the default), and choices of records limited to the page's congress."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import QueryDict

from daihoi.congress.models import Body
from daihoi.congress.proceedings import forms
from daihoi.congress.proceedings.models import AgendaItem, Vote


def post(**data: Any) -> QueryDict:
    q = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            q.setlist(key, value)
        else:
            q[key] = value
    return q


def test_agenda_item_defaults_for_what_is_empty_or_unreadable(hall: Any) -> None:
    form = forms.AgendaItemForm(post(title="Khai mạc", planned_start="7h30", duration_minutes="mười",
                                     session="x"), congress=hall.congress)
    assert form.is_valid()
    assert form.create_kwargs() == {"title": "Khai mạc", "kind": AgendaItem.Kind.PROCEDURE, "presenter": "",
                                    "planned_start": None, "duration_minutes": 15, "session_id": None}
    form = forms.AgendaItemForm(post(title="X", planned_start="08:15", duration_minutes="0"),
                                congress=hall.congress)
    assert form.is_valid()
    kwargs = form.create_kwargs()
    assert kwargs["planned_start"] == dt.time(8, 15) and kwargs["duration_minutes"] == 1


def test_an_edit_keeps_what_the_post_leaves_out(hall: Any) -> None:
    item = AgendaItem.objects.create(congress=hall.congress, title="Bầu Đoàn Chủ tịch",
                                     presenter="Ban Tổ chức", duration_minutes=20,
                                     kind=AgendaItem.Kind.ELECTION, order=1)
    form = forms.AgendaItemForm(post(title="", duration_minutes=""), congress=hall.congress)
    assert form.is_valid()
    kwargs = form.update_kwargs(item)
    assert (kwargs["title"], kwargs["kind"], kwargs["presenter"], kwargs["duration_minutes"]) == (
        "Bầu Đoàn Chủ tịch", AgendaItem.Kind.ELECTION, "Ban Tổ chức", 20)
    form = forms.AgendaItemForm(post(presenter=""), congress=hall.congress)
    assert form.is_valid() and form.update_kwargs(item)["presenter"] == ""


def test_records_of_another_congress_are_none(hall: Any, other_congress: Any) -> None:
    other = other_congress[0]
    foreign = AgendaItem.objects.create(congress=other, title="Khác", order=1)
    mine = AgendaItem.objects.create(congress=hall.congress, title="Của đại hội này", order=1)
    body = Body.objects.create(congress=other, kind=Body.Kind.PRESIDIUM)
    form = forms.VoteCreateForm(post(agenda_item=str(foreign.pk), body=str(body.pk)), congress=hall.congress)
    assert form.is_valid()
    assert form.cleaned_data["agenda_item"] is None and form.cleaned_data["body"] is None
    form = forms.VoteCreateForm(post(agenda_item=str(mine.pk)), congress=hall.congress)
    assert form.is_valid() and form.cleaned_data["agenda_item"] == mine


def test_a_vote_without_title_is_named_after_its_subject_body_and_number(hall: Any) -> None:
    body = Body.objects.create(congress=hall.congress, kind=Body.Kind.PRESIDIUM)
    form = forms.VoteCreateForm(post(subject="body", body=str(body.pk)), congress=hall.congress)
    assert form.is_valid()
    kwargs = form.create_kwargs()
    assert kwargs["title"] == f"{Vote.Subject.BODY.label}: {body}"
    assert kwargs["mode"] == Vote.Mode.HANDS and kwargs["number"] is None
    form = forms.VoteCreateForm(post(subject="committee_size", number="28"), congress=hall.congress)
    assert form.is_valid()
    assert form.create_kwargs()["title"] == f"{Vote.Subject.COMMITTEE_SIZE.label}: 28"
    assert form.create_kwargs()["number"] == 28
    form = forms.VoteCreateForm(post(), congress=hall.congress)
    assert form.is_valid() and form.create_kwargs()["subject"] == Vote.Subject.OTHER


def test_hands_counts_empty_is_zero_text_is_an_error() -> None:
    form = forms.HandsForm(post(agree="9", disagree=""))
    assert form.is_valid() and form.counts() == {"agree": 9, "disagree": 0, "other": 0}
    form = forms.HandsForm(post(agree="abc", other="1,5"))
    assert not form.is_valid()
    assert forms.form_errors(form) == ["Ô «Tán thành»: «abc» không phải là số nguyên.",
                                       "Ô «Ý kiến khác»: «1,5» không phải là số nguyên."]


def test_targets_rows_from_repeated_fields() -> None:
    form = forms.TargetsForm(post(text=["A", "B"], metric=["admitted", "other"], comparison=[">=", ">="],
                                  value=["750", "95"], unit=["people", "percent"], period=["term", "year"]))
    rows = form.rows()
    assert [r["text"] for r in rows] == ["A", "B"]
    assert rows[1] == {"text": "B", "metric": "other", "comparison": ">=", "value": "95", "unit": "percent",
                       "period": "year"}
    assert forms.TargetsForm(post()).rows() == []


def test_a_speaker_comes_from_the_contribution_or_is_required(hall: Any) -> None:
    from daihoi.congress.proceedings.models import Contribution

    contribution = Contribution.objects.create(congress=hall.congress, title="Về chuyển đổi số",
                                               author="Lê Thị B", text="…")
    form = forms.SpeechAddForm(post(contribution=str(contribution.pk), minutes=""), congress=hall.congress)
    assert form.is_valid()
    kwargs = form.add_kwargs()
    assert (kwargs["speaker"], kwargs["topic"], kwargs["minutes"]) == ("Lê Thị B", "Về chuyển đổi số", 7)
    form = forms.SpeechAddForm(post(speaker="  "), congress=hall.congress)
    assert not form.is_valid()
    assert forms.form_errors(form) == [str(forms.SPEAKER_REQUIRED)]
