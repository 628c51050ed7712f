"""Who a written contribution is signed by (issue 15, "Permissions": a delegate could sign
one with any name). A delegate's contribution is the delegate's; a contribution under
another name, an organization's or a body's, is the presidium's (or the secretariat's) to
submit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from daihoi.congress import services as congress_services
from daihoi.congress.models import Body
from daihoi.congress.proceedings import services
from daihoi.congress.proceedings.models import Contribution
from daihoi.core.roles import Role

pytestmark = pytest.mark.django_db

OTHER = "Lê Thị Thu Hồng"


def _submit(user: Any, hall: Any, **kwargs: Any) -> Contribution:
    return services.contribution_submit(acting_user=user, congress=hall.congress,
                                        title="Về công tác cán bộ", text="Nội dung.", **kwargs)


def test_a_delegate_cannot_sign_with_another_name(hall: Any) -> None:
    user = hall.make_delegate_user(hall.delegates[0])
    with pytest.raises(ValidationError) as exc:
        _submit(user, hall, author=OTHER)
    assert exc.value.messages == [str(services.CONTRIBUTION_NOT_YOURS)]
    assert not Contribution.objects.exists()


def test_a_delegate_cannot_sign_for_an_organization(hall: Any) -> None:
    user = hall.make_delegate_user(hall.delegates[0])
    with pytest.raises(ValidationError):
        _submit(user, hall, organization=hall.cell)
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("typed", ["", "  nguyễn văn   đại biểu 18-0 "])
def test_a_delegate_signs_as_the_delegate(hall: Any, typed: str) -> None:
    delegate = hall.delegates[0]
    row = _submit(hall.make_delegate_user(delegate), hall, author=typed)
    assert (row.author, row.delegate) == (delegate.member.full_name, delegate)


def test_the_view_refuses_another_name(hall: Any, client: Any) -> None:
    client.force_login(hall.make_delegate_user(hall.delegates[0]))
    response = client.post(reverse("proceedings:contribution_submit", args=[hall.congress.pk]),
                           {"title": "Về công tác cán bộ", "author": OTHER, "text": "Nội dung.",
                            "organization": str(hall.cell.pk)}, follow=True)
    assert str(services.CONTRIBUTION_NOT_YOURS) in response.content.decode()
    assert not Contribution.objects.exists()


def test_the_delegate_s_page_offers_no_author_field(hall: Any, client: Any) -> None:
    client.force_login(hall.make_delegate_user(hall.delegates[0]))
    html = client.get(reverse("proceedings:discussion", args=[hall.congress.pk])).content.decode()
    assert 'name="author"' not in html and 'name="organization"' not in html
    assert hall.delegates[0].member.full_name in html


@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADER])
def test_a_reader_with_no_seat_submits_nothing(hall: Any, make_user: Any, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        _submit(make_user(role), hall, author=OTHER)
    assert not Contribution.objects.exists()


def test_the_presidium_names_a_body(hall: Any, make_user: Any) -> None:
    """A presidium member, a delegate, submits the contribution of a grassroots organization:
    it is the organization's, not linked to the presidium member's seat (the speakers' queue
    would take that delegate as the speaker)."""
    delegate = hall.delegates[1]
    congress_services.body_member_add(acting_user=make_user(Role.SECRETARIAT), congress=hall.congress,
                                      kind=Body.Kind.PRESIDIUM, member=delegate.member)
    row = _submit(hall.make_delegate_user(delegate), hall, author="Đảng bộ Sở Tài chính",
                  organization=hall.cell)
    assert (row.author, row.organization, row.delegate) == ("Đảng bộ Sở Tài chính", hall.cell, None)


def test_the_secretariat_names_the_author_and_must_name_one(hall: Any, make_user: Any) -> None:
    secretary = make_user(Role.SECRETARIAT)
    row = _submit(secretary, hall, author=OTHER)
    assert (row.author, row.delegate) == (OTHER, None)
    with pytest.raises(ValidationError) as exc:
        _submit(secretary, hall, author="  ")
    assert exc.value.messages == [str(services.CONTRIBUTION_AUTHOR_REQUIRED)]
