"""Pages of the classification: campaigns, a cell's list by keyboard, organizations' ratings,
the close with its quota check, the import, the results and their Excel table."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.appraisal import access, exports, forms, selectors, services, tasks
from daihoi.appraisal.models import Campaign, EntryGrant, MemberAppraisal
from daihoi.core import confirm
from daihoi.core import selectors as core_selectors
from daihoi.core.jobs import job_start, job_url
from daihoi.core.permissions import has_role, role_required
from daihoi.core.roles import Role
from daihoi.organizations.models import Organization
from daihoi.rules import appraisal as rules

READ_ROLES = (Role.OFFICE, Role.LEADER, Role.SECRETARIAT)  # and the administrator
CHANGE_ROLES = (Role.OFFICE,)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND_IMPORT = "appraisal_import"
PAGE_ROWS = 200
# The abbreviations the office's forms use, for the narrow columns of a list typed by keyboard.
SHORT_LEVELS = [(str(rules.Level.EXCELLENT), "HTXSNV", rules.Level.EXCELLENT.label),
                (str(rules.Level.GOOD), "HTTNV", rules.Level.GOOD.label),
                (str(rules.Level.SATISFACTORY), "HTNV", rules.Level.SATISFACTORY.label),
                (str(rules.Level.NOT_COMPLETED), "KHTNV", rules.Level.NOT_COMPLETED.label)]
CLOSE_DIRECT = 50_000  # appraisals closed while the office waits; more go to the worker
TITLE_IMPORT = _("Nhập kết quả xếp loại năm {year} từ tệp {name}")


def _can_change(request: HttpRequest) -> bool:
    return has_role(request.user, *CHANGE_ROLES)


def _campaign(year: int) -> Campaign:
    return get_object_or_404(Campaign, year=year)


@require_http_methods(["GET", "POST"])
@login_required
def index(request: HttpRequest) -> HttpResponse:
    granted = access.granted_organizations(request.user)
    if not access.can_read_all(request.user) and not granted:
        raise PermissionDenied
    form = forms.CampaignOpenForm(initial={"year": timezone.localdate().year,
                                           "appraisal_date": timezone.localdate().strftime("%d/%m/%Y")})
    if request.method == "POST":
        if not _can_change(request):
            raise PermissionDenied
        form = forms.CampaignOpenForm(request.POST)
        if form.is_valid():
            try:
                campaign = services.campaign_open(
                    acting_user=request.user,  # type: ignore[arg-type]
                    year=form.cleaned_data["year"], appraisal_date=form.cleaned_data["appraisal_date"],
                    rule_changes=form.rule_changes())
                return redirect("appraisal:campaign", year=campaign.year)
            except ValidationError as exc:
                for m in exc.messages:
                    form.add_error(None, m)
    return render(request, "appraisal/index.html", {
        "campaigns": selectors.campaigns(), "form": form, "can_change": _can_change(request),
        "can_read_all": access.can_read_all(request.user),
        "open_campaign": selectors.campaigns().filter(status=Campaign.Status.OPEN).first(),
        "mine": Organization.objects.filter(pk__in=granted).order_by("name")})


@role_required(*READ_ROLES)
def campaign(request: HttpRequest, year: int) -> HttpResponse:
    c = _campaign(year)
    rs = c.rule_set
    org_id, q = forms.CampaignQuery(request.GET).values()
    nodes, count, parent_id = selectors.organizations_to_enter(c, org_id, q)
    parent = Organization.objects.filter(pk=parent_id).first() if parent_id is not None else None
    return render(request, "appraisal/campaign.html", {
        "nodes": nodes, "count": count, "parent": parent, "q": q,
        "campaign": c, "citations": rs.citations(), "breaches": selectors.quota_breaches(c),
        "quota_share": rules.share_text(rs.excellent_quota_share),
        "pending": selectors.pending(c), "unentered": selectors.unentered(c),
        "can_change": _can_change(request) and c.is_open,
        "can_reopen": _can_change(request) and not c.is_open,
    })


def _entry_context(c: Campaign, organization: Organization, form: forms.EntryForm | None) -> dict:
    rows = selectors.cell_rows(c, organization)
    rs = c.rule_set
    lines = []
    for i, (member, a) in enumerate(rows, start=1):
        reason = rules.not_rated(admission_date=member.admission_date, appraisal_date=c.appraisal_date,
                                 exempt=member.exempt_from_activity,
                                 suspended=bool(a and a.suspended), rules=rs)
        caps = [rules.cap_message(rules.Cap(x), rs) for x in (a.caps.split(",") if a and a.caps else [])]
        score = "" if a is None or a.score is None else f"{a.score.normalize():f}".replace(".", ",")
        lines.append({"n": i, "member": member, "a": a, "not_rated": reason.message(rs) if reason else "",
                      "score": score,
                      "caps": caps,
                      "level_label": _t(rules.LEVEL_LABELS[rules.Level(a.level)]) if a and a.level else ""})
    return {"campaign": c, "organization": organization, "lines": lines, "form": form,
            "levels": SHORT_LEVELS}


@require_http_methods(["GET", "POST"])
@login_required
def entry(request: HttpRequest, year: int, org_id: int) -> HttpResponse:
    """A cell's whole list on one page, typed by keyboard: Enter goes down a column. For the
    roles that read everything, and the login granted this organization (its secretary)."""
    c = _campaign(year)
    organization = get_object_or_404(Organization, pk=org_id)
    if not access.can_open(request.user, organization):
        raise PermissionDenied
    if request.method == "POST":
        if not access.can_enter(request.user, organization):
            raise PermissionDenied
        ids = [m.pk for m, _a in selectors.cell_rows(c, organization)]
        form = forms.EntryForm(request.POST, member_ids=ids)
        if form.is_valid():
            try:
                n = services.member_appraisals_save(acting_user=request.user,  # type: ignore[arg-type]
                                                    campaign=c, organization=organization, rows=form.rows())
                messages.success(request, _t("Đã lưu %(n)s đảng viên.") % {"n": n})
                return redirect("appraisal:entry", year=year, org_id=org_id)
            except ValidationError as exc:
                for m in exc.messages:
                    messages.error(request, m)
    ctx = _entry_context(c, organization, None)
    ctx["can_change"] = access.can_enter(request.user, organization) and c.is_open
    ctx["can_grant"] = _can_change(request)
    ctx["grants"] = EntryGrant.objects.filter(organization=organization).select_related("user")
    return render(request, "appraisal/entry.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
def organizations_entry(request: HttpRequest, year: int, org_id: int) -> HttpResponse:
    """The organizations under `org_id`, rated by it."""
    c = _campaign(year)
    parent = get_object_or_404(Organization, pk=org_id)
    if not access.can_open(request.user, parent):
        raise PermissionDenied
    rows = selectors.organization_rows(c, parent)
    if request.method == "POST":
        if not access.can_enter(request.user, parent):
            raise PermissionDenied
        form = forms.OrganizationEntryForm(request.POST, organization_ids=[o.pk for o, _a in rows])
        if form.is_valid():
            try:
                n = services.organization_appraisals_save(acting_user=request.user,  # type: ignore[arg-type]
                                                          campaign=c, parent=parent, rows=form.rows())
                messages.success(request, _t("Đã lưu %(n)s tổ chức.") % {"n": n})
                return redirect("appraisal:organizations_entry", year=year, org_id=org_id)
            except ValidationError as exc:
                for m in exc.messages:
                    messages.error(request, m)
    return render(request, "appraisal/organizations_entry.html", {
        "campaign": c, "parent": parent, "rows": rows, "levels": [(str(lv), lv.label) for lv in rules.LEVELS],
        "can_change": access.can_enter(request.user, parent) and c.is_open})


def _close_figures(c: Campaign) -> confirm.Figures:
    rated, not_rated = selectors.classified(c)
    lines = [_t("Đã xếp loại: %(n)s đảng viên; không xếp loại: %(m)s.") % {"n": rated, "m": not_rated}]
    if pending := selectors.pending(c):
        lines.append(_t("Chưa xếp loại: %(n)s đảng viên.") % {"n": pending})
    if unentered := selectors.unentered(c):
        lines.append(_t("Chưa có trong danh sách của chi bộ nào: %(n)s đảng viên.") % {"n": unentered})
    if breaches := selectors.quota_breaches(c):
        lines.append(_t("Vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ: %(n)s đơn vị.") % {"n": len(breaches)})
    return confirm.Figures(lines, _t(
        "Sau khi kết thúc, số liệu xếp loại được chốt cho báo cáo và không nhập thêm được; muốn "
        "sửa phải mở lại đợt đánh giá."))


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_ROLES)
def close(request: HttpRequest, year: int) -> HttpResponse:
    """Asked first, with the figures of this moment (classified, pending, over the quota)."""
    c = _campaign(year)
    if not c.is_open:
        return redirect("appraisal:campaign", year=year)
    figures = _close_figures(c)
    if not confirm.confirmed(request, figures):
        return confirm.ask(request, title=_t("Kết thúc đợt đánh giá, xếp loại năm %(year)s") % {"year": year},
                           figures=figures, button=_t("Kết thúc đợt đánh giá"),
                           back=reverse("appraisal:campaign", args=[year]),
                           warning=_t("Xem số liệu lúc này trước khi xác nhận:"))
    if MemberAppraisal.objects.filter(campaign=c).count() > CLOSE_DIRECT:
        # a national campaign: the worker closes it, with progress
        job = job_start(acting_user=request.user, kind="appraisal_close",  # type: ignore[arg-type]
                        title=_t("Kết thúc đợt đánh giá, xếp loại năm %(year)s") % {"year": year},
                        task=tasks.close_campaign, params={"year": year})
        return redirect(job_url(job))
    try:
        services.campaign_close(acting_user=request.user, campaign=c)  # type: ignore[arg-type]
        messages.success(request, _t("Đã kết thúc đợt đánh giá, xếp loại năm %(year)s.") % {"year": year})
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    return redirect("appraisal:campaign", year=year)


@require_POST
@role_required(*CHANGE_ROLES)
def reopen(request: HttpRequest, year: int) -> HttpResponse:
    services.campaign_reopen(acting_user=request.user, campaign=_campaign(year))  # type: ignore[arg-type]
    return redirect("appraisal:campaign", year=year)


@require_http_methods(["GET", "POST"])
@role_required(*CHANGE_ROLES)
def import_file(request: HttpRequest, year: int) -> HttpResponse:
    c = _campaign(year)
    error = ""
    if request.method == "POST":
        form = forms.UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            error = form.error()
        else:
            upload = form.cleaned_data["file"]
            job = job_start(acting_user=request.user, kind=KIND_IMPORT,  # type: ignore[arg-type]
                            title=str(TITLE_IMPORT).format(year=year, name=upload.name),
                            task=tasks.import_appraisals,
                            params={"year": year, "filename": upload.name or ""}, upload=upload)
            return redirect(job_url(job))
    from daihoi.appraisal import imports

    return render(request, "appraisal/import.html", {
        "campaign": c, "error": error, "columns": imports.COLUMNS,
        "recent": core_selectors.recent_jobs(kind=KIND_IMPORT, user=request.user, limit=5)})


@role_required(*READ_ROLES)
def results(request: HttpRequest) -> HttpResponse:
    """Year over year for the whole committee (chart, phrases, a summary per year), then one
    year's table per grassroots organization (the latest unless ?year= names another)."""
    query = forms.ResultsQuery(request.GET)
    r = selectors.results(query.value(), detail_year=query.detail_year())
    table = exports.results_table(r, organizations=False)
    years = [t.year for t in table]
    detail_year = r.detail_year
    shown = len(r.organizations)
    if shown > PAGE_ROWS:  # a national committee: the page shows the first rows, the Excel all
        r.organizations = r.organizations[:PAGE_ROWS]
    detail = [t for t in exports.results_table(r, years={detail_year}) if t.year == detail_year]
    return render(request, "appraisal/results.html", {
        "r": r, "table": table, "detail": detail[0] if detail else None, "years": years,
        "phrases": [(y.campaign.year, selectors.phrases(y)) for y in r.years],
        "more": shown - len(r.organizations), "shown": len(r.organizations),
        "levels": [(str(lv), lv.label) for lv in rules.LEVELS]})


