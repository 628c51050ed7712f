"""Benchmark: the classification and the targets at national scale, on PostgreSQL (issue 16).

    .venv/bin/python -m bench.appraisal                                 # 1,000,000 members
    .venv/bin/python -m bench.appraisal --members 100000 --organizations 5000
    .venv/bin/python -m bench.appraisal --members 5600000 --organizations 280000

Makes a scratch PostgreSQL database (`daihoi_bench_appraisal`, dropped afterwards) and fills it
with SQL (generate_series, so a million members take seconds, not the ORM's minutes): a root
committee, grassroots organizations (one in ten of --organizations) each with its cells, the
members spread over the cells, five years of campaigns (2020–2024) with every member's
appraisal (levels drawn by a hash: about 10% excellent, 82% good, within the quota) and every
organization's rating, a congress with six targets. Then it times, server side (Django's test
Client, logged in as the office):

- closing each campaign (`appraisal.services.campaign_close`, as the worker runs it: the pending
  count, the quota per grassroots organization, the frozen figures);
- the results page and its Excel table, the review page, its DOCX and PDF;
- one cell's entry page and saving its list.

Targets (issue 16): the results page and the review under 1 s each; closing a campaign of
1,000,000 members under 30 s in the worker. Never touches var/.

Measured on the shared 2-core build machine (1 December 2026, PostgreSQL on the same machine,
medians of 3):

    members / organizations      100,000 / 5,000    1,000,000 / 50,000
    generate (5 years)             4.8 s + 17.8 s      59.7 s + 212.5 s
    close one campaign            0.5 – 1.1 s          2.3 – 4.4 s
    results page                  298 ms               300 ms
    review page                    54 ms               310 ms
    review DOCX / PDF             174 / 194 ms         378 / 257 ms
    results Excel (all orgs)      2.0 s (direct)       19.7 s (a job in the worker)
    campaign page (open year)     191 ms               1,732 ms
    a cell's entry page / save     40 / 30 ms           50 / 35 ms
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench._common import migrate, percentile, pg_drop, pg_recreate, pg_url, setup_django

PG_DB = "daihoi_bench_appraisal"
YEARS = range(2020, 2025)


MEMBERS_SQL = """
INSERT INTO organizations_member (full_name, search_name, sort_key, gender, date_of_birth, ethnicity,
    religion, education, political_theory, admission_date, status, exempt_from_activity,
    organization_id, position, phone, email)
SELECT 'Nguyễn Văn ' || i, 'nguyen van ' || i, 'van ' || lpad(i::text, 8, '0'), 'male',
    date '1970-01-01' + (i %% 9000), 'Kinh', '', '', '', date '1995-01-01' + (i %% 10950), 'full',
    i %% 500 = 0, %s + (i %% %s), '', '', ''
FROM generate_series(1, %s) i
"""
# A hash of (member, year) in 0..999: 10% excellent, 82% good, 7% satisfactory, 1% not completed
# (so every grassroots organization is within the quota); the exempted (one in 500) not rated.
APPRAISALS_SQL = """
INSERT INTO appraisal_memberappraisal (campaign_id, member_id, organization_id, grassroots_id,
    role_group, score, excellent_conditions, proposed, decided, disciplined, self_corrected,
    sick_leave_months, suspended, not_rated, not_rated_note, level, caps, step)
SELECT %s, m.id, m.organization_id, o.parent_id, '', 80, true, '', lv, false, false, 0, false,
    CASE WHEN m.exempt_from_activity THEN 'exempt' ELSE '' END, '',
    CASE WHEN m.exempt_from_activity THEN '' ELSE lv END, '', 'decided'
FROM (SELECT m.*, CASE WHEN h < 100 THEN 'excellent' WHEN h < 920 THEN 'good'
                       WHEN h < 990 THEN 'satisfactory' ELSE 'not_completed' END AS lv
      FROM (SELECT m.*, ((m.id::bigint * 7919 + %s * 104729) %% 1000) AS h
            FROM organizations_member m) m) m
JOIN organizations_organization o ON o.id = m.organization_id
"""
# The committee keeps each grassroots organization within the quota (20% of those rated good):
# the excellent past it are decided good, as the office would before closing.
QUOTA_SQL = """
WITH g AS (SELECT grassroots_id, count(*) FILTER (WHERE level = 'good') AS good
           FROM appraisal_memberappraisal WHERE campaign_id = %s GROUP BY grassroots_id),
     r AS (SELECT a.id, row_number() OVER (PARTITION BY a.grassroots_id ORDER BY a.id) AS rn, g.good
           FROM appraisal_memberappraisal a JOIN g USING (grassroots_id)
           WHERE a.campaign_id = %s AND a.level = 'excellent')
