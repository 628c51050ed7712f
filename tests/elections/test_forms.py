"""The elections pages read their input through elections/forms.py: the hand-written pages'
field names still land, and what a page cannot send (letters in a number, an unknown
action, a missing position) is a message on the page, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from daihoi.core.roles import Role
from daihoi.elections import forms, services
from daihoi.elections.models import CountingGroup, PaperBallot, Round

pytestmark = pytest.mark.django_db


def test_the_ballot_form_reads_the_entry_screens_fields() -> None:
    form = forms.BallotEntryForm({"marks": " 1 3-4 ", "void": "", "unstamped": "1",
                                  "identifying_mark": "0", "entry": "2"})
    assert form.is_valid()
    d = form.cleaned_data
    assert (d["marks"], d["unstamped"], d["identifying_mark"], d["write_in"], d["entry"]) == (
        " 1 3-4 ", True, False, False, 2)
    assert forms.BallotEntryForm({"entry": "7"}).is_valid()
    entry = forms.EntryNumberForm({"entry": "abc"})
    assert entry.is_valid() and entry.cleaned_data["entry"] == 1


def test_the_round_step_form_defaults_and_refuses() -> None:
    form = forms.RoundStepForm({"action": "count"})
    assert form.is_valid() and (form.cleaned_data["groups"], form.cleaned_data["sheet_groups"]) == (1, 0)
    assert not forms.RoundStepForm({"action": "count", "groups": "two"}).is_valid()
    assert not forms.RoundStepForm({"action": "explode"}).is_valid()
    assert not forms.RoundStepForm({"action": "group", "mode": "carrier pigeon"}).is_valid()


def test_the_pdf_form_is_lenient() -> None:
    form = forms.BallotsPdfForm({"size": "a4", "copies": "x"})
    assert form.is_valid() and (form.cleaned_data["size"], form.cleaned_data["copies"]) == ("A4", None)
    form = forms.BallotsPdfForm({"size": "letter", "copies": "12"})
    assert form.is_valid() and (form.cleaned_data["size"], form.cleaned_data["copies"]) == ("A5", 12)


def test_bad_input_on_the_counting_pages_is_a_message(counting_round: Any, client_as: Any) -> None:
    round_ = counting_round(sheet_groups=1)
    client = client_as(Role.COUNTING)
    # A group of a mode the page does not offer: a message, the round as it was.
    res = client.post(reverse("elections:round_step", args=[round_.pk]),
                      {"action": "group", "mode": "nonsense"}, follow=True)
    assert res.status_code == 200 and "Số liệu không hợp lệ" in res.content.decode()
    assert round_.groups.count() == 2
    # A tally sheet with a letter in a box.
    sheet = round_.groups.get(mode=CountingGroup.Mode.SHEET)
    res = client.post(reverse("elections:sheet", args=[sheet.pk]),
                      {"ballots_collected": "3", "v1": "x", "r_unstamped": "-1"})
    assert res.status_code == 200 and str(forms.ERR_WHOLE_NUMBERS) in res.content.decode()
    sheet.refresh_from_db()
    assert sheet.totals is None
    # The same sheet, well filled: saved (empty boxes are 0).
    cands = [c.pk for c in round_.candidates.order_by("sort_key")]
    res = client.post(reverse("elections:sheet", args=[sheet.pk]),
                      {"ballots_collected": "2", f"v{cands[0]}": "2", f"v{cands[1]}": "1"})
    assert res.status_code == 302
    sheet.refresh_from_db()
    assert sheet.totals is not None and sheet.totals["ballots_collected"] == 2
    # The third look with no position, or a reading that was never entered.
    ballots = round_.groups.get(mode=CountingGroup.Mode.BALLOTS)
    url = reverse("elections:mismatches", args=[ballots.pk])
    assert client.post(url, {"take": "1"}).status_code == 200
    res = client.post(url, {"position": "9", "take": "1"})
    assert res.status_code == 200 and str(services.ERR_NO_READING) in res.content.decode()
    assert PaperBallot.objects.count() == 0
    # The ballot PDF with copies that are not a number prints the default.
    res = client.get(reverse("elections:ballots_pdf", args=[round_.pk]), {"copies": "ten"})
    assert res.status_code == 200 and res.content.startswith(b"%PDF")


def test_the_next_round_form_keeps_only_the_proposed(counting_round: Any, counter: Any,
                                                      client_as: Any) -> None:
    round_ = counting_round(convened=4, issued=4)
    group = round_.groups.get()
    for _ in range(4):
        services.ballot_enter(acting_user=counter, group=group, marks="2 3 4 5")
    services.round_finalize(acting_user=counter, round_=round_)
    client = client_as(Role.OFFICE, Role.SECRETARIAT)
    url = reverse("elections:round_next", args=[round_.pk])
    res = client.post(url, {"decided_by": "Đoàn Chủ tịch", "text": "Bầu tiếp",
                            "candidate": ["abc"]})
    assert res.status_code == 200  # the form shows its error
    assert Round.objects.filter(election=round_.election).count() == 1
    keep = [c.pk for c in round_.candidates.order_by("sort_key")][1:3]
    res = client.post(url, {"decided_by": "Đoàn Chủ tịch", "text": "Bầu tiếp",
                            "candidate": [str(k) for k in keep], "added": "Vũ Thị Giang\n \n"})
    assert res.status_code == 302
    new = Round.objects.get(election=round_.election, number=2)
    assert sorted(new.candidates.values_list("full_name", flat=True)) == sorted(
        ["Trần Thị Bình", "Lê Văn Cường", "Vũ Thị Giang"])
