from __future__ import annotations

from daihoi.congress.models import CheckIn, CongressSession, Delegate


def current_session(congress_id: int) -> CongressSession | None:
    return (
        CongressSession.objects.filter(congress_id=congress_id, is_current=True).first()
        or CongressSession.objects.filter(congress_id=congress_id).order_by("order", "date").first()
    )


def delegate_is_present(delegate: Delegate) -> bool:
    """Checked in to the congress's current session and not checked out."""
    session = current_session(delegate.congress_id)
    if session is None:
        return False
    return CheckIn.objects.filter(
        delegate=delegate, session=session, checked_out_at__isnull=True
    ).exists()
