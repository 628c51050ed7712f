"""Read queries of the classification: campaigns, a cell's list, the quota, the results."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from daihoi.appraisal import hooks
from daihoi.appraisal.models import Campaign, LevelTally, MemberAppraisal, OrganizationAppraisal
from daihoi.organizations.models import Member, Organization
from daihoi.rules import appraisal as rules
from daihoi.rules.appraisal import LEVELS, Level, LevelCounts, QuotaUnit

GRASSROOTS_KINDS = (Organization.Kind.GRASSROOTS_COMMITTEE, Organization.Kind.GRASSROOTS_CELL)
NO_ROLE_GROUP = "(chưa ghi nhóm chức danh)"


def campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.order_by("-year")


def campaign_for_year(year: int) -> Campaign | None:
    return Campaign.objects.filter(year=year).first()


# --- the tree --------------------------------------------------------------------------------


@dataclass
class Tree:
    parent: dict[int, int | None]
    kind: dict[int, str]
    name: dict[int, str]
    active: dict[int, bool]
    _grassroots: dict[int, int] = field(default_factory=dict)
    _root: int | None = None

    def grassroots_of(self, org_id: int) -> int:
        """The grassroots organization an organization is in: the nearest of a grassroots
        kind above it (or itself); else the one just under the top."""
        known = self._grassroots.get(org_id)
        if known is None:
            known = self._grassroots[org_id] = self._find_grassroots(org_id)
        return known

    def _find_grassroots(self, org_id: int) -> int:
        node: int | None = org_id
        path: list[int] = []
        while node is not None:
            if self.kind.get(node) in GRASSROOTS_KINDS:
                return node
            path.append(node)
            node = self.parent.get(node)
        return path[-2] if len(path) >= 2 else path[-1]

    def root(self) -> int | None:
        if self._root is None:
            roots = [i for i, p in self.parent.items() if p is None]
            self._root = roots[0] if roots else 0
        return self._root or None

    def children(self, org_id: int | None) -> list[int]:
        return sorted((i for i, p in self.parent.items() if p == org_id), key=lambda i: self.name[i])


def tree() -> Tree:
    rows = Organization.objects.values_list("id", "parent_id", "kind", "name", "dissolved_on")
    t = Tree({}, {}, {}, {})
    for pk, parent, kind, name, dissolved in rows.iterator(chunk_size=10000):
        t.parent[pk], t.kind[pk], t.name[pk], t.active[pk] = parent, kind, name, dissolved is None
    return t


def ancestors(org_id: int) -> list[tuple[int, int | None, str]]:
    """(id, parent, kind) of the organization and those above it, nearest first: a query per
    level (a tree is a few levels deep), not the whole tree."""
    out: list[tuple[int, int | None, str]] = []
    node: int | None = org_id
    seen: set[int] = set()
    while node is not None and node not in seen:
        seen.add(node)
        row = Organization.objects.filter(pk=node).values_list("id", "parent_id", "kind").first()
        if row is None:
            break
        out.append(row)
        node = row[1]
    return out


def grassroots_of(org_id: int) -> int:
    """Tree.grassroots_of for one organization, from its ancestors alone."""
    chain = ancestors(org_id)
    t = Tree({pk: parent for pk, parent, _k in chain}, {pk: kind for pk, _p, kind in chain}, {}, {})
    return t.grassroots_of(org_id)


def grassroots_organizations(t: Tree | None = None) -> list[int]:
    t = t or tree()
    ids = {t.grassroots_of(i) for i in t.parent if t.parent[i] is not None and t.active[i]}
    return sorted(ids, key=lambda i: t.name[i])


# --- a cell's list --------------------------------------------------------------------------


def active_members(organization: Organization) -> QuerySet[Member]:
    return Member.objects.filter(organization=organization, status__in=Member.ACTIVE_STATUSES)


def cell_rows(campaign: Campaign, organization: Organization) -> list[tuple[Member, MemberAppraisal | None]]:
    """The members of `organization` in name order with their appraisal (None: not yet entered;
    a member appraised here who has left since still shows)."""
    existing = {a.member_id: a for a in MemberAppraisal.objects.filter(
        campaign=campaign, organization=organization)}
    members = list(active_members(organization).order_by("sort_key", "id"))
    shown = {m.pk for m in members}
    gone = Member.objects.filter(pk__in=[k for k in existing if k not in shown]).order_by("sort_key")
    return [(m, existing.get(m.pk)) for m in [*members, *gone]]


def discipline_facts(member_ids: Iterable[int], year: int) -> dict[int, bool]:
    return hooks.disciplined_in_year(list(member_ids), year)


@dataclass
class EntryNode:
    organization_id: int
    name: str
    kind: str
    members: int
    entered: int
    has_children: bool


def organizations_to_enter(campaign: Campaign, parent_id: int | None = None, q: str = "",
                           limit: int = 200) -> tuple[list[EntryNode], int, int | None]:
    """The organizations directly under `parent_id` (the top's when None), each with the active
    members of its whole sub-tree and how many of them are entered; at most `limit`, filtered
    by `q` in the name. Returns the rows, how many there were, and the parent shown."""
    t = tree()
    parent = parent_id if parent_id in t.parent else t.root()
    members = dict(Member.objects.filter(status__in=Member.ACTIVE_STATUSES).values("organization")
                   .annotate(n=Count("id")).values_list("organization", "n").order_by())
    entered = dict(MemberAppraisal.objects.filter(campaign=campaign).exclude(step="pending")
                   .values("organization").annotate(n=Count("id")).values_list("organization", "n")
                   .order_by())
    kids: dict[int | None, list[int]] = defaultdict(list)
    for pk, p in t.parent.items():
        if t.active[pk]:
            kids[p].append(pk)
    total_m: dict[int, int] = {}
    total_e: dict[int, int] = {}

    def walk(node: int) -> tuple[int, int]:
        if node in total_m:
            return total_m[node], total_e[node]
        stack, order = [node], []
        while stack:
            n = stack.pop()
            order.append(n)
            stack.extend(kids.get(n, []))
        for n in reversed(order):
            total_m[n] = members.get(n, 0) + sum(total_m[c] for c in kids.get(n, []))
            total_e[n] = entered.get(n, 0) + sum(total_e[c] for c in kids.get(n, []))
        return total_m[node], total_e[node]

    needle = q.strip().casefold()
    children = [c for c in kids.get(parent, []) if needle in t.name[c].casefold()]
    children.sort(key=lambda c: t.name[c])
    rows = []
    for c in children[:limit]:
        m, e = walk(c)
        rows.append(EntryNode(c, t.name[c], t.kind[c], m, e, bool(kids.get(c))))
    return rows, len(children), parent


# --- the quota -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaRow:
    unit: str
    excellent: int
    good: int
    allowed: int
    over: int


def _member_counts(campaign: Campaign, key: str) -> dict[Any, LevelCounts]:
    grouped: dict[Any, dict[str, int]] = defaultdict(dict)
    qs = MemberAppraisal.objects.filter(campaign=campaign).exclude(level="")
    for unit, level, n in qs.values_list(key, "level").annotate(n=Count("*")).order_by():
        grouped[unit][level] = n
    return {unit: LevelCounts(**counts) for unit, counts in grouped.items()}


def quota_breaches(campaign: Campaign) -> list[QuotaRow]:
    """The units that break the quota on excellent, named, with how many too many."""
    rs = campaign.rule_set
    unit = rs.excellent_quota_unit
    if unit is QuotaUnit.GRASSROOTS:
        counts = _member_counts(campaign, "grassroots")
        names = dict(Organization.objects.filter(pk__in=list(counts)).values_list("id", "name"))
        labelled = {names.get(k, str(k)): v for k, v in counts.items()}
    elif unit is QuotaUnit.ROLE_GROUP:
        labelled = {(k or NO_ROLE_GROUP): v for k, v in _member_counts(campaign, "role_group").items()}
    else:
        total = sum(_member_counts(campaign, "campaign").values(), LevelCounts())
        labelled = {"Toàn Đảng bộ": total}
    return [QuotaRow(str(b.unit), b.excellent, b.good, b.allowed, b.over)
            for b in sorted(rules.quota_breaches(labelled, rs), key=lambda b: (-b.over, str(b.unit)))]


def pending(campaign: Campaign) -> int:
    """Members to rate who have no level yet (neither not rated nor classified)."""
    return MemberAppraisal.objects.filter(campaign=campaign, level="", not_rated="").count()


def classified(campaign: Campaign) -> tuple[int, int]:
    """(members classified, members recorded as not rated) in the campaign."""
    qs = MemberAppraisal.objects.filter(campaign=campaign)
    return qs.exclude(level="").count(), qs.filter(level="").exclude(not_rated="").count()


def unentered(campaign: Campaign) -> int:
    """Active members admitted by the appraisal date with no appraisal in the campaign (not
    even "not rated"): their cell's list has not been saved."""
    return Member.objects.filter(status__in=Member.ACTIVE_STATUSES,
                                 admission_date__lte=campaign.appraisal_date).exclude(
        appraisals__campaign=campaign).count()


# --- the results -----------------------------------------------------------------------------


def _counts_of(rows: Iterable[tuple[Any, str, str, int]]) -> dict[Any, LevelCounts]:
    grouped: dict[Any, dict[str, int]] = defaultdict(dict)
    for unit, level, not_rated, n in rows:
        key = "not_rated" if not_rated else level
        if key:
            grouped[unit][key] = grouped[unit].get(key, 0) + n
    return {unit: LevelCounts(**counts) for unit, counts in grouped.items()}


def member_counts_live(campaign: Campaign) -> dict[int | None, LevelCounts]:
    """Per grassroots organization, and the whole (None), counted now."""
    rows = (MemberAppraisal.objects.filter(campaign=campaign)
            .values_list("grassroots", "level", "not_rated").annotate(n=Count("*")).order_by())
    per = _counts_of(rows)
    out: dict[int | None, LevelCounts] = dict(per)
    out[None] = sum(per.values(), LevelCounts())
    return out


def organization_counts_live(campaign: Campaign, t: Tree | None = None) -> dict[int | None, LevelCounts]:
    """Organizations rated, per grassroots organization (itself and its cells) and the whole."""
    t = t or tree()
    rows = OrganizationAppraisal.objects.filter(campaign=campaign).exclude(level="").values_list(
        "organization", "level")
    grouped: dict[int | None, list[Level | None]] = defaultdict(list)
    grassroots: list[Level | None] = []
    root = t.root()
    for org, level in rows.iterator(chunk_size=10000):
        grouped[t.grassroots_of(org)].append(Level(level))
        if t.kind.get(org) in GRASSROOTS_KINDS or t.parent.get(org) == root:
            grassroots.append(Level(level))
    out: dict[int | None, LevelCounts] = {k: LevelCounts.of(v) for k, v in grouped.items()}
    out[None] = LevelCounts.of(grassroots)  # the bloc's figure: grassroots organizations
    return out


def counts(campaign: Campaign, subject: str) -> dict[int | None, LevelCounts]:
    """A closed campaign's frozen figures, an open one's counted now."""
    if not campaign.is_open:
        tallies = LevelTally.objects.filter(campaign=campaign, subject=subject).values_list(
            "organization", "excellent", "good", "satisfactory", "not_completed", "not_rated")
        frozen: dict[int | None, LevelCounts] = {row[0]: LevelCounts(*row[1:]) for row in tallies}
        if frozen:
            return frozen
    if subject == LevelTally.Subject.MEMBERS:
        return member_counts_live(campaign)
    return organization_counts_live(campaign)


@dataclass
class YearResult:
    campaign: Campaign
    members: dict[int | None, LevelCounts]
    organizations: dict[int | None, LevelCounts]


@dataclass
class Results:
    years: list[YearResult]
    organizations: list[tuple[int, str]]  # the grassroots organizations, in name order
    chart: dict[str, Any] = field(default_factory=dict)
    detail_year: int | None = None


def results(years: int = 5, campaign_list: list[Campaign] | None = None, *,
            detail_year: int | None = None, full: bool = False) -> Results:
    """The last `years` campaigns with something entered, oldest first: for each the whole
    committee's counts per level, members and organizations; per grassroots organization for
    `detail_year` only (the latest unless named), or for every year when `full` (the Excel)."""
    if campaign_list is not None:
        chosen = campaign_list
    else:  # the last `years` with something entered (an open year with nothing yet is left out)
        chosen = [c for c in campaigns() if not c.is_open
                  or MemberAppraisal.objects.filter(campaign=c).exists()][:years]
    chosen = sorted(chosen, key=lambda c: c.year)
    known = [c.year for c in chosen]
    detail = detail_year if detail_year in known else (known[-1] if known else None)
    out = []
    for c in chosen:
        if full or c.year == detail:
            members, orgs = counts(c, LevelTally.Subject.MEMBERS), counts(c, LevelTally.Subject.ORGANIZATIONS)
        else:
            members = {None: _bloc_of(c, LevelTally.Subject.MEMBERS) or LevelCounts()}
            orgs = {None: _bloc_of(c, LevelTally.Subject.ORGANIZATIONS) or LevelCounts()}
        out.append(YearResult(c, members, orgs))
    present = {k for y in out for k in y.members if k is not None}
    names = dict(Organization.objects.filter(pk__in=list(present)).values_list("id", "name"))
    listed = sorted(((k, names.get(k, "")) for k in present), key=lambda p: p[1])
    chart = {
        "years": [y.campaign.year for y in out],
        "series": [{"level": str(lv), "label": lv.label,
                    "values": [float(y.members[None].percent(lv) or 0) for y in out]} for lv in LEVELS],
    }
    return Results(out, listed, chart, detail)


def _bloc_of(campaign: Campaign, subject: str) -> LevelCounts | None:
    """The whole committee's counts: the frozen row of a closed campaign, or counted now."""
    if not campaign.is_open:
        t = LevelTally.objects.filter(campaign=campaign, subject=subject, organization__isnull=True).first()
        if t is not None:
            return LevelCounts(t.excellent, t.good, t.satisfactory, t.not_completed, t.not_rated)
    if subject == LevelTally.Subject.MEMBERS:
        rows = (MemberAppraisal.objects.filter(campaign=campaign).values_list("level", "not_rated")
                .annotate(n=Count("*")).order_by())
        return _counts_of((None, level, nr, n) for level, nr, n in rows).get(None, LevelCounts())
    return organization_counts_live(campaign).get(None)


def _bloc(year: int, subject: str) -> LevelCounts | None:
    """The whole committee's counts in a year (for the targets); None without a campaign."""
    campaign = campaign_for_year(year)
    return None if campaign is None else _bloc_of(campaign, subject)


def bloc_member_counts(year: int) -> LevelCounts | None:
    return _bloc(year, LevelTally.Subject.MEMBERS)


def bloc_organization_counts(year: int) -> LevelCounts | None:
    return _bloc(year, LevelTally.Subject.ORGANIZATIONS)


def organization_rows(campaign: Campaign, parent: Organization
                      ) -> list[tuple[Organization, OrganizationAppraisal | None]]:
    existing = {a.organization_id: a for a in OrganizationAppraisal.objects.filter(
        campaign=campaign, organization__parent=parent)}
    children = Organization.objects.filter(parent=parent, dissolved_on__isnull=True).order_by("name")
    return [(o, existing.get(o.pk)) for o in children]


def phrases(result: YearResult) -> list[str]:
    """The year's figures as the articles phrase them."""
    m = result.members.get(None)
    o = result.organizations.get(None)
    out = []
    if o and o.rated:
        out.append(rules.phrase_share("tổ chức cơ sở đảng", "hoàn thành tốt nhiệm vụ trở lên",
                                      o.percent("good_or_better")))
    if m and m.rated:
        out.append(rules.phrase_share("đảng viên", "xếp loại hoàn thành tốt nhiệm vụ trở lên",
                                      m.percent("good_or_better")))
        out.append(rules.phrase_share("đảng viên", "hoàn thành xuất sắc nhiệm vụ",
                                      m.percent(Level.EXCELLENT)))
    return out


def members_filter_rated() -> Q:
    return Q(not_rated="") & ~Q(level="")
