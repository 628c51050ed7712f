"""Core's small forms for what list pages read (page, format, switches, ids): lenient,
never an error page."""

from __future__ import annotations

from django import forms as django_forms
from django.http import QueryDict

from daihoi.core.forms import FlagField, OptionalIdField, PageForm, UserActiveForm, UserFilterForm


def test_page_form_reads_an_unreadable_page_as_the_first() -> None:
    for value, page in (("3", 3), ("1", 1), ("0", 1), ("-2", 1), ("abc", 1), ("", 1)):
        assert PageForm(QueryDict(f"page={value}")).page_number() == page, value
    assert PageForm(QueryDict()).page_number() == 1
    assert PageForm(QueryDict("format=xlsx&page=x")).file_format() == "xlsx"
    assert PageForm(QueryDict()).file_format() == ""


def test_only_one_reopens_an_account() -> None:
    assert UserActiveForm(QueryDict("active=1")).reopens() is True
    for data in ("active=0", "active=", "active=x", ""):
        assert UserActiveForm(QueryDict(data)).reopens() is False, data


def test_user_filter_reads_the_active_select() -> None:
    for data, state in (("active=1", True), ("active=0", False), ("active=", None),
                        ("active=x", None), ("q=an", None)):
        form = UserFilterForm(QueryDict(data))
        form.is_valid()
        assert form.active_state() is state, data
    form = UserFilterForm(QueryDict("q=+an+"))
    assert form.is_valid() and form.cleaned_data["q"] == "an"


def test_the_lenient_fields() -> None:
    class Form(django_forms.Form):
        flag = FlagField()
        ref = OptionalIdField()

    for data, flag, ref in (("flag=1&ref=5", True, 5), ("flag=0&ref=x", False, None),
                            ("", False, None), ("ref=00", False, None), ("ref=%C2%B2", False, None)):
        form = Form(QueryDict(data))
        assert form.is_valid(), data
        assert (form.cleaned_data["flag"], form.cleaned_data["ref"]) == (flag, ref), data
