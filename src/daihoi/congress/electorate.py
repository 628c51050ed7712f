"""The congress's electorate: its delegates (or, at a members' congress, its members) as the
elections app asks for them (`daihoi.elections.electorate.Electorate`).

The base is `rules.base` over the congress's list, read once from the delegates' rows: the
congress page, the hall screen (`selectors.attendance_summary`), the round's prefilled base
and the minutes printed from the round all come from `congress_base` (congress/seats.py), so they agree.

Who may vote (decided here, Hướng dẫn 04 and 190-QĐ/TW Điều 30 khoản 3): a delegate who
holds a seat, that is an official delegate not replaced by an alternate, or an alternate who
replaced one (`Delegate.replaces`); credentials not rejected; not suspended, prosecuted,
detained or transferred (`Delegate.standing`). Present: checked in to the current session
and not checked out.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.db import connection

from daihoi.congress.models import Body, BodyMember, CheckIn, Congress, CongressSession, Delegate
from daihoi.congress.seats import congress_base, entitled, is_entitled, seat_rows
from daihoi.elections.electorate import Electorate, Voter
from daihoi.organizations.models import Member
from daihoi.rules import base as base_rules


def _current_session(congress_id: int) -> CongressSession | None:
    from daihoi.congress.selectors import current_session

    return current_session(congress_id)


@functools.cache
def _seat_sql() -> str:
    """The SQL of `CongressElectorate.voter_for_user`, built once per process from the
    models' table and column names. Raw SQL (on the congress's own tables) because the same
    query through the ORM (two EXISTS, two subqueries) costs about 1.7 ms of CPU to compile
    on every request, more than running it, on the page 1,600 phones load at once."""
    q = connection.ops.quote_name

    def t(model: Any) -> str:
        return q(model._meta.db_table)

    def c(model: Any, field: str) -> str:
        return q(model._meta.get_field(field).column)

    d, m, ck, s = Delegate, Member, CheckIn, CongressSession
    # Only quoted table and column names are formatted in; every value is a parameter.
    session = f"SELECT s.{c(s, 'id')} FROM {t(s)} s WHERE s.{c(s, 'congress')} = %(congress)s"  # noqa: S608
    return (
        f"SELECT d.{c(d, 'id')}, d.{c(d, 'kind')}, d.{c(d, 'credentials')}, "  # noqa: S608
        f"d.{c(d, 'standing')}, d.{c(d, 'replaces')}, m.{c(m, 'id')}, m.{c(m, 'full_name')}, "
        f"EXISTS (SELECT 1 FROM {t(d)} r WHERE r.{c(d, 'replaces')} = d.{c(d, 'id')}), "
        f"EXISTS (SELECT 1 FROM {t(ck)} k WHERE k.{c(ck, 'delegate')} = d.{c(d, 'id')} "
        f"AND k.{c(ck, 'checked_out_at')} IS NULL AND k.{c(ck, 'session')} = COALESCE("
        f"({session} AND s.{c(s, 'is_current')} = %(true)s "
        f"ORDER BY s.{c(s, 'order')}, s.{c(s, 'id')} LIMIT 1), "
        f"({session} ORDER BY s.{c(s, 'order')}, s.{c(s, 'date')}, s.{c(s, 'id')} LIMIT 1)"
        f")) "
        f"FROM {t(d)} d INNER JOIN {t(m)} m ON m.{c(m, 'id')} = d.{c(d, 'member')} "
        f"WHERE d.{c(d, 'congress')} = %(congress)s AND m.{c(m, 'user')} = %(user)s LIMIT 1"
    )


def delegate_key(delegate_id: int) -> str:
    return f"delegate:{delegate_id}"


class CongressElectorate(Electorate):
    """The delegates (or members) of the election's congress."""

    label = "Đại hội"

    def _congress(self, election: Any) -> Congress:
        congress = election.congress
        assert congress is not None  # the finder only serves elections of a congress
        return congress

    def base(self, election: Any, *, at: dt.datetime | None = None) -> base_rules.Base:
        congress = self._congress(election)
        # Presence does not enter the base: no session needed.
        return congress_base(congress.kind, seat_rows(congress.pk, None))

    def voters(self, election: Any, *, at: dt.datetime | None = None) -> list[Voter]:
        session = _current_session(election.congress_id)
        return [Voter(key=delegate_key(r.id), member_id=r.member_id, user_id=r.user_id,
                      name=r.name, entitled=entitled(r), present=r.present)
                for r in seat_rows(election.congress_id, session, at=at, with_names=True)]

    def present_count(self, election: Any, *, at: dt.datetime | None = None) -> int:
        session = _current_session(election.congress_id)
        return sum(1 for r in seat_rows(election.congress_id, session, at=at)
                   if r.present and entitled(r))

    def voter_for_user(self, election: Any, user: Any) -> Voter | None:
        """One query: the user's delegate row with whether it was replaced and whether it
        is checked in to the current session (the session marked current, first by order
        and id, or else the first session by order, date, id; none: nobody is present).
        The same answers as selectors.delegate_for_user + current_session +
        delegate_is_present (tests/elections/evoting/test_cost.py checks)."""
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        with connection.cursor() as cursor:
            cursor.execute(_seat_sql(), {"congress": election.congress_id, "user": user.pk,
                                         "true": True})
            row = cursor.fetchone()
        if row is None:
            return None
        pk, kind, credentials, standing, replaces_id, member_id, name, replaced, present = row
        # SQLite answers EXISTS with 0/1, PostgreSQL with a boolean.
        return Voter(key=delegate_key(pk), member_id=member_id, user_id=user.pk, name=name,
                     entitled=is_entitled(kind=kind, credentials=credentials, standing=standing,
                                          replaced=bool(replaced), replaces_id=replaces_id),
                     present=bool(present))

    def is_counting_member(self, election: Any, *, user: Any = None,
                           member_id: int | None = None) -> bool:
        from daihoi.congress import selectors

        if member_id is None:
            member_id = selectors.member_id_of(user)
        return member_id is not None and selectors.member_on_body(
            member_id, election.congress_id, Body.Kind.COUNTING)

    def counting_user_ids(self, election: Any) -> list[int]:
        return list(BodyMember.objects.filter(body__congress_id=election.congress_id,
                                              body__kind=Body.Kind.COUNTING,
                                              member__user__isnull=False)
                    .order_by("order", "id").values_list("member__user_id", flat=True))

    def counting_committee(self, election: Any) -> list[tuple[str, str]]:
        rows = (BodyMember.objects.filter(body__congress_id=election.congress_id,
                                          body__kind=Body.Kind.COUNTING)
                .select_related("member").order_by("order", "id"))
        return [(r.member.full_name, str(r.get_role_display())) for r in rows]

    def body_title(self, election: Any) -> str:
        from daihoi.congress.pdfs import congress_title

        return congress_title(self._congress(election))

    def venue(self, election: Any) -> str:
        return self._congress(election).venue


_ELECTORATE = CongressElectorate()


def find(election: Any) -> Electorate | None:
    """The registry's finder (apps.py): the congress serves the elections of a congress."""
    return _ELECTORATE if election.congress_id is not None else None


def seat_votes() -> list[tuple[int, str]]:
    """The congresses' votes on the number to elect (proceedings), newest first: the choices
    of an election's "seats vote" (registered in apps.py)."""
    from daihoi.congress.proceedings.models import Vote

    votes = (Vote.objects.filter(subject__in=["committee_size", "other"]).order_by("-id")
             .values_list("pk", "title", "congress__organization__name")[:50])
    return [(pk, f"{title} – {org}") for pk, title, org in votes]
