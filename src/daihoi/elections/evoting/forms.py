"""The delegate's ballot as posted: the token, and one mark per line as the page names them
(`line-<i>`: k/s on a strike ballot, a/d/n on an agree/disagree one). What the marks mean is
`services.choices_from_form`'s to say (a malformed ballot is refused there, with its reason)."""

from __future__ import annotations

from typing import Any

from django import forms


class VoteForm(forms.Form):
    token = forms.CharField(required=False, max_length=2000)

    def choices(self) -> dict[str, Any]:
        """The posted marks only (`line-<i>`: its value), nothing else."""
        marks: dict[str, Any] = {}
        for key in self.data:
            if key.startswith("line-"):
                marks[key] = self.data.get(key)
        return marks
