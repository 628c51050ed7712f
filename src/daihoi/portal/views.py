"""The portal's pages. Public pages are cached (pagecache) and hold nothing of one reader;
the reader's part (CSRF token, their rating, the counter) comes from `state`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from daihoi.core.permissions import has_role, role_required
from daihoi.portal import forms, pagecache, selectors, services, stats, tasks, visitors
from daihoi.portal.models import Article, Banner, Category, Contact, Event, Page

OFFICE = services.EDIT_ROLES
PAGE_SIZE = 15


def _portal(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context.setdefault("site_name", selectors.site_name())
    context.setdefault("categories", list(selectors.categories()))
    context.setdefault("info_pages", list(selectors.pages()))
    return render(request, template, context, status=status)


@pagecache.cached_page
@require_GET
def front(request: HttpRequest) -> HttpResponse:
    from django.conf import settings

    host = getattr(settings, "DAIHOI_PORTAL_HOST", "")
    if host and request.get_host().split(":")[0] != host:
        # The portal has a host name of its own: this one is the staff application's.
        return redirect("home")
    return _portal(request, "portal/front.html", {"front": selectors.front_page()})


def _article_context(article: Article, **extra: Any) -> dict[str, Any]:
    return {
        "article": article,
        "photos": list(article.photos.all()),
        "rating": selectors.rating_summary(article),
        "comments": list(selectors.approved_comments(article)),
        "related": list(selectors.category_articles(article.category).exclude(pk=article.pk)[:5]),
        "rating_form": extra.pop("rating_form", forms.RatingForm()),
        "comment_form": extra.pop("comment_form", forms.CommentForm()),
        **extra,
    }


@pagecache.cached_page
@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.public_article(slug)
    if found is None:
        raise Http404
    return _portal(request, "portal/article.html", _article_context(found))


@role_required(*OFFICE)
@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The article as the public would see it, whatever its status (office only)."""
    found = selectors.any_article(pk)
    if found is None:
        raise Http404
    return _portal(request, "portal/article.html", _article_context(found, preview=True))


@pagecache.cached_page
@require_GET
def category(request: HttpRequest, slug: str) -> HttpResponse:
    cat = selectors.category_by_slug(slug)
    if cat is None:
        raise Http404
    form = forms.PageNumberForm(request.GET)
    number = form.cleaned_data.get("page") if form.is_valid() else 1
    page = Paginator(selectors.category_articles(cat), PAGE_SIZE).get_page(number or 1)
    return _portal(request, "portal/category.html", {"category": cat, "page": page})


@pagecache.cached_page
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = forms.SearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    return _portal(request, "portal/search.html", {"form": form, "q": q, "results": selectors.search(q)})


@pagecache.cached_page
@require_GET
def info_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.page_by_slug(slug)
    if page is None:
        raise Http404
    return _portal(request, "portal/page.html", {"page": page})


@pagecache.cached_page
@require_GET
def events(request: HttpRequest) -> HttpResponse:
    return _portal(request, "portal/events.html", {"events": list(selectors.upcoming_events())})


@require_GET
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.photo_for_public(pk)
    if found is None:
        raise Http404
    if selectors.public_articles().filter(pk=found.article_id).exists():
        cache = "public, max-age=86400"
    elif has_role(request.user, *OFFICE):
        cache = "private, no-store"
    else:
        raise Http404
    response = HttpResponse(bytes(found.data), content_type=found.content_type)
    response["Cache-Control"] = cache
    return response


_last_roll_up_check = [0.0]


@never_cache
@require_GET
def state(request: HttpRequest) -> JsonResponse:
    """The reader's part of a cached page: a CSRF token for its forms, their rating of the
    article, the counter's figures; and the page view counted (bots left out)."""
    import time

    form = forms.StateForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    token, new = visitors.visitor_token(request)
    visitor = visitors.visitor_hash(token)
    article_id = data.get("a")
    if data.get("hit") and not visitors.is_bot(request.headers.get("User-Agent", "")):
        stats.record_hit(visitor=visitor, article_id=article_id)
        if time.monotonic() - _last_roll_up_check[0] > 600:
            _last_roll_up_check[0] = time.monotonic()
            tasks.ensure_roll_up()
    figures = stats.figures()
    mine = None
    if article_id:
        found = selectors.any_article(article_id)
        mine = selectors.my_rating(found, visitor) if found else None
    response = JsonResponse(
        {
            "csrf": get_token(request),
            "rated": mine,
            "counter": {
                "total": figures.total,
                "online": figures.online,
                "today": figures.today,
                "yesterday": figures.yesterday,
            },
        }
    )
    if new:
        visitors.set_visitor_cookie(response, token)
    return response


def _public_or_404(slug: str) -> Article:
    found = selectors.public_article(slug)
    if found is None:
        raise Http404
    return found


