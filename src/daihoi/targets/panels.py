"""The targets' section of the leader's status page (core.registry)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from daihoi.core.registry import register_status_panel


def _context(request: HttpRequest) -> dict[str, Any] | None:
    from daihoi.targets import selectors

    review = selectors.latest_review()
    if review is None or not review.rows:
        return None
    return {"review": review}


def register() -> None:
    register_status_panel(key="targets", order=40, template="targets/panel.html", context=_context)