UPDATE appraisal_memberappraisal a SET level = 'good', decided = 'good'
FROM r WHERE a.id = r.id AND r.rn > r.good / 5
"""
ORGANIZATION_RATINGS_SQL = """
INSERT INTO appraisal_organizationappraisal (campaign_id, organization_id, rated_by_id, disciplined,
    proposed, decided, level)
SELECT %s, o.id, o.parent_id, false, '', lv, lv
FROM (SELECT o.*, CASE WHEN (o.id * 31 + %s) %% 100 < 15 THEN 'excellent'
                       WHEN (o.id * 31 + %s) %% 100 < 95 THEN 'good' ELSE 'satisfactory' END AS lv
      FROM organizations_organization o WHERE o.parent_id IS NOT NULL) o
"""


def _sql(cur, statement: str, *params: object) -> None:  # type: ignore[no-untyped-def]
    cur.execute(statement, params or None)


def generate(members: int, organizations: int) -> dict[str, float]:
    from django.db import connection

    from daihoi.appraisal.models import Campaign
    from daihoi.rules.appraisal import DEFAULT_RULES

    grassroots = max(1, organizations // 10)
    cells = max(1, organizations - grassroots - 1)
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        # A bulk load: the foreign keys are known good (made here), their triggers are skipped.
        _sql(cur, "SET session_replication_role = replica")
        _sql(cur, "SET synchronous_commit = off")
        _sql(cur, "INSERT INTO organizations_organization (name, short_name, kind, address) "
                  "VALUES ('Đảng bộ Khối', '', 'committee', '') RETURNING id")
        root = cur.fetchone()[0]
        _sql(cur, "INSERT INTO organizations_organization (name, short_name, kind, parent_id, address) "
                  "SELECT 'Đảng bộ cơ sở ' || lpad(g::text, 6, '0'), '', 'grassroots_committee', %s, '' "
                  "FROM generate_series(1, %s) g", root, grassroots)
        _sql(cur, "SELECT min(id) FROM organizations_organization WHERE kind = 'grassroots_committee'")
        first_g = cur.fetchone()[0]
        _sql(cur, "INSERT INTO organizations_organization (name, short_name, kind, parent_id, address) "
                  "SELECT 'Chi bộ ' || lpad(c::text, 7, '0'), '', 'cell', %s + (c %% %s), '' "
                  "FROM generate_series(1, %s) c", first_g, grassroots, cells)
        _sql(cur, "SELECT min(id) FROM organizations_organization WHERE kind = 'cell'")
        first_c = cur.fetchone()[0]
        _sql(cur, MEMBERS_SQL, first_c, cells, members)
    t1 = time.perf_counter()
    rules = DEFAULT_RULES.to_dict()
    campaigns = [Campaign.objects.create(year=y, appraisal_date=f"{y}-12-15", rules=rules) for y in YEARS]
    with connection.cursor() as cur:
        for c in campaigns:
            # A hash of (member, year) in 0..999: 10% excellent, 82% good, 7% satisfactory,
            # 1% not completed (so every grassroots organization is within the quota); the
            # exempted (one in 500) not rated.
            _sql(cur, APPRAISALS_SQL, c.pk, c.year)
            _sql(cur, QUOTA_SQL, c.pk, c.pk)
            _sql(cur, ORGANIZATION_RATINGS_SQL, c.pk, c.year, c.year)
        _sql(cur, "SET session_replication_role = DEFAULT")
        cur.execute("VACUUM ANALYZE")
    t2 = time.perf_counter()
    return {"organizations": t1 - t0, "appraisals": t2 - t1}


def _time(client, url: str, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    response = client.get(url)  # warm-up
    # 302: a big export is a job, run here at once (DAIHOI_TASKS_BACKEND=immediate)
    assert response.status_code in (200, 302), (url, response.status_code)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - t) * 1000)
    return times


def worker(members: int, organizations: int, runs: int, reuse: bool = False) -> None:
    setup_django()
    import datetime as dt

    from django.urls import get_resolver

    from daihoi.appraisal import services
    from daihoi.appraisal.models import Campaign, MemberAppraisal
    from daihoi.core.models import User
    from daihoi.core.roles import Role
    from daihoi.core.services import user_create
    from daihoi.organizations.models import Member, Organization
    from daihoi.targets.models import Target

    get_resolver().url_patterns  # noqa: B018 - every view imported now, as a server does at start
    migrate()
    if reuse and Member.objects.exists():
        print(f"[postgres] reusing {Member.objects.count():,} members, {Organization.objects.count():,} "
              f"organizations, {MemberAppraisal.objects.count():,} appraisals")
        user = User.objects.get(username="bench-office")
        _pages(user, runs)
        return
    made = generate(members, organizations)
    print(f"[postgres] {Member.objects.count():,} members, {Organization.objects.count():,} organizations "
          f"in {made['organizations']:.1f} s; {MemberAppraisal.objects.count():,} appraisals (5 years) "
          f"in {made['appraisals']:.1f} s")
    user = user_create(acting_user=None, username="bench-office", password=None, roles=[Role.OFFICE])
    for c in Campaign.objects.order_by("year"):
        steps: list[tuple[int, float]] = []
        t = time.perf_counter()
        services.campaign_close(acting_user=user, campaign=c,
                                progress=lambda done, *a, steps=steps, **k: steps.append(
                                    (done, time.perf_counter())))
        size = MemberAppraisal.objects.filter(campaign=c).count()
        print(f"  close campaign {c.year} ({size:,} members): {time.perf_counter() - t:6.2f} s "
              f"({len(steps)} progress reports)")
    # the congress and its targets
    from django.db import connection

    root = Organization.objects.get(parent__isnull=True)
    with connection.cursor() as cur:
        cur.execute("INSERT INTO congress_congress (organization_id, kind, ordinal, term_start, term_end, "
                    "starts_on, ends_on, theme, venue, status, rules) VALUES "
                    "(%s, 'delegates', 17, 2020, 2025, '2020-08-20', '2020-08-21', '', '', 'closed', '{}') "
                    "RETURNING id", [root.pk])
        congress_id = cur.fetchone()[0]
    for n, (metric, comparison, value, unit, period) in enumerate([
            ("share_good_or_better", ">", 90, "%", "year"), ("share_excellent", ">=", 10, "%", "year"),
            ("orgs_good_or_better", ">", 90, "%", "year"), ("admitted", ">=", 100000, "people", "term"),
            ("admitted", ">=", 20000, "people", "year"), ("admitted_plan_share", ">=", 100, "%", "year")], 1):
        Target.objects.create(congress_id=congress_id, number=n, text=f"Chỉ tiêu {n}", metric=metric,
                              comparison=comparison, value=value, unit=unit, period=period)
    Campaign.objects.create(year=2025, appraisal_date=dt.date(2025, 12, 15))
    _pages(user, runs)


def _pages(user, runs: int) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    from daihoi.appraisal import selectors, services
    from daihoi.appraisal.models import Campaign
    from daihoi.organizations.models import Member, Organization
    from daihoi.targets.models import Target

    congress_id = Target.objects.values_list("congress_id", flat=True).first()
    open_year = Campaign.objects.get(year=2025)
    client = Client()
    client.force_login(user)
    cell = Organization.objects.filter(kind="cell").order_by("id").first()
    assert cell is not None
    cases = [
        ("results page (5 years)", "/appraisal/results/"),
        ("results Excel (5 years, every organization; a job when big)", "/appraisal/results.xlsx"),
        ("review page (6 targets, 01/06/2023)", f"/targets/?congress={congress_id}&on=01/06/2023"),
        ("review DOCX", f"/targets/review.docx?congress={congress_id}&on=01/06/2023"),
        ("review PDF", f"/targets/review.pdf?congress={congress_id}&on=01/06/2023"),
        ("campaign page (open year)", "/appraisal/2025/"),
        (f"one cell's entry page ({Member.objects.filter(organization=cell).count()} members)",
         f"/appraisal/2025/cell/{cell.pk}/"),
    ]
    print(f"[postgres] server side (test Client), {runs} runs each")
    for label, url in cases:
        times = _time(client, url, runs)
        print(f"  {label:<52} median {statistics.median(times):8.1f} ms  p95 {percentile(times, 95):8.1f} ms")
    rows = [services.EntryRow(member_id=m.pk, score="85") for m in Member.objects.filter(organization=cell)]
    t = time.perf_counter()
    services.member_appraisals_save(acting_user=user, campaign=open_year, organization=cell, rows=rows)
    print(f"  {'save one cell list':<52} {1000 * (time.perf_counter() - t):8.1f} ms")
    t = time.perf_counter()
    selectors.member_counts_live(Campaign.objects.get(year=2024))
    label = "live count of a 5-year-old campaign (no freeze)"
    print(f"  {label:<52} {1000 * (time.perf_counter() - t):8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--organizations", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", action="store_true",
                        help="time the pages on the database a --keep run left (no generation)")
    args = parser.parse_args()
    if args.worker:
        worker(args.members, args.organizations, args.runs, args.reuse)
        return
    import os
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory(prefix="daihoi-bench-appraisal-") as tmp:
        url = pg_url(PG_DB) if args.reuse else pg_recreate(PG_DB)
        env = dict(os.environ, DAIHOI_VAR=tmp, DATABASE_URL=url, DAIHOI_TASKS_BACKEND="immediate")
        try:
            subprocess.run([sys.executable, "-m", "bench.appraisal", "--worker",
                            "--members", str(args.members), "--organizations", str(args.organizations),
                            "--runs", str(args.runs), *(["--reuse"] if args.reuse else [])],
                           env=env, check=True)
        finally:
            if not (args.keep or args.reuse):
                pg_drop(PG_DB)


if __name__ == "__main__":
    main()
