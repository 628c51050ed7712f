"""The delegate's ballot as posted: the token, and the marks as the page names them
(`struck` for a strike ballot, `line-<i>` for an agree/disagree one). What the marks mean is
`services.choices_from_form`'s to say (a malformed ballot is refused there, with its reason)."""

from __future__ import annotations

from typing import Any

from django import forms


class VoteForm(forms.Form):
    token = forms.CharField(required=False, max_length=2000)

    def choices(self) -> dict[str, Any]:
        """The posted marks only (`struck` as a list, `line-<i>` as a value), nothing else."""
        marks: dict[str, Any] = {}
        getlist = getattr(self.data, "getlist", None)
        if "struck" in self.data:
            marks["struck"] = getlist("struck") if getlist else self.data["struck"]
        for key in self.data:
            if key.startswith("line-"):
                marks[key] = self.data.get(key)
        return marks
