"""Read queries of the organizations and members register."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from daihoi.core.imports import RowError
from daihoi.core.models import AuditLog, Job
from daihoi.organizations.models import AdmissionPlan, Member, MemberTransfer, Organization
from daihoi.rules import membership as lifecycle
from daihoi.rules import names
from daihoi.rules.percent import percent

STATUSES = [s for s, _ in Member.Status.choices]


class RegisterPaginator(Paginator):
    """Fetches a page in two steps: the page's ids from the member table alone (read
    from the covering index), then those 50 rows with their organizations. A late page
    then skips index entries, not joined rows (the OFFSET of 48,000 rows of a 100,000-
    member register cost 250 ms the direct way on SQLite)."""

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        qs: QuerySet[Member] = self.object_list  # type: ignore[assignment]
        ids = list(qs.values_list("pk", flat=True)[bottom:bottom + self.per_page])
        rows = list(qs.filter(pk__in=ids)) if ids else []
        return Page(rows, number, self)


@dataclass
class OrgNode:
    org: Organization
    depth: int = 0
    children: list[OrgNode] = field(default_factory=list)
    own: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    kind_label: str = ""

    @property
    def active_total(self) -> int:
        return self.total[Member.Status.PROBATIONARY] + self.total[Member.Status.FULL]

    @property
    def counts(self) -> list[int]:
        return [self.total[s] for s in STATUSES]

    def walk(self) -> list[OrgNode]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


def organization_tree(*, include_dissolved: bool = False, counts: bool = True) -> list[OrgNode]:
    """The whole tree with member counts by status, each node's counts including its
    sub-tree: two queries (organizations; counts grouped by organization and status)."""
    orgs = Organization.objects.all()
    if not include_dissolved:
        orgs = orgs.filter(dissolved_on__isnull=True)
    nodes = {o.pk: OrgNode(o) for o in orgs.order_by("name")}
    rows = Member.objects.values("organization_id", "status").annotate(n=Count("id")).order_by()
    for row in rows if counts else ():
        node = nodes.get(row["organization_id"])
        if node is not None:
            node.own[row["status"]] += row["n"]
    roots: list[OrgNode] = []
    for node in nodes.values():
        parent = nodes.get(node.org.parent_id) if node.org.parent_id else None
        (parent.children if parent else roots).append(node)

    def fill(node: OrgNode, depth: int) -> Counter[str]:
        node.depth = depth
        node.total = Counter(node.own)
        for child in node.children:
            node.total.update(fill(child, depth + 1))
        # Grassroots organizations first by kind, then by name in Vietnamese order.
        node.children.sort(key=lambda n: (n.org.kind == Organization.Kind.CELL, names.fold(n.org.name)))
        return node.total

    for root in roots:
        fill(root, 0)
    return roots


def descendant_ids(org_id: int, parents: Mapping[int, int | None]) -> set[int]:
    """`org_id` and every organization below it, from a map id -> parent id."""
    children: dict[int | None, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    found, stack = set(), [org_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, []))
    return found


def organization_node(org: Organization) -> OrgNode | None:
    """The node of `org` in the whole tree (dissolved organizations included), with its
    sub-tree and counts."""
    for root in organization_tree(include_dissolved=True):
        for node in root.walk():
            if node.org.pk == org.pk:
                return node
    return None


def organization_parents() -> dict[int, int | None]:
    return dict(Organization.objects.values_list("id", "parent_id"))


def organization_subtree_ids(org_id: int) -> set[int]:
    return descendant_ids(org_id, organization_parents())


def organization_choices(*, active_only: bool = True) -> list[tuple[int, str]]:
    """(id, indented name) in tree order, for select boxes."""
    out: list[tuple[int, str]] = []
    names: dict[int, str] = {}
    for root in organization_tree(include_dissolved=not active_only, counts=False):
        for node in root.walk():
            names[node.org.pk] = node.org.name
            label = node.org.name
            # Below the grassroots level two cells may share a name: the chosen option, shown
            # alone in a closed select, names its parent too (Organization.label).
            if node.depth >= 2 and node.org.parent_id in names:
                label = f"{label} — {names[node.org.parent_id]}"
            out.append((node.org.pk, "\u2003" * node.depth + label))
    return out


def organization_path(org: Organization) -> list[Organization]:
    """From the root down to `org` (a handful of rows: fetched in one query)."""
    by_id = {o.pk: o for o in Organization.objects.only("id", "name", "parent_id")}
    path: list[Organization] = []
    current = by_id.get(org.pk)
    while current is not None and len(path) < 50:
        path.append(current)
        current = by_id.get(current.parent_id) if current.parent_id else None
    return list(reversed(path))


def document_place(org: Organization) -> str:
    """The place a Party document of `org` is dated at (Hướng dẫn 36-HD/VPTW: the province
    or city where the body sits): the last part of the nearest address up the tree, without
    "tỉnh" / "thành phố" ("…, tỉnh Bắc Giang" -> "Bắc Giang"); empty when none is recorded."""
    by_id = {o.pk: o for o in Organization.objects.only("id", "address", "parent_id")}
    current = by_id.get(org.pk)
    for _depth in range(50):
        if current is None:
            break
        if current.address.strip():
            last = current.address.split(",")[-1].strip()
            for prefix in ("tỉnh ", "Tỉnh ", "thành phố ", "Thành phố ", "TP. ", "TP "):
                last = last.removeprefix(prefix)
            return last.strip()
        current = by_id.get(current.parent_id) if current.parent_id else None
    return ""


def member_search(
    *, q: str = "", organization_id: int | None = None, status: str = "",
) -> QuerySet[Member]:
    """The register, filtered, in Vietnamese name order.

    `q` is folded like `Member.search_name` ("nguyen van a" finds "Nguyễn Văn A"); a
    query of digits also finds a party card number by prefix. `status` "" means the
    active members (probationary and full), "all" every record."""
    qs = Member.objects.select_related("organization", "organization__parent")
    if status == "all":
        pass
    elif status in STATUSES:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status__in=Member.ACTIVE_STATUSES)
    if organization_id:
        qs = qs.filter(organization_id__in=organization_subtree_ids(organization_id))
    folded = names.fold(q)
    if folded:
        cond = Q(search_name__contains=folded)
        if folded.replace(" ", "").isdigit():
            cond |= Q(party_card_number__startswith=folded.replace(" ", ""))
        qs = qs.filter(cond)
    return qs.order_by("sort_key", "id")


def member_transfers(member: Member) -> QuerySet[MemberTransfer]:
    return member.transfers.select_related("from_organization", "to_organization")


VERB_LABELS = {
    "member_admit": _("Kết nạp"), "member_recognize_full": _("Công nhận chính thức"),
    "member_transfer": _("Chuyển sinh hoạt"), "member_transfer_out": _("Chuyển ra ngoài Đảng bộ"),
    "member_mark_deceased": _("Từ trần"), "member_remove": _("Ra khỏi Đảng"),
    "member_update": _("Sửa thông tin"), "member_record_ceremony": _("Ghi ngày lễ kết nạp"),
    "member_import": _("Nhập từ tệp"), "member_correct": _("Đính chính hồ sơ"),
    "member_link_user": _("Gắn tài khoản đăng nhập"),
    "member_unlink_user": _("Bỏ gắn tài khoản đăng nhập"),
    "demo": _("Dữ liệu mẫu"),
}


@dataclass(frozen=True)
class HistoryRow:
    entry: AuditLog
    label: str
    changes: list[tuple[str, Any, Any]]


def member_history(member: Member, *, limit: int = 200) -> list[HistoryRow]:
    """The audit rows of one member, newest first, with field names as the form shows them."""
    ct = ContentType.objects.get_for_model(Member)
    entries = AuditLog.objects.filter(content_type=ct, object_id=str(member.pk)).select_related("actor")
    fields = {f.attname: str(getattr(f, "verbose_name", f.name)) for f in Member._meta.concrete_fields}
    fields["reason"] = str(_("Lý do"))
    hidden = {"search_name", "sort_key"}
    org_names: dict[int, str] = {}
    rows = []
    for e in entries[:limit]:
        changes = []
        for name, before, after in e.changed_fields() if e.action == AuditLog.Action.UPDATE else []:
            if name in hidden:
                continue
            if name == "organization":
                ids = [v for v in (before, after) if isinstance(v, int) and v not in org_names]
                org_names.update(Organization.objects.filter(pk__in=ids).values_list("id", "name"))
                before, after = org_names.get(before, before), org_names.get(after, after)
            if name == "status":
                labels = dict(Member.Status.choices)
                before, after = labels.get(before, before), labels.get(after, after)
            changes.append((fields.get(name, fields.get(f"{name}_id", name)), before, after))
        label = VERB_LABELS.get(e.verb, e.get_action_display())
        rows.append(HistoryRow(e, str(label), changes))
    return rows


CEREMONY_LATE = _(
    "Lễ kết nạp ngày {ceremony:%d/%m/%Y} muộn hơn {days} ngày làm việc kể từ quyết định kết nạp "
    "(hạn {deadline:%d/%m/%Y}, không kể ngày lễ; Điều lệ Đảng, Điều 5)."
)


def ceremony_warning(admission_date: dt.date, ceremony_date: dt.date | None) -> str | None:
    """A warning when the ceremony came after its 30 working days (Charter Điều 5). Not a
    refusal: the register does not know the public holidays (rules.membership)."""
    if ceremony_date is None or not lifecycle.ceremony_late(admission_date, ceremony_date):
        return None
    return str(CEREMONY_LATE).format(
        ceremony=ceremony_date, days=lifecycle.CEREMONY_WORKING_DAYS,
        deadline=lifecycle.ceremony_deadline(admission_date),
    )


def _started_by(day: dt.date) -> Q:
    """Probation started on or before `day`: the ceremony, or the decision on records
    without a ceremony date (rules.membership.probation_start), as a query."""
    return Q(ceremony_date__lte=day) | Q(ceremony_date__isnull=True, admission_date__lte=day)


def _started_between(first: dt.date, last: dt.date) -> Q:
    return (Q(ceremony_date__range=(first, last))
            | Q(ceremony_date__isnull=True, admission_date__range=(first, last)))


@dataclass(frozen=True)
class DueRow:
    member: Member
    due: dt.date
    days_overdue: int


def members_due(*, today: dt.date) -> tuple[list[DueRow], list[DueRow]]:
    """(due this month, overdue): probationary members whose 12 months from the ceremony
    end between today and the end of this month, and those whose 12 months ended before."""
    _, month_end = lifecycle.month_bounds(today)
    window = lifecycle.starts_due_between(dt.date(1900, 1, 1), month_end)
    rows = (
        Member.objects.filter(_started_by(window.started_to), status=Member.Status.PROBATIONARY)
        .select_related("organization__parent")
        .order_by("admission_date", "sort_key")
    )
    this_month: list[DueRow] = []
    overdue: list[DueRow] = []
    for m in rows:
        start = m.probation_start
        row = DueRow(m, lifecycle.full_member_date(start), lifecycle.days_overdue(start, today))
        state = lifecycle.due_state(start, today)
        if state == lifecycle.Due.OVERDUE:
            overdue.append(row)
        elif state == lifecycle.Due.THIS_MONTH:
            this_month.append(row)
    # In the order they fell due (the ceremony, not the decision, sets it).
    this_month.sort(key=lambda r: (r.due, r.member.sort_key))
    overdue.sort(key=lambda r: (r.due, r.member.sort_key))
    return this_month, overdue


def import_errors(job: Job) -> list[RowError]:
    """The row errors a rejected import kept with its job, for the error report."""
    return [RowError(e.get("row"), e.get("column", ""), e.get("value", ""), e.get("reason", ""))
            for e in job.errors if isinstance(e, dict)]


# --- dashboard ----------------------------------------------------------------------------


def admission_plans(*, limit: int) -> list[AdmissionPlan]:
    """The latest years' admission targets, newest first."""
    return list(AdmissionPlan.objects.order_by("-year")[:limit])


