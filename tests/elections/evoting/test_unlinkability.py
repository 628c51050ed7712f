"""A dump of the database after an electronic vote cannot link a delegate to a ballot.

200 delegates vote one at a time, in a known order, each a different ballot (delegate k
strikes the names whose bits are set in k + 1), so every ballot row says who cast it if its
place in the dump followed the order of voting. After the close we read the ballot table
the way a dump does (SQLite: iterdump and a SELECT without ORDER BY, i.e. key order;
PostgreSQL: COPY and heap order by ctid, plus xmin) and check that the place of a ballot
in the dump is not correlated with the place of its voter (Spearman's rho; for 200 random
places |rho| has a standard deviation of 1/sqrt(199) = 0.071, the bound 0.3 is 4 of them),
and that no ballot shares a transaction id with a receipt.

Control tests show the attack works when the defence is off (PostgreSQL without the mix:
dump order = voting order, and ballot xmin = receipt xmin), so the tests can fail."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, models

from daihoi.congress.models import Delegate
from daihoi.elections.evoting import services
from daihoi.elections.evoting.models import CastBallot, EVoteRound, VoterReceipt
from daihoi.elections.models import Round

from .conftest import vote

N_VOTERS = 200
NAMES = [f"Ứng Cử Viên {chr(ord('A') + i)}" for i in range(10)]
TABLE = CastBallot._meta.db_table


def _pattern(k: int) -> list[int]:
    """Voter k's ballot: disagree with the names whose bit is set in k + 1 (1..200 < 1023, so
    never every name): a different ballot for each voter."""
    return [i for i in range(len(NAMES)) if (k + 1) >> i & 1]


def _choices(k: int) -> dict[str, list[int]]:
    """As many names as seats: the four-column ballot (RULES.md), agree or disagree each."""
    disagree = _pattern(k)
    return {"a": [i for i in range(len(NAMES)) if i not in disagree], "d": disagree}


def _spearman(xs: list[int], ys: list[int]) -> float:
    n = len(xs)
    rank_x = {v: r for r, v in enumerate(sorted(xs))}
    rank_y = {v: r for r, v in enumerate(sorted(ys))}
    d2 = sum((rank_x[x] - rank_y[y]) ** 2 for x, y in zip(xs, ys, strict=True))
    return 1 - 6 * d2 / (n * (n * n - 1))


def _voter_of(choices: Any) -> int:
    """The voter index from a stored ballot: one letter per line (a/d/n), as the database
    returns it (a str) or as a dump writes it (JSON text, "adda...")."""
    letters = json.loads(choices) if choices.startswith('"') else choices
    return sum(1 << i for i, m in enumerate(letters) if m == "d") - 1


def _dump_orders() -> dict[str, list[int]]:
    """The voter index of each ballot row, in the order each kind of dump writes them."""
    orders: dict[str, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT choices FROM {TABLE}")  # noqa: S608 - constant table name
        orders["select"] = [_voter_of(row[0]) for row in cursor.fetchall()]
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT choices FROM {TABLE} ORDER BY ctid")  # noqa: S608
            orders["heap"] = [_voter_of(row[0]) for row in cursor.fetchall()]
            buffer = io.StringIO()
            with cursor.cursor.copy(f"COPY {TABLE} (choices) TO STDOUT") as copy:
                for data in copy:
                    buffer.write(bytes(data).decode())
            orders["copy"] = [_voter_of(line) for line in buffer.getvalue().splitlines()]
        else:
            raw = connection.connection
            lines = [line for line in raw.iterdump() if line.startswith(f'INSERT INTO "{TABLE}"')]
            orders["iterdump"] = [_voter_of(line[line.index("'\"") + 1:line.rindex("\"'") + 1])
                                  for line in lines]
    return orders


def _vote_all(make_round: Callable[..., Round],
              make_delegate: Callable[..., Delegate]) -> tuple[Round, list[Delegate]]:
    round_ = make_round(seats=len(NAMES), names=NAMES, ballot_format="approve", convened=N_VOTERS)
    order = services.candidates_of(round_)
    assert [c.full_name for c in order] == sorted(NAMES, key=lambda n: [c.full_name for c in order].index(n))
    voters = [make_delegate() for _ in range(N_VOTERS)]
    for k, d in enumerate(voters):
        assert vote(d, round_, _choices(k)) == services.Outcome.RECORDED
    return round_, voters


@pytest.mark.django_db(transaction=True)
def test_a_dump_after_the_vote_does_not_follow_the_voting_order(
        make_round: Callable[..., Round], make_delegate: Callable[..., Delegate],
        counter: Any) -> None:
    round_, _voters = _vote_all(make_round, make_delegate)
    services.evote_close(acting_user=counter, round_=round_)
    orders = _dump_orders()
    for kind, order in orders.items():
        assert sorted(order) == list(range(N_VOTERS)), kind  # every ballot, once
        rho = _spearman(list(range(N_VOTERS)), order)
        assert abs(rho) < 0.3, (kind, rho)
        # Nor does the order follow the receipts' storage order (the same voting order).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT xmin::text FROM {TABLE}")  # noqa: S608
            ballot_xmins = {row[0] for row in cursor.fetchall()}
            cursor.execute("SELECT DISTINCT xmin::text FROM evoting_voterreceipt")
            receipt_xmins = {row[0] for row in cursor.fetchall()}
        # All the ballots were written by one transaction (the mix at close), none by a vote.
        assert len(ballot_xmins) == 1
        assert not ballot_xmins & receipt_xmins


@pytest.mark.django_db(transaction=True)
def test_pg_dump_after_the_vote(make_round: Callable[..., Round],
                                make_delegate: Callable[..., Delegate], counter: Any) -> None:
    """pg_dump itself, as an attacker would run it."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    import shutil
    import subprocess

    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.skip("pg_dump not installed")
    round_, _voters = _vote_all(make_round, make_delegate)
    services.evote_close(acting_user=counter, round_=round_)
    s = connection.settings_dict
    env = {"PGPASSWORD": s.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(  # noqa: S603 - fixed arguments, local test database
        [pg_dump, "-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432),
         "-U", s["USER"], "-t", TABLE, "--data-only", s["NAME"]],
        capture_output=True, text=True, env=env, check=True, timeout=60,
    ).stdout
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("COPY ") and TABLE in line)
    header = lines[start]
    columns = [c.strip() for c in header[header.index("(") + 1:header.index(")")].split(",")]
    body = lines[start + 1:]
    rows = [line.split("\t") for line in body[:body.index("\\.")]]
    order = [_voter_of(row[columns.index("choices")]) for row in rows]
    assert sorted(order) == list(range(N_VOTERS))
    assert abs(_spearman(list(range(N_VOTERS)), order)) < 0.3


