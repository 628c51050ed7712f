"""Asking before an irreversible step (closing a list, ending a vote, finalizing, publishing,
closing a campaign …), enforced on the server: the step acts only on a POST that carries the
token of the confirmation page, and that token is bound to the figures the page showed. A
bare POST, or one confirmed on figures that have changed since ("1 of 232 have voted" then,
"5 of 232" now), gets the page again with the figures of this moment and changes nothing.

    figures = confirm.Figures([...], consequence=...)
    if not confirm.confirmed(request, figures):
        return confirm.ask(request, title=..., figures=figures, button=..., back=...)
    ...act...
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

FIELD = "confirmed"


@dataclass(frozen=True)
class Figures:
    lines: list[str] = field(default_factory=list)
    consequence: str = ""
    names: list[str] = field(default_factory=list)  # a list of names, numbered, after the lines

    def token(self) -> str:
        """What the page showed, as a short digest: the lines and names (the figures), not the
        consequence (the same words whatever the moment). Not a secret, so no key: it only
        tells the server which figures the user saw."""
        text = "\n".join([*self.lines, "--", *self.names])
        return hashlib.sha256(text.encode()).hexdigest()[:20]


def confirmed(request: HttpRequest, figures: Figures) -> bool:
    """True for a POST confirming exactly these figures."""
    return request.method == "POST" and request.POST.get(FIELD, "") == figures.token()


def ask(request: HttpRequest, *, title: str, figures: Figures, button: str, back: str,
        fields: Iterable[tuple[str, Any]] = (), warning: str = "") -> HttpResponse:
    """The page an irreversible step shows first: the figures at this moment and one button
    that POSTs the step with the token of these figures (and `fields`, the step's own input).
    A POST that came with a token of other figures is told the figures changed. `warning`
    replaces "cannot be undone" for a step that can be (a campaign reopens). Works without
    script (the CSP allows none inline), so the question is asked whatever the browser."""
    stale = request.method == "POST" and bool(request.POST.get(FIELD))
    return render(request, "core/confirm.html", {
        "title": title, "lines": figures.lines, "names": figures.names,
        "consequence": figures.consequence, "stale": stale, "warning": warning, "token": figures.token(),
        "field": FIELD, "action": request.path, "fields": list(fields), "button": button,
        "back": back})