@require_POST
def rate(request: HttpRequest, slug: str) -> HttpResponse:
    found = _public_or_404(slug)
    form = forms.RatingForm(request.POST)
    token, new = visitors.visitor_token(request)
    error = ""
    if form.is_valid():
        try:
            services.rating_submit(
                article=found,
                visitor=visitors.visitor_hash(token),
                address=visitors.address_hash(request),
                stars=form.cleaned_data["stars"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except PermissionDenied as exc:
            raise Http404 from exc
    else:
        error = _("Chọn số điểm từ 1 đến 5.")
    if error:
        response = _portal(
            request,
            "portal/article.html",
            _article_context(found, rating_form=form, rating_error=error),
            status=400,
        )
    else:
        response = redirect(reverse("portal:article", args=[found.slug]) + "?da-danh-gia=1#danh-gia")
    if new:
        visitors.set_visitor_cookie(response, token)
    return response


@require_POST
def comment(request: HttpRequest, slug: str) -> HttpResponse:
    found = _public_or_404(slug)
    form = forms.CommentForm(request.POST)
    sent = reverse("portal:article", args=[found.slug]) + "?da-gui=1#y-kien"
    if form.is_valid():
        if form.cleaned_data["website"]:
            return redirect(sent)  # a bot: thanked, and nothing kept
        try:
            services.comment_submit(
                article=found,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                text=form.cleaned_data["text"],
                address=visitors.address_hash(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            return redirect(sent)
    return _portal(request, "portal/article.html", _article_context(found, comment_form=form), status=400)


# --- the office ---------------------------------------------------------------------------------


@role_required(*OFFICE)
@require_GET
def office(request: HttpRequest) -> HttpResponse:
    form = forms.ArticleFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    tasks.ensure_roll_up()
    return render(
        request,
        "portal/office/articles.html",
        {
            "form": form,
            "articles": selectors.office_articles(status=status)[:200],
            "pending": selectors.moderation_queue().count(),
        },
    )


def _photos(form: forms.ArticleForm) -> list[services.NewPhoto]:
    return [services.NewPhoto(data, name, caption) for data, name, caption in form.photos()]


@role_required(*OFFICE)
def article_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    found = None
    if pk is not None:
        found = selectors.any_article(pk)
        if found is None:
            raise Http404
    form = forms.ArticleForm(request.POST or None, request.FILES or None, instance=found)
    if request.method == "POST" and form.is_valid():
        data = form.article_data()
        try:
            saved = services.article_save(
                acting_user=request.user,  # type: ignore[arg-type]
                article=found,
                data=data,
                photos=_photos(form),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu bài viết."))
            return redirect("portal:article_edit", pk=saved.pk)
    revisions = list(found.revisions.select_related("user")[:30]) if found else []
    return render(
        request,
        "portal/office/article_form.html",
        {
            "form": form,
            "article": found,
            "revisions": revisions,
            "photos": list(found.photos.all()) if found else [],
        },
    )


@role_required(*OFFICE)
def comments(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/office/comments.html", {"comments": selectors.moderation_queue()[:200]})


@role_required(*OFFICE)
@require_POST
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.comment_of(pk)
    if found is None:
        raise Http404
    form = forms.ModerateForm(request.POST)
    if form.is_valid():
        try:
            services.comment_moderate(
                acting_user=request.user,  # type: ignore[arg-type]
                comment=found,
                approve=form.cleaned_data["decision"] == "approve",
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã xử lý ý kiến."))
    return redirect("portal:comments")


@role_required(*OFFICE)
@require_GET
def office_stats(request: HttpRequest) -> HttpResponse:
    tasks.ensure_roll_up()
    report = selectors.office_stats()
    peak = max((d.visits for d in report.days), default=0) or 1
    return render(
        request,
        "portal/office/stats.html",
        {"report": report, "figures": stats.figures(cached=False), "peak": peak},
    )


@role_required(*OFFICE)
def draft(request: HttpRequest) -> HttpResponse:
    form = forms.DraftForm(request.POST or None, congresses=selectors.closed_congresses())
    if request.method == "POST" and form.is_valid():
        try:
            made = services.article_draft_from_congress(
                acting_user=request.user,  # type: ignore[arg-type]
                congress=form.cleaned_data["congress"],
                category=form.cleaned_data["category"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã soạn bản nháp từ hồ sơ đại hội: xem lại, sửa rồi đăng."))
            return redirect("portal:article_edit", pk=made.pk)
    return render(request, "portal/office/draft.html", {"form": form})


# The office's simple records: banners, pages, contacts, events, categories.
SIMPLE: dict[str, tuple[Any, Any, Any, str]] = {
    "banner": (Banner, forms.BannerForm, services.banner_save, "banner"),
    "page": (Page, forms.PageForm, services.page_save, "page"),
    "contact": (Contact, forms.ContactForm, services.contact_save, "contact"),
    "event": (Event, forms.EventForm, services.event_save, "event"),
    "category": (Category, forms.CategoryForm, services.category_save, "category"),
}
SIMPLE_TITLES = {
    "banner": gettext_lazy("Băng rôn"),
    "page": gettext_lazy("Trang thông tin"),
    "contact": gettext_lazy("Người liên hệ"),
    "event": gettext_lazy("Sự kiện"),
    "category": gettext_lazy("Chuyên mục"),
}


@role_required(*OFFICE)
def records(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in SIMPLE:
        raise Http404
    model = SIMPLE[kind][0]
    return render(
        request,
        "portal/office/records.html",
        {"kind": kind, "title": SIMPLE_TITLES[kind], "rows": list(model.objects.all()[:300])},
    )


@role_required(*OFFICE)
def record_edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    if kind not in SIMPLE:
        raise Http404
    model, form_class, save, _name = SIMPLE[kind]
    found = None
    if pk is not None:
        found = model.objects.filter(pk=pk).first()
        if found is None:
            raise Http404
    form = form_class(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in form.Meta.fields}
        save(acting_user=request.user, **{kind: found}, data=data)
        messages.success(request, _("Đã lưu."))
        return redirect("portal:records", kind=kind)
    return render(
        request,
        "portal/office/record_form.html",
        {"kind": kind, "title": SIMPLE_TITLES[kind], "form": form, "obj": found},
    )
