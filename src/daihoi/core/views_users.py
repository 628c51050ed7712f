"""Users and roles administration (system administrator only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daihoi.core import registry, selectors, services
from daihoi.core.forms import UserActiveForm, UserCreateForm, UserEditForm, UserFilterForm
from daihoi.core.models import User
from daihoi.core.permissions import role_required
from daihoi.core.roles import Role


def _user_for(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@role_required(Role.ADMIN)
def user_list(request: HttpRequest) -> HttpResponse:
    form = UserFilterForm(request.GET)
    form.is_valid()  # every field is optional and lenient: an unreadable one is ignored
    query, state = form.cleaned_data.get("q", ""), form.cleaned_data.get("active", "")
    users = list(selectors.user_list(query=query, active=form.active_state()))
    return render(request, "core/users/list.html",
                  {"users": users, "q": query, "active": state})


@role_required(Role.ADMIN)
def user_new(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        password = services.temporary_password()
        try:
            user = services.user_create(
                acting_user=_user_for(request), username=data["username"], password=password,
                full_name=data["full_name"], email=data["email"], roles=data["roles"],
                member_id=data["member"].pk if data["member"] else None,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # Shown once, on this answer only: not stored, not in the log, not in a redirect.
            response = render(request, "core/users/password.html",
                              {"target": user, "password": password, "created": True})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "core/users/form.html", {"form": form})


@role_required(Role.ADMIN)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    member = registry.linked_record(target)  # None when no member record is linked
    link = registry.person_link()
    member_key = link.key(member) if member is not None and link is not None else ""
    initial = {
        "full_name": target.full_name, "email": target.email,
        "roles": sorted(target.groups.values_list("name", flat=True)),
        "member": member_key,
    }
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        acting = _user_for(request)
        try:
            services.user_change(acting_user=acting, user=target, full_name=data["full_name"],
                                 email=data["email"], roles=data["roles"],
                                 member_id=data["member"].pk if data["member"] else None)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu tài khoản %(user)s.") % {"user": target.username})
            return redirect("core:user_list")
    return render(request, "core/users/form.html",
                  {"form": form, "target": target, "member": member, "member_key": member_key})


@require_POST
@role_required(Role.ADMIN)
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    active = UserActiveForm(request.POST).reopens()
    try:
        services.user_set_active(acting_user=_user_for(request), user=target, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if active:
            messages.success(request, _("Đã mở lại tài khoản %(user)s.") % {"user": target.username})
        else:
            messages.success(request, _("Đã khóa tài khoản %(user)s.") % {"user": target.username})
    return redirect("core:user_edit", pk=target.pk)


@require_POST
@role_required(Role.ADMIN)
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    password = services.user_reset_password(acting_user=_user_for(request), user=target)
    response = render(request, "core/users/password.html",
                      {"target": target, "password": password, "created": False})
    response["Cache-Control"] = "no-store"
    return response
