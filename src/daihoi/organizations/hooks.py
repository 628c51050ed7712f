"""The register's answers to core (`daihoi.core.registry`), registered at start-up by
`OrganizationsConfig.ready()`: a login stands for a party member, and the office, the
administrators and the leaders land on the dashboard of figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from daihoi.core import registry
from daihoi.organizations.models import Member
from daihoi.rules.names import fold


def find_members(text: str) -> Sequence[Member]:
    """The member with this party card number; else those so named (typed with or without
    diacritics), at most 20."""
    by_card = Member.objects.filter(party_card_number=text).first()
    if by_card is not None:
        return [by_card]
    return list(Member.objects.filter(search_name=fold(text))[:20])


def member_key(member: Member) -> str:
    return member.party_card_number or ""


def status_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The register's figures for the leader's status page: members by status, the
    grassroots organizations, this year's admissions against the plan, who falls due."""
    from daihoi.organizations import selectors

    data = selectors.dashboard(today=timezone.localdate(), years=1, top=0)
    year = data.years[-1] if data.years else None
    return {"d": data, "year": year}


def register() -> None:
    from daihoi.organizations.views import DASHBOARD_ROLES, dashboard

    registry.register_person_link(registry.PersonLink(
        model=Member, name_field="full_name", find=find_members, key=member_key))
    registry.register_home_page(roles=DASHBOARD_ROLES, view=dashboard)
    from daihoi.organizations.audit_sentences import SENTENCES

    registry.register_audit_sentences(SENTENCES)
    registry.register_status_panel(key="members", order=20,
                                   template="organizations/_status_panel.html",
                                   context=status_panel)