def _without_dissolved(node: OrgNode) -> OrgNode:
    node.children = [_without_dissolved(c) for c in node.children if c.org.is_active]
    return node


@dataclass
class Dashboard:
    by_status: list[tuple[str, str, int]]  # (status, label, count)
    active_total: int
    top_orgs: list[OrgNode]
    grassroots_count: int
    years: list[dict[str, Any]]  # year, admitted, planned, percent
    due_this_month: int
    overdue: int


def dashboard(*, today: dt.date, years: int = 6, top: int = 15) -> Dashboard:
    # One grouped count serves the tree and the status totals (members of dissolved
    # organizations included: the tree is built with them, the top list skips them).
    roots = organization_tree(include_dissolved=True)
    counts: Counter[str] = Counter()
    for root in roots:
        counts.update(root.total)
    roots = [_without_dissolved(r) for r in roots if r.org.is_active]
    by_status = [(s, str(label), counts.get(s, 0)) for s, label in Member.Status.choices]
    grassroots = [c for r in roots for c in r.children]
    top_orgs = sorted(grassroots, key=lambda n: -n.active_total)[:top]
    first_year = today.year - years + 1
    # One pass over the admission-date index with a count per year (SQLite's year
    # extraction is a Python function per row: ten times slower at 100,000 members).
    per_year = {
        f"y{y}": Count("id", filter=Q(admission_date__range=(dt.date(y, 1, 1), dt.date(y, 12, 31))))
        for y in range(first_year, today.year + 1)
    }
    counted = Member.objects.filter(admission_date__gte=dt.date(first_year, 1, 1)).aggregate(**per_year)
    admitted = {int(k[1:]): v for k, v in counted.items()}
    plans = dict(AdmissionPlan.objects.filter(year__gte=first_year).values_list("year", "planned"))
    year_rows = []
    for y in range(first_year, today.year + 1):
        planned = plans.get(y)
        done = admitted.get(y, 0)
        year_rows.append({
            "year": y, "admitted": done, "planned": planned,
            "percent": percent(done, planned) if planned else None,
        })
    # Counted from windows of probation starts (ceremony, else decision; no row fetched):
    # due from today to the end of the month, and overdue (due before today).
    probationary = Member.objects.filter(status=Member.Status.PROBATIONARY)
    _, month_end = lifecycle.month_bounds(today)
    soon = lifecycle.starts_due_between(today, month_end)
    late = lifecycle.starts_due_between(dt.date(1900, 1, 1), today - dt.timedelta(days=1))
    return Dashboard(
        by_status=by_status,
        active_total=counts.get(Member.Status.PROBATIONARY, 0) + counts.get(Member.Status.FULL, 0),
        top_orgs=top_orgs, grassroots_count=len(grassroots), years=year_rows,
        due_this_month=probationary.filter(_started_between(soon.started_from, soon.started_to)).count(),
        overdue=probationary.filter(_started_by(late.started_to)).count(),
    )
