"""The client's address, seen through the reverse proxies the site trusts.

`REMOTE_ADDR` is the peer that opened the connection: behind nginx, Caddy or a
load balancer that is the proxy, the same for every reader. Each proxy
appends the address it got the request from to `X-Forwarded-For`, so the
header is read from the right: a hop that is a trusted proxy
(`NEWSROOM_TRUSTED_PROXIES`, addresses or networks) passed the request on, and
the first one that is not is the client. Whatever stands to its left was
written by the client itself and is never believed; nor is the header at all
when `REMOTE_ADDR` is not a trusted proxy.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def trusted_networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def parse_address(value: str):
    """An IP address from a header or REMOTE_ADDR (a port or brackets allowed), or None."""
    value = value.strip()
    if value.startswith("["):  # [2001:db8::7]:443
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # 198.51.100.7:52100
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # An IPv4 client on a dual-stack socket arrives as ::ffff:198.51.100.7.
    return getattr(address, "ipv4_mapped", None) or address


def client_address(meta) -> str:
    """The address of the client behind the trusted proxies, from a request's META or a WSGI environ."""
    remote = parse_address(meta.get("REMOTE_ADDR") or "")
    if remote is None:
        return meta.get("REMOTE_ADDR") or ""
    networks = trusted_networks(tuple(settings.NEWSROOM_TRUSTED_PROXIES))
    if not any(remote in network for network in networks):
        return str(remote)
    client = remote
    for hop in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = parse_address(hop)
        if address is None:  # "unknown", or nothing: the last trusted hop is as far as anyone can see
            break
        client = address
        if not any(address in network for network in networks):
            break
    return str(client)
