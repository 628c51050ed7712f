"""The input of the hall's pages, parsed here and nowhere else (the views read no request
data of their own). The pages' own forms are hand-written HTML: these forms keep their
field names, and their leniency (an empty or unreadable optional number is the default,
an item or body of another congress is none), so that a post from a page always lands.
Choices of records are limited to the congress of the page (`congress=` argument)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from daihoi.congress.models import Body, Congress
from daihoi.congress.proceedings import services
from daihoi.congress.proceedings.models import AgendaItem, Contribution, Document, Vote
from daihoi.organizations.models import Organization

NOT_AN_INTEGER = gettext_lazy("Ô «%(f)s»: «%(v)s» không phải là số nguyên.")
SPEAKER_REQUIRED = gettext_lazy("Phải ghi tên người phát biểu.")


class LenientIntegerField(forms.Field):
    """An optional whole number: anything unreadable is None (the default applies)."""

    def to_python(self, value: Any) -> int | None:
        try:
            return int(str(value).strip())
        except (TypeError, ValueError):
            return None


class LenientTimeField(forms.Field):
    """"HH:MM" or nothing; an unreadable time is no time."""

    def to_python(self, value: Any) -> dt.time | None:
        text = str(value or "").strip()
        try:
            return dt.time.fromisoformat(text) if text else None
        except ValueError:
            return None


class OfCongressField(forms.Field):
    """The id of a record of the page's congress: the record, or None when the id is empty,
    unreadable or of another congress."""

    def __init__(self, *, queryset: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.queryset = queryset

    def to_python(self, value: Any) -> Any:
        try:
            pk = int(str(value).strip())
        except (TypeError, ValueError):
            return None
        return self.queryset.filter(pk=pk).first() if self.queryset is not None else None


class ListField(forms.Field):
    """All the values of a repeated field (`text=…&text=…`)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        return [str(v) for v in value or []]


class _CongressForm(forms.Form):
    """A form whose record choices are those of one congress."""

    of_congress: dict[str, Any] = {}

    def __init__(self, *args: Any, congress: Congress, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.congress = congress
        for name, queryset in self.querysets(congress).items():
            field = self.fields[name]
            assert isinstance(field, OfCongressField)
            field.queryset = queryset

    def querysets(self, congress: Congress) -> dict[str, Any]:
        return {}


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


def _text(**kwargs: Any) -> forms.CharField:
    return forms.CharField(required=False, **kwargs)


# --- agenda -----------------------------------------------------------------------------------


class AgendaItemForm(_CongressForm):
    title = _text()
    kind = _text()
    presenter = _text()
    planned_start = LenientTimeField(required=False)
    duration_minutes = LenientIntegerField(required=False)
    session = LenientIntegerField(required=False)

    def create_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"], "kind": data["kind"] or AgendaItem.Kind.PROCEDURE,
            "presenter": data["presenter"], "planned_start": data["planned_start"],
            "duration_minutes": max(_or(data["duration_minutes"], 15), 1),
            "session_id": data["session"] or None,
        }

    def update_kwargs(self, item: AgendaItem) -> dict[str, Any]:
        """An edit keeps what the post leaves out (title, kind, presenter, duration)."""
        data, given = self.cleaned_data, self.data
        duration = _or(data["duration_minutes"], item.duration_minutes)
        return {
            "title": data["title"] or item.title, "kind": data["kind"] or item.kind,
            "presenter": data["presenter"] if "presenter" in given else item.presenter,
            "planned_start": data["planned_start"], "duration_minutes": max(duration, 1),
            "session_id": data["session"] or None,
        }


class StepForm(forms.Form):
    step = _text()

    @property
    def value(self) -> int:
        return -1 if self.is_valid() and self.cleaned_data["step"] == "-1" else 1


# --- documents --------------------------------------------------------------------------------


class DocumentUploadForm(_CongressForm):
    """A new document (title, kind, item) or, with `document`, a new version of one."""

    document = OfCongressField()
    agenda_item = OfCongressField()
    title = _text()
    kind = _text()
    note = _text(strip=False)
    file = forms.FileField(required=False)

    def querysets(self, congress: Congress) -> dict[str, Any]:
        return {"document": Document.objects.filter(congress=congress),
                "agenda_item": AgendaItem.objects.filter(congress=congress)}

    @property
    def names_a_document(self) -> bool:
        """A `document` id was posted (a missing document is then a 404, not a new one)."""
        return LenientIntegerField().to_python(self.data.get("document")) not in (None, 0)


# --- votes ------------------------------------------------------------------------------------


