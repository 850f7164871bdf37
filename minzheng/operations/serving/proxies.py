"""Who the client really is behind a reverse proxy.

A request that comes from one of MINZHENG_TRUSTED_PROXIES (nginx) carries the client's address in
X-Forwarded-For, which that proxy wrote. A request from anywhere else carries whatever its sender put
there, so the header is believed only from a trusted proxy, and then only up to the first address that
is not one of ours: everything to the left of it was written by someone we do not know.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """The trusted proxies as networks (a single address is a /32 or /128). Raises ValueError on a
    bad entry, such as 10.0.0.1/8 (host bits set: write 10.0.0.0/8)."""
    return tuple(ipaddress.ip_network(entry.strip()) for entry in entries if entry.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    parsed = _address(address)
    return parsed is not None and any(parsed in network for network in trusted)


def client_address(*, peer: str, forwarded_for: str, trusted: tuple[Network, ...]) -> str:
    """The address a request counts against (rate limits, login lockout, logs).

    ``peer`` is the connection's own address. From a peer that is not a trusted proxy, X-Forwarded-For
    is ignored. From a trusted proxy, the chain is read from the right: each hop was added by the one
    after it, so the rightmost address that is not a trusted proxy is the client. Something that is not
    an address stops the walk at the last proxy that vouched for it.
    """
    if not is_trusted(peer, trusted):
        return peer
    client = peer
    for hop in reversed(forwarded_for.split(",")):
        parsed = _address(hop)
        if parsed is None:
            break
        client = str(parsed)
        if not any(parsed in network for network in trusted):
            break
    return client
