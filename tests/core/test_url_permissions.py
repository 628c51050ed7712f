"""Every URL of the project, walked from the resolver: an anonymous visitor never gets a
page (200) except the few that are public on purpose, and a logged-in user without any
role gets nothing but their own account pages.

This guards the views written later too: a new view without `role_required` fails here.
Patterns with arguments are filled with values that match no record (a view that looks
the record up before checking permission answers 404, which also gives nothing away).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from daihoi.portal.urls import PUBLIC_NAMES as PORTAL_PUBLIC

# Public on purpose. Names as "namespace:name".
ANONYMOUS_ALLOWED = {
    "login",
    "set_language",
} | PORTAL_PUBLIC  # the public portal
# A logged-in user without a role still owns their account.
NO_ROLE_ALLOWED = ANONYMOUS_ALLOWED | {"password_change", "password_change_done", "logout"}

SAMPLES = {
    "int": "987654321",
    "str": "zz-no-such-record",
    "slug": "zz-no-such-record",
    "uuid": str(uuid.UUID(int=0xDA1401)),
    "path": "zz/no/such/record",
}
ROUTE_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def _walk(resolver: URLResolver, prefix: str = "", ns: str = "") -> Iterator[tuple[str, str]]:
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if route.startswith("^"):
            route = route.lstrip("^").rstrip("$").replace("\\", "")
        if isinstance(entry, URLResolver):
            child_ns = ns
            if entry.namespace:
                child_ns = f"{ns}{entry.namespace}:"
            yield from _walk(entry, prefix + route, child_ns)
        elif isinstance(entry, URLPattern):
            name = f"{ns}{entry.name}" if entry.name else f"{prefix}{route} (unnamed)"
            url = "/" + ROUTE_PARAM.sub(lambda m: SAMPLES.get(m["conv"] or "str", "x"),
                                        prefix + route)
            yield name, url


def all_urls() -> list[tuple[str, str]]:
    return sorted(set(_walk(get_resolver())))


URLS = all_urls()


def _login_url() -> str:
    return reverse("login")


def _closed(response, *, logged_in: bool) -> bool:
    """True if the answer gives nothing away: a redirect to login (anonymous), 403, 404,
    or 405 for a method the view does not take."""
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code in (301, 302):
        location = response["Location"]
        if not logged_in:
            return _login_url() in location
        return True
    return False


def test_the_walk_finds_the_projects_urls():
    names = {name for name, _url in URLS}
    assert {"home", "login", "core:audit_list", "core:user_list"} <= names
    assert len(URLS) > 10


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), URLS, ids=[n for n, _u in URLS])
def test_anonymous_gets_nothing(client, name, url):
    if name in ANONYMOUS_ALLOWED:
        pytest.skip("public on purpose")
    response = client.get(url)
    assert _closed(response, logged_in=False), f"GET {url} → {response.status_code}"
    if response.status_code == 405:
        response = client.post(url, {})
        assert _closed(response, logged_in=False), f"POST {url} → {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), URLS, ids=[n for n, _u in URLS])
def test_user_without_role_gets_nothing(client, make_user, name, url):
    if name in NO_ROLE_ALLOWED:
        pytest.skip("open to any logged-in user")
    client.force_login(make_user())
    response = client.get(url)
    assert _closed(response, logged_in=True), f"GET {url} → {response.status_code}"
    if response.status_code == 405:
        response = client.post(url, {})
        assert _closed(response, logged_in=True), f"POST {url} → {response.status_code}"