class VoteCreateForm(_CongressForm):
    subject = _text()
    title = _text()
    mode = _text()
    agenda_item = OfCongressField()
    body = OfCongressField()
    number = LenientIntegerField(required=False)

    def querysets(self, congress: Congress) -> dict[str, Any]:
        return {"agenda_item": AgendaItem.objects.filter(congress=congress),
                "body": Body.objects.filter(congress=congress)}

    def create_kwargs(self) -> dict[str, Any]:
        """The title, when left empty, is the subject's name, the body, the number."""
        data = self.cleaned_data
        subject = data["subject"] or Vote.Subject.OTHER
        body, number = data["body"], data["number"] or None
        title = data["title"]
        if not title:
            title = str(Vote.Subject(subject).label) if subject in Vote.Subject.values else "Biểu quyết"
            if body is not None:
                title = f"{title}: {body}"
            if self.data.get("number"):
                title = f"{title}: {data['number'] or 0}"
        return {"subject": subject, "title": title, "mode": data["mode"] or Vote.Mode.HANDS,
                "agenda_item": data["agenda_item"], "body": body, "number": number}


class HandsForm(forms.Form):
    """Show-of-hands counts; an empty box is 0, anything else must be a whole number."""

    agree = _text()
    disagree = _text()
    other = _text()

    LABELS = {"agree": gettext_lazy("Tán thành"), "disagree": gettext_lazy("Không tán thành"),
              "other": gettext_lazy("Ý kiến khác")}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("agree", "disagree", "other"):
            raw = data.get(name) or "0"
            try:
                data[name] = int(raw)
            except ValueError:
                self.add_error(None, str(NOT_AN_INTEGER) % {"f": self.LABELS[name],
                                                            "v": self.data.get(name)})
        return data

    def counts(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in ("agree", "disagree", "other")}


class DeviceVoteForm(forms.Form):
    """The delegate's answer; an unknown choice goes to the service, which says why not."""

    choice = _text()
    # "now": the answer was given on the delegate's page of what is open (back there after).
    back = forms.ChoiceField(required=False, choices=[("", ""), ("now", "now")])

    @property
    def back_to_now(self) -> bool:
        return self.is_valid() and self.cleaned_data.get("back") == "now"

    @property
    def value(self) -> str:
        return self.cleaned_data["choice"] if self.is_valid() else ""


# --- resolution and targets -------------------------------------------------------------------


class SuggestForm(forms.Form):
    """`?suggest=<text>`: the resolution's text to read targets from."""

    suggest = _text(strip=False)

    @property
    def text(self) -> str:
        return self.cleaned_data["suggest"] if self.is_valid() else ""


class ResolutionForm(_CongressForm):
    title = _text()
    text = _text(strip=False)
    vote = OfCongressField()
    document = OfCongressField()
    file = forms.FileField(required=False)

    def querysets(self, congress: Congress) -> dict[str, Any]:
        return {"vote": Vote.objects.filter(congress=congress),
                "document": Document.objects.filter(congress=congress)}

    def save_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"title": data["title"] or services.RESOLUTION_TITLE, "text": data["text"],
                "vote": data["vote"], "document": data["document"], "upload": data["file"]}


class TargetsForm(forms.Form):
    """One or several targets: the page repeats its six fields per row."""

    text = ListField(required=False)
    metric = ListField(required=False)
    comparison = ListField(required=False)
    value = ListField(required=False)
    unit = ListField(required=False)
    period = ListField(required=False)

    def rows(self) -> list[dict[str, str]]:
        if not self.is_valid():
            return []
        names = ("text", "metric", "comparison", "value", "unit", "period")
        columns = [self.cleaned_data[n] for n in names]
        return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=False)]


# --- discussion -------------------------------------------------------------------------------


class ContributionForm(_CongressForm):
    title = _text()
    author = _text()
    text = _text(strip=False)
    organization = OfCongressField()
    file = forms.FileField(required=False)

    def querysets(self, congress: Congress) -> dict[str, Any]:
        return {"organization": Organization.objects.all()}


class SpeechRequestForm(forms.Form):
    topic = _text(strip=False)


class SpeechAddForm(_CongressForm):
    """The presidium adds a speaker, by name or from a contribution (its author, title and
    organization fill what is left empty)."""

    speaker = _text()
    affiliation = _text(strip=False)
    topic = _text(strip=False)
    minutes = LenientIntegerField(required=False)
    contribution = OfCongressField()

    def querysets(self, congress: Congress) -> dict[str, Any]:
        return {"contribution": Contribution.objects.filter(congress=congress)}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        contribution = data.get("contribution")
        data["speaker"] = data.get("speaker") or (contribution.author if contribution else "")
        if not data["speaker"]:
            self.add_error(None, str(SPEAKER_REQUIRED))
        return data

    def add_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        contribution = data["contribution"]
        return {
            "speaker": data["speaker"],
            "affiliation": data["affiliation"]
            or (str(contribution.organization or "") if contribution else ""),
            "topic": data["topic"] or (contribution.title if contribution else ""),
            "minutes": max(_or(data["minutes"], 7), 1), "contribution": contribution,
        }


class SpeechAcceptForm(forms.Form):
    minutes = LenientIntegerField(required=False)

    @property
    def value(self) -> int | None:
        return (self.cleaned_data["minutes"] or None) if self.is_valid() else None


def form_errors(form: forms.Form) -> list[str]:
    """The messages of an invalid form, for the page's message list."""
    return [str(message) for errors in form.errors.values() for message in errors]
