"""The review page (any date), its Word and PDF reports, and the targets entered directly."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.congress.models import Congress
from daihoi.core.permissions import has_role, role_required
from daihoi.core.roles import Role
from daihoi.targets import forms, reports, selectors, services
from daihoi.targets.models import Target

READ_ROLES = (Role.OFFICE, Role.LEADER, Role.SECRETARIAT)
CHANGE_ROLES = (Role.OFFICE,)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _review(request: HttpRequest) -> selectors.Review | None:
    congress, on = forms.ReviewQuery(request.GET).values()
    congress = congress or selectors.default_congress(on)
    return selectors.review(congress, on) if congress is not None else None


@role_required(*READ_ROLES)
def review(request: HttpRequest) -> HttpResponse:
    r = _review(request)
    return render(request, "targets/review.html", {
        "review": r, "review_dates": selectors.review_dates(r.congress) if r else [],
        "congresses": selectors.congresses_with_targets(),
        "all_congresses": Congress.objects.order_by("-starts_on"),
        "can_change": has_role(request.user, *CHANGE_ROLES),
        "target_form": forms.TargetForm(), "value_form": forms.TargetValueForm(),
        "query": request.GET.urlencode()})


@role_required(*READ_ROLES)
def review_docx(request: HttpRequest) -> HttpResponse:
    r = _review(request)
    if r is None:
        return redirect("targets:review")
    response = HttpResponse(reports.review_docx(r), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="chi-tieu-{r.on:%Y%m%d}.docx"'
    return response


@role_required(*READ_ROLES)
def review_pdf(request: HttpRequest) -> HttpResponse:
    r = _review(request)
    if r is None:
        return redirect("targets:review")
    response = HttpResponse(reports.review_pdf(r), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chi-tieu-{r.on:%Y%m%d}.pdf"'
    return response


@role_required(*READ_ROLES)
def review_json(request: HttpRequest) -> HttpResponse:
    r = _review(request)
    return JsonResponse(selectors.review_json(r) if r else {})


@require_POST
@role_required(*CHANGE_ROLES)
def target_create(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = get_object_or_404(Congress, pk=congress_id)
    form = forms.TargetForm(request.POST)
    if form.is_valid():
        try:
            services.target_create(acting_user=request.user, congress=congress,  # type: ignore[arg-type]
                                   **form.cleaned_data)
            messages.success(request, _t("Đã thêm chỉ tiêu."))
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
    else:
        messages.error(request, _t("Chỉ tiêu chưa đủ thông tin."))
    return redirect(f"{_review_url()}?congress={congress.pk}")


@require_POST
@role_required(*CHANGE_ROLES)
def target_delete(request: HttpRequest, target_id: int) -> HttpResponse:
    target = get_object_or_404(Target, pk=target_id)
    services.target_remove(acting_user=request.user, target=target)  # type: ignore[arg-type]
    return redirect(f"{_review_url()}?congress={target.congress_id}")


@require_http_methods(["POST"])
@role_required(*CHANGE_ROLES)
def value_enter(request: HttpRequest, target_id: int) -> HttpResponse:
    target = get_object_or_404(Target, pk=target_id)
    form = forms.TargetValueForm(request.POST)
    if form.is_valid():
        try:
            services.target_value_enter(acting_user=request.user, target=target,  # type: ignore[arg-type]
                                        today=timezone.localdate(), **form.cleaned_data)
            messages.success(request, _t("Đã ghi số liệu."))
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
    else:
        for errs in form.errors.values():
            for error in errs:
                messages.error(request, str(error))
    return redirect(f"{_review_url()}?congress={target.congress_id}")


def _review_url() -> str:
    from django.urls import reverse

    return reverse("targets:review")