@pytest.mark.django_db(transaction=True)
def test_control_without_the_mix_postgresql_dump_follows_the_voting_order(
        make_round: Callable[..., Round], make_delegate: Callable[..., Delegate],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The attack the mix defeats: without it, a PostgreSQL dump lists ballots in voting
    order and each ballot's xmin is its receipt's. On SQLite the WITHOUT ROWID table keeps
    even unmixed ballots in random key order."""
    monkeypatch.setattr(services, "MIX_EVERY", 10**9)
    _round, _voters = _vote_all(make_round, make_delegate)
    orders = _dump_orders()
    rho = _spearman(list(range(N_VOTERS)), orders["select"])
    if connection.vendor == "postgresql":
        assert rho > 0.9
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT b.xmin::text FROM {TABLE} b "  # noqa: S608
                           "JOIN evoting_voterreceipt r ON r.xmin::text = b.xmin::text")
            assert len(cursor.fetchall()) == N_VOTERS
    else:
        assert abs(rho) < 0.3
        assert abs(_spearman(list(range(N_VOTERS)), orders["iterdump"])) < 0.3


@pytest.mark.django_db(transaction=True)
def test_mixing_during_the_vote_leaves_at_most_a_few_unmixed(
        make_round: Callable[..., Round], make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round(seats=len(NAMES), names=NAMES, ballot_format="approve", convened=60)
    for k in range(60):
        vote(make_delegate(), round_, _choices(k))
    unmixed = CastBallot.objects.filter(round=round_, mixed=False).count()
    assert unmixed < services.MIX_EVERY
    assert CastBallot.objects.filter(round=round_).count() == 60


def test_the_ballot_table_carries_no_time_and_no_link() -> None:
    fields = {f.name: f for f in CastBallot._meta.concrete_fields}
    assert set(fields) == {"id", "round", "choices", "mixed"}
    assert isinstance(fields["id"], models.UUIDField) and fields["id"].primary_key
    time_fields = (models.DateTimeField, models.DateField, models.TimeField, models.DurationField)
    for model in (CastBallot, VoterReceipt, EVoteRound):
        for f in model._meta.concrete_fields:
            assert not isinstance(f, time_fields), (model.__name__, f.name)
            assert not isinstance(f, models.AutoField | models.BigAutoField) or model is not CastBallot
    links = [f for f in CastBallot._meta.concrete_fields if f.is_relation]
    assert [f.related_model._meta.label for f in links] == ["elections.Round"]
    # Nothing points at a ballot either.
    assert not list(CastBallot._meta.related_objects)


@pytest.mark.django_db
def test_the_storage_has_no_sequence_and_sqlite_stores_by_key() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT column_name, column_default FROM information_schema.columns "
                           "WHERE table_name = %s", [TABLE])
            defaults = dict(cursor.fetchall())
            assert all(d is None or "nextval" not in d for d in defaults.values()), defaults
            cursor.execute("SELECT count(*) FROM pg_depend d JOIN pg_class c ON c.oid = d.objid "
                           "WHERE c.relkind = 'S' AND d.refobjid = %s::regclass", [TABLE])
            assert cursor.fetchone()[0] == 0
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [TABLE])
            assert "WITHOUT ROWID" in cursor.fetchone()[0].upper()
