"""The delegate's ballot as posted: the token, and one mark per line as the page names them
(`line-<i>`: k/s on a strike ballot, a/d/n on an agree/disagree one). What the marks mean is
`services.choices_from_form`'s to say (a malformed ballot is refused there, with its reason).

An encrypted round's page posts instead the token and the encrypted ballot (JSON, checked by
its proofs in `services.vote_cast_encrypted`), and for a challenge the ballot's nonces and
choices (`reveal`)."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from daihoi.elections.evoting.models import EVoteRound


class VoteForm(forms.Form):
    token = forms.CharField(required=False, max_length=2000)

    def choices(self) -> dict[str, Any]:
        """The posted marks only (`line-<i>`: its value), nothing else."""
        marks: dict[str, Any] = {}
        for key in self.data:
            if key.startswith("line-"):
                marks[key] = self.data.get(key)
        return marks


class EncryptedVoteForm(forms.Form):
    token = forms.CharField(max_length=2000)
    ballot = forms.CharField(max_length=200_000, strip=False)
    reveal = forms.CharField(required=False, max_length=50_000, strip=False)

    def clean_reveal(self) -> dict[str, Any] | None:
        text = self.cleaned_data.get("reveal")
        if not text:
            return None
        try:
            reveal = json.loads(text)
        except ValueError:
            raise forms.ValidationError("reveal: JSON") from None
        if not isinstance(reveal, dict) or not isinstance(reveal.get("nonces"), list) \
                or not isinstance(reveal.get("choices"), list):
            raise forms.ValidationError("reveal: nonces, choices")
        return reveal


class OpenVoteForm(forms.Form):
    """The scheme the counting committee opens the vote with (a form without it: plain)."""

    scheme = forms.ChoiceField(choices=EVoteRound.Scheme.choices, required=False)

    def clean_scheme(self) -> str:
        return self.cleaned_data.get("scheme") or EVoteRound.Scheme.PLAIN