@role_required(*READ_ROLES)
def results_xlsx(request: HttpRequest) -> HttpResponse:
    """The office's table; a national committee's (thousands of organizations) is written by
    the worker, with progress, and downloaded from the job's page."""
    years = forms.ResultsQuery(request.GET).value()
    r = selectors.results(years)  # the size: the latest year's organizations × the years
    if exports.results_rows(r) > exports.DIRECT_ROWS:
        job = job_start(acting_user=request.user, kind="appraisal_results_export",  # type: ignore[arg-type]
                        title=str(_("Xuất bảng tổng hợp xếp loại ra Excel")), task=tasks.results_export,
                        params={"years": years})
        return redirect(job_url(job))
    response = HttpResponse(exports.results_xlsx(selectors.results(years, full=True)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exports.FILENAME}"'
    return response



@require_POST
@role_required(*CHANGE_ROLES)
def grant(request: HttpRequest, year: int, org_id: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=org_id)
    form = forms.GrantForm(request.POST)
    if form.is_valid():
        try:
            services.entry_grant(acting_user=request.user, username=form.cleaned_data["username"],  # type: ignore[arg-type]
                                 organization=organization)
            messages.success(request, _t("Đã giao nhập kết quả."))
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
    return redirect("appraisal:entry", year=year, org_id=org_id)


@require_POST
@role_required(*CHANGE_ROLES)
def revoke(request: HttpRequest, year: int, org_id: int, grant_id: int) -> HttpResponse:
    g = get_object_or_404(EntryGrant, pk=grant_id, organization_id=org_id)
    services.entry_revoke(acting_user=request.user, grant=g)  # type: ignore[arg-type]
    return redirect("appraisal:entry", year=year, org_id=org_id)
