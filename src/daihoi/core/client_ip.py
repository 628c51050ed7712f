"""The address a request comes from, for the failed-login lock (django-axes calls
`client_ip` through AXES_CLIENT_IP_CALLABLE).

Behind a reverse proxy every request arrives from the proxy's address, so a lock by
username and address would lock the username for everyone. The proxy's addresses are
named in the TRUSTED_PROXIES setting; only a request that arrives from one of them has
its X-Forwarded-For read, and that header is read from the right (the entries the trusted
proxies appended) to the first address that is not a trusted proxy: entries further left
were written by the client and prove nothing. With no trusted proxy the header is never
read, whatever it says.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

ERR_BAD_PROXY = "TRUSTED_PROXIES: «{entry}» không phải là địa chỉ IP hay dải địa chỉ (CIDR)."


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """"127.0.0.1, 10.0.0.0/8, ::1" as networks; a wrong entry stops the start-up."""
    out = []
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        try:
            out.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(ERR_BAD_PROXY.format(entry=entry)) from exc
    return tuple(out)


@lru_cache(maxsize=8)
def _trusted(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(entries)


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_ip(request: Any) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    peer = _address(remote or "")
    if peer is None or not networks or not _is_trusted(peer, networks):
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    nearest = peer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # Not an address: a trusted proxy passed on what it was sent; the last address
            # a trusted proxy vouched for is the best known.
            break
        if not _is_trusted(address, networks):
            return str(address)
        nearest = address
    return str(nearest)
