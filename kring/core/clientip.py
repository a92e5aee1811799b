"""The client's address, behind as many reverse proxies as the settings trust (decision 0122).

Behind nginx every request comes from nginx: the connecting address (REMOTE_ADDR) is the
proxy's, and the real client is in `X-Forwarded-For`. That header is only as honest as the
proxies that wrote it, so Kring reads it only as far as the settings say:

- `KRING_TRUSTED_PROXIES` (addresses or networks): the connecting address must be one of
  them; then the header is read from the right, skipping trusted proxies, and the first
  address that is not one is the client.
- `KRING_TRUSTED_PROXY_COUNT` (a number N): the last N hops are proxies; the address N
  places from the right of "X-Forwarded-For + connecting address" is the client.
- Neither: the connecting address, and the header is ignored (anyone can send it).

One function for everyone who needs the address: the public form's rate limit and the
audit log.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _parse(value: str) -> str | None:
    """A clean address from one header item ("1.2.3.4", "1.2.3.4:5678", "[::1]:80"), or None."""
    value = value.strip().strip('"')
    if value.startswith("["):  # [IPv6]:port
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def _is_trusted(address: str, networks: Iterable[Network]) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip.version == net.version and ip in net for net in networks)


def forwarded_chain(request: HttpRequest) -> list[str | None]:
    """Every hop as the request tells it, client first: X-Forwarded-For, then the connecting
    address. An item that is not an address stays in its place as None, so that counting
    from the right is not shifted by it."""
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [_parse(item) for item in header.split(",")] if header.strip() else []
    return [*hops, _parse(request.META.get("REMOTE_ADDR", ""))]


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, honouring the trusted proxies in the settings."""
    if request is None:
        return None
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    trusted = tuple(settings.KRING_TRUSTED_PROXIES)
    count = settings.KRING_TRUSTED_PROXY_COUNT
    if trusted:
        networks = _networks(trusted)
        nearest = remote
        for hop in reversed(forwarded_chain(request)):
            if hop is None:
                return nearest  # an unreadable hop: the last one we could trust to tell us
            if not _is_trusted(hop, networks):
                return hop
            nearest = hop
        return nearest
    if count > 0:
        chain = forwarded_chain(request)
        return chain[max(0, len(chain) - 1 - count)] or remote
    return remote
