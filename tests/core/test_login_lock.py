"""The failed-login lock behind the reverse proxy (issue 15, "Permissions"): every request
came from the proxy's 127.0.0.1, so five wrong passwords from anywhere locked the account
for everyone for 15 minutes. The lock is by username and client address together; the
client address is read from X-Forwarded-For only when the request comes from a trusted
proxy (TRUSTED_PROXIES), from the right, to the first address that is not a proxy."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse

from daihoi.core.roles import Role
from tests.conftest import PASSWORD

PROXY = "127.0.0.1"  # docs/operations.md: the proxy on the same machine
ATTACKER, VICTIM = "203.0.113.7", "198.51.100.9"


def _login(client: Client, username: str, password: str, **meta: str) -> int:
    return client.post(reverse("login"), {"username": username, "password": password},
                       **meta).status_code


def _fail_until_locked(client: Client, username: str, settings: Any, **meta: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, username, "wrong", **meta)
    assert _login(client, username, PASSWORD, **meta) == 429


@pytest.mark.django_db
def test_behind_the_proxy_a_stranger_does_not_lock_the_owner_out(make_user: Any,
                                                                 settings: Any) -> None:
    settings.TRUSTED_PROXIES = (PROXY,)
    user = make_user(Role.OFFICE)
    _fail_until_locked(Client(), user.username, settings, REMOTE_ADDR=PROXY,
                       HTTP_X_FORWARDED_FOR=ATTACKER)
    assert _login(Client(), user.username, PASSWORD, REMOTE_ADDR=PROXY,
                  HTTP_X_FORWARDED_FOR=VICTIM) == 302


@pytest.mark.django_db
def test_two_clients_from_two_addresses(make_user: Any, settings: Any) -> None:
    user = make_user(Role.OFFICE)
    _fail_until_locked(Client(), user.username, settings, REMOTE_ADDR=ATTACKER)
    assert _login(Client(), user.username, PASSWORD, REMOTE_ADDR=VICTIM) == 302


@pytest.mark.django_db
def test_a_forwarded_header_from_an_untrusted_address_is_ignored(make_user: Any,
                                                                 settings: Any) -> None:
    """A client reaching the server directly cannot escape its lock by sending a new
    X-Forwarded-For with each try: only the proxy's header is read."""
    settings.TRUSTED_PROXIES = (PROXY,)
    user = make_user(Role.OFFICE)
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, user.username, "wrong", REMOTE_ADDR=ATTACKER,
               HTTP_X_FORWARDED_FOR=f"192.0.2.{i + 1}")
    assert _login(client, user.username, PASSWORD, REMOTE_ADDR=ATTACKER,
                  HTTP_X_FORWARDED_FOR=VICTIM) == 429


def _ip(settings: Any, proxies: tuple[str, ...], remote: str, forwarded: str | None = None) -> Any:
    from daihoi.core.client_ip import client_ip

    settings.TRUSTED_PROXIES = proxies
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(("proxies", "remote", "forwarded", "expected"), [
    ((), PROXY, ATTACKER, PROXY),                              # no proxy named: never read
    ((PROXY,), ATTACKER, VICTIM, ATTACKER),                    # not from the proxy: ignored
    ((PROXY,), PROXY, None, PROXY),                            # the proxy's own request
    ((PROXY,), PROXY, ATTACKER, ATTACKER),
    ((PROXY,), PROXY, f"{VICTIM}, {ATTACKER}", ATTACKER),      # the client's own entry: ignored
    (("10.0.0.0/8", PROXY), PROXY, f"{VICTIM}, {ATTACKER}, 10.1.2.3", ATTACKER),  # two proxies
    ((PROXY,), PROXY, "2001:db8::7", "2001:db8::7"),
    ((PROXY,), PROXY, "not-an-address", PROXY),                # nothing better vouched for
])
def test_client_ip(settings: Any, proxies: tuple[str, ...], remote: str, forwarded: str | None,
                   expected: str) -> None:
    assert _ip(settings, proxies, remote, forwarded) == expected


def test_a_wrong_proxy_entry_stops_the_start() -> None:
    from daihoi.core.client_ip import parse_networks

    assert [str(n) for n in parse_networks([" 127.0.0.1", "", "10.0.0.0/8 "])] == [
        "127.0.0.1/32", "10.0.0.0/8"]
    with pytest.raises(ImproperlyConfigured, match=r"«proxy\.example»"):
        parse_networks(["127.0.0.1", "proxy.example"])
