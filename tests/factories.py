"""factory_boy factories: every test builds its records here instead of by hand.

    root = OrganizationFactory()                       # a bloc committee (the top of a tree)
    cell = OrganizationFactory(parent=root, kind=Organization.Kind.CELL)
    member = MemberFactory(organization=cell)          # a full member with a party card
    newcomer = MemberFactory(probationary=True)        # on probation: no card, a ceremony date
    congress = CongressFactory(organization=root)      # in session today, two sessions
    delegate = DelegateFactory(congress=congress)      # an official delegate with a member
    CheckInFactory(delegate=delegate)                  # present at the current session
    bare = CongressFactory(sessions=False)             # no session: make them, as wanted
    CongressSessionFactory(congress=bare, date=bare.starts_on)

Names are Vietnamese and distinct (a sequence number in the given name), so that ballot
order and searches see real names.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from daihoi.congress.models import CheckIn, Congress, CongressSession, Delegate
from daihoi.elections.models import Election
from daihoi.organizations.models import Member, Organization

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Hữu", "Ngọc", "Quốc", "Thu"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Nam", "Sơn", "Tâm", "Yến"]


def vietnamese_name(n: int) -> str:
    """Family, middle and given name; the number keeps names distinct past 960 of them."""
    f, m = len(FAMILY), len(MIDDLE)
    name = f"{FAMILY[n % f]} {MIDDLE[n // f % m]} {GIVEN[n // (f * m) % len(GIVEN)]}"
    return name if n < len(FAMILY) * len(MIDDLE) * len(GIVEN) else f"{name} {n}"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Đảng bộ Khối Cơ quan tỉnh {n}")
    kind = Organization.Kind.COMMITTEE
    parent = None


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    full_name = factory.Sequence(vietnamese_name)
    gender = Member.Gender.MALE
    date_of_birth = dt.date(1980, 1, 1)
    admission_date = dt.date(2005, 5, 19)
    status = Member.Status.FULL
    party_card_number = factory.Sequence(lambda n: f"98{n:06d}")
    ceremony_date = None
    organization = factory.SubFactory(OrganizationFactory, kind=Organization.Kind.GRASSROOTS_CELL)

    class Params:
        # On probation (Charter Điều 5): no party card yet, and probation counts from the
        # admission ceremony, held here on the day of the decision unless given.
        probationary = factory.Trait(
            status=Member.Status.PROBATIONARY, party_card_number=None, full_member_date=None,
            ceremony_date=factory.SelfAttribute("admission_date"))


class CongressFactory(factory.django.DjangoModelFactory):
    """A congress in session today, with its preparatory and its current official session."""

    class Meta:
        model = Congress
        skip_postgeneration_save = True  # the sessions hook changes no field of the congress

    organization = factory.SubFactory(OrganizationFactory)
    ordinal = 18
    term_start = 2025
    term_end = 2030
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyAttribute(lambda c: c.starts_on + dt.timedelta(days=1))
    status = Congress.Status.IN_SESSION
    rules = factory.LazyFunction(lambda: {"quorum_share": "2/3"})

    @factory.post_generation
    def sessions(self: Congress, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create or extracted is False:
            return
        CongressSession.objects.create(congress=self, name="Phiên trù bị", date=self.starts_on,
                                       order=1, is_preparatory=True)
        CongressSession.objects.create(congress=self, name="Phiên chính thức", date=self.starts_on,
                                       order=2, is_current=True)


class CongressSessionFactory(factory.django.DjangoModelFactory):
    """One session of a congress, for a congress made with `sessions=False`."""

    class Meta:
        model = CongressSession

    congress = factory.SubFactory(CongressFactory, sessions=False)
    name = "Phiên chính thức"
    date = factory.SelfAttribute("congress.starts_on")
    is_current = True


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegate

    congress = factory.SubFactory(CongressFactory)
    member = factory.SubFactory(MemberFactory,
                                organization=factory.SelfAttribute("..congress.organization"))
    # The delegate's own organization (the unit that elected them) stands for `represents`.
    represents = factory.SelfAttribute("member.organization")
    kind = Delegate.Kind.OFFICIAL
    origin = Delegate.Origin.ELECTED
    number = factory.Sequence(lambda n: n + 1)


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Bầu Ban Chấp hành {n}")
    kind = Election.Kind.COMMITTEE
    seats = 3


class CheckInFactory(factory.django.DjangoModelFactory):
    """A delegate present at a session (of the delegate's own congress)."""

    class Meta:
        model = CheckIn

    delegate = factory.SubFactory(DelegateFactory)
    session = factory.LazyAttribute(lambda c: c.delegate.congress.sessions.get(is_current=True))
