"""What core asks of the domain apps, without importing them.

core sits under every app (DESIGN.md: "core imports no domain app"), yet two of its pages
need an answer only a domain app has: which record a login stands for (a party member,
for the accounts page) and which page a role lands on after logging in (the register's
dashboard). Each app registers its answers in its `AppConfig.ready()`; core asks here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class PersonLink:
    """The record a login may stand for: a model with a one-to-one `user` field.

    `find(text)` is the records a typed text names (an identifier first: when one matches,
    only it), `key(record)` the identifier an administrator types to name it again."""

    model: type[models.Model]
    name_field: str
    find: Callable[[str], Sequence[models.Model]]
    key: Callable[[Any], str]


@dataclass(frozen=True)
class HomePage:
    roles: tuple[str, ...]
    view: Callable[[HttpRequest], HttpResponse]


_person_link: PersonLink | None = None
_home_pages: list[HomePage] = []


def register_person_link(link: PersonLink) -> None:
    global _person_link
    _person_link = link


def person_link() -> PersonLink | None:
    return _person_link


def linked_record(user: Any) -> models.Model | None:
    """The record linked to the login, or None (or when no app provides one)."""
    link = _person_link
    if link is None or user is None or user.pk is None:
        return None
    return link.model._default_manager.filter(user=user).first()


def register_home_page(*, roles: Sequence[str], view: Callable[[HttpRequest], HttpResponse]) -> None:
    """The page a holder of one of `roles` lands on; the first registered that fits wins
    (apps register in INSTALLED_APPS order). Registering the same view again replaces it."""
    page = HomePage(tuple(str(r) for r in roles), view)
    _home_pages[:] = [p for p in _home_pages if p.view is not view]
    _home_pages.append(page)


def home_pages() -> list[HomePage]:
    return list(_home_pages)


@dataclass(frozen=True)
class StatusPanel:
    """One section of the leader's status page (where things stand): an app's template and
    the context it is rendered with; `context` returns None when the panel has nothing to
    show for this request (no congress in progress, no targets yet)."""

    key: str
    order: int
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]


_status_panels: dict[str, StatusPanel] = {}


def register_status_panel(*, key: str, order: int, template: str,
                          context: Callable[[HttpRequest], dict[str, Any] | None]) -> None:
    """Registering the same key again replaces it (AppConfig.ready may run twice in tests)."""
    _status_panels[key] = StatusPanel(key, order, template, context)


def status_panels() -> list[StatusPanel]:
    return sorted(_status_panels.values(), key=lambda p: (p.order, p.key))


@dataclass(frozen=True)
class MemberPanel:
    """One section of a party member's record page that another app keeps (the discipline
    records of the inspection part): its template and the context for this request and
    member; `context` returns None when this user may not see it (the app decides who)."""

    key: str
    order: int
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]


_member_panels: dict[str, MemberPanel] = {}


def register_member_panel(*, key: str, order: int, template: str,
                          context: Callable[[HttpRequest, Any], dict[str, Any] | None]) -> None:
    """Registering the same key again replaces it (AppConfig.ready may run twice in tests)."""
    _member_panels[key] = MemberPanel(key, order, template, context)


def member_panels(request: HttpRequest, member: Any) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of each panel this user may see on `member`'s page, in order."""
    shown = []
    for panel in sorted(_member_panels.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(request, member)
        if context is not None:
            shown.append((panel.template, context))
    return shown


# --- the audit log as a clerk reads it ------------------------------------------------------
# Each app names its services' audit verbs with a sentence ("Nhập đảng viên từ tệp: {record}");
# the placeholders are {record} (the record's name), {type} (its kind) and the keys of the
# row's `after` values (a summary row of an import records {count} and {file}).
_audit_sentences: dict[str, Any] = {}

# Some rows hold what a user may not read yet (a round's result before the presidium
# publishes it: elections.access). A guard answers, for one user and a page of rows, the ids
# of the rows to withhold; the log then shows that a change was made, not what it was.
AuditGuard = Callable[[Any, Sequence[Any]], set[int]]
_audit_guards: list[AuditGuard] = []


def register_audit_sentences(sentences: dict[str, Any]) -> None:
    _audit_sentences.update(sentences)


def audit_sentence_for(verb: str) -> Any | None:
    return _audit_sentences.get(verb)


def register_audit_guard(guard: AuditGuard) -> None:
    if guard not in _audit_guards:
        _audit_guards.append(guard)


def audit_guards() -> list[AuditGuard]:
    return list(_audit_guards)
