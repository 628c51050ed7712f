"""Demo: five closed years of classification (the last term's 2020–2024, as years before this
term) for every member active then, and the organizations rated by the level above; this
term's first year open for entry. Written in bulk, the rules deciding each level and the
quota kept per grassroots organization, so every year closes as the office's would."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from daihoi.appraisal import selectors
from daihoi.appraisal.models import (
    Campaign,
    EntryGrant,
    LevelTally,
    MemberAppraisal,
    OrganizationAppraisal,
)
from daihoi.core.demo import DEMO_PASSWORD
from daihoi.core.models import User
from daihoi.organizations.models import Member, Organization
from daihoi.rules import appraisal as rules
from daihoi.rules.appraisal import CapFacts, Level


def _score(rng: random.Random, year_bias: float) -> Decimal:
    roll = rng.random()
    if roll < 0.13 + year_bias:
        value = rng.uniform(90, 98)
    elif roll < 0.935:
        value = rng.uniform(70, 89.5)
    elif roll < 0.995:
        value = rng.uniform(55, 69.5)
    else:
        value = rng.uniform(35, 49)
    return Decimal(str(round(value * 2) / 2))


@transaction.atomic
def build(*, seed: int, log: Callable[[str], None]) -> None:
    if Campaign.objects.exists():
        log("Đã có đợt đánh giá: bỏ qua dữ liệu demo xếp loại")
        return
    if not Organization.objects.exists():
        log("Chưa có tổ chức đảng: bỏ qua dữ liệu demo xếp loại")
        return
    rng = random.Random(seed + 366)  # noqa: S311 - demo data, reproducible by design
    today = timezone.localdate()
    term = today.year - today.year % 5
    tree = selectors.tree()
    members = list(Member.objects.filter(status__in=Member.ACTIVE_STATUSES)
                   .values_list("id", "organization_id", "admission_date", "exempt_from_activity"))
    rs = rules.DEFAULT_RULES
    total = 0
    for i, year in enumerate(range(term - 5, term)):
        on = dt.date(year, 12, 15)
        campaign = Campaign.objects.create(year=year, appraisal_date=on, rules=rs.to_dict(),
                                           status=Campaign.Status.CLOSED,
                                           closed_at=dt.datetime(year, 12, 28, 9, tzinfo=dt.UTC))
        rows: list[MemberAppraisal] = []
        per_unit: dict[int, list[MemberAppraisal]] = defaultdict(list)
        for pk, org, admitted, exempt in members:
            if admitted > on:
                continue
            row = MemberAppraisal(campaign=campaign, member_id=pk, organization_id=org,
                                  grassroots_id=tree.grassroots_of(org), step=MemberAppraisal.Step.DECIDED)
            reason = rules.not_rated(admission_date=admitted, appraisal_date=on, exempt=exempt, rules=rs)
            if reason is not None:
                row.not_rated, row.not_rated_note = str(reason.reason), reason.message(rs)
            else:
                row.score = _score(rng, 0.005 * i)
                level = rules.level_by_score(row.score, rs)
                facts = CapFacts(disciplined=rng.random() < 0.003,
                                 sick_leave_months=4 if rng.random() < 0.004 else 0)
                capped = rules.apply_caps(level, facts, rs)
                row.disciplined = facts.disciplined
                row.sick_leave_months = Decimal(str(facts.sick_leave_months))
                row.proposed = row.decided = str(capped.level)
                row.level, row.caps = str(capped.level), ",".join(str(c) for c in capped.caps)
                per_unit[row.grassroots_id].append(row)
            rows.append(row)
        # The committee keeps each grassroots organization within the quota: the lowest scores
        # proposed excellent are decided good.
        for unit_rows in per_unit.values():
            excellent = sorted((r for r in unit_rows if r.level == Level.EXCELLENT),
                               key=lambda r: r.score or 0)
            good = sum(r.level == Level.GOOD for r in unit_rows)
            while excellent and len(excellent) > rules.quota_allowed(good, rs):
                r = excellent.pop(0)
                r.decided = r.level = str(Level.GOOD)
                good += 1
        MemberAppraisal.objects.bulk_create(rows, batch_size=2000)
        total += len(rows)
        # Organizations, rated by the level above.
        orgs = []
        for org_id, maybe_parent in tree.parent.items():
            if maybe_parent is None or not tree.active[org_id]:
                continue
            parent: int = maybe_parent
            roll = rng.random()
            level = (Level.EXCELLENT if roll < 0.18 else Level.GOOD if roll < 0.93 + 0.008 * i
                     else Level.SATISFACTORY if roll < 0.995 else Level.NOT_COMPLETED)
            orgs.append(OrganizationAppraisal(campaign=campaign, organization_id=org_id, rated_by_id=parent,
                                              proposed=str(level), decided=str(level), level=str(level)))
        OrganizationAppraisal.objects.bulk_create(orgs, batch_size=2000)
        tallies = []
        for subject, per in ((LevelTally.Subject.MEMBERS, selectors.member_counts_live(campaign)),
                             (LevelTally.Subject.ORGANIZATIONS,
                              selectors.organization_counts_live(campaign, tree))):
            for unit, c in per.items():
                tallies.append(LevelTally(campaign=campaign, organization_id=unit, subject=subject,
                                          excellent=c.excellent, good=c.good, satisfactory=c.satisfactory,
                                          not_completed=c.not_completed, not_rated=c.not_rated))
        LevelTally.objects.bulk_create(tallies)
    Campaign.objects.create(year=term, appraisal_date=dt.date(term, 12, 15), rules=rs.to_dict())
    # A cell's secretary who enters that cell's list (the login `bithu`, the demo's password).
    cell = (Organization.objects.filter(kind=Organization.Kind.CELL, dissolved_on__isnull=True)
            .annotate(n=Count("members")).filter(n__gte=8).order_by("name").first())
    if cell is not None and not User.objects.filter(username="bithu").exists():
        # no role: the grant alone opens the cell's list (user_create is durable, this is not)
        secretary = User(username="bithu", full_name=f"Bí thư {cell.name}")
        secretary.set_password(DEMO_PASSWORD)
        secretary.save()
        EntryGrant.objects.create(user=secretary, organization=cell)
    log(f"Đánh giá, xếp loại {term - 5}–{term - 1}: {total} lượt đảng viên; năm {term} đang mở"
        + (f"; bithu nhập kết quả {cell.name}" if cell is not None else ""))
