"""Requests refused before any route runs: a Host the server was not bound to, a NUL.

DNS rebinding: a web page on an attacker's name that later resolves to
127.0.0.1 could read the local ledger through the visitor's browser; its
requests carry the attacker's name as Host, so a server that answers only
its own address and names is out of reach. An IP address as Host cannot be
rebound, so a server bound to every interface answers any address.

PostgreSQL refuses NUL in text where SQLite takes it; no stored text holds
one (ingest drops it), so a NUL in the path or the query can match nothing
and gets the same 422 on both backends.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import unquote_to_bytes

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

_WILDCARDS = ("0.0.0.0", "::", "")
_LOOPBACK_NAMES = ("localhost",)


class HostCheck:
    """Which Host headers a server bound to ``bound`` answers; ``*`` in ``extra``
    answers every one (behind a proxy that checks Host itself)."""

    def __init__(self, bound: str, extra: Iterable[str] = ()) -> None:
        self.names = {name.lower() for name in (*extra, bound.strip("[]"))}
        self.any_name = "*" in self.names
        self.any_address = bound in _WILDCARDS
        if self.any_address or _is_loopback(bound):
            self.names |= {"127.0.0.1", "::1", *_LOOPBACK_NAMES}

    def allows(self, host_header: str) -> bool:
        host = _hostname(host_header)
        return (self.any_name or host in self.names
                or (self.any_address and _is_address(host)))


def _hostname(header: str) -> str:
    """``example.org:8001`` -> ``example.org``; ``[::1]:8001`` -> ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_loopback(host: str) -> bool:
    return host in _LOOPBACK_NAMES or (_is_address(host.strip("[]"))
                                       and ipaddress.ip_address(host.strip("[]")).is_loopback)


class RequestGuard:
    """ASGI middleware: 400 for a Host not allowed (when ``hosts`` is given), 422 for a NUL."""

    def __init__(self, app: ASGIApp, hosts: HostCheck | None = None) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            problem = self._problem(scope)
            if problem is not None:
                status, detail = problem
                await JSONResponse({"detail": detail}, status_code=status)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _problem(self, scope: Scope) -> tuple[int, str] | None:
        if self.hosts is not None:
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            if not self.hosts.allows(host):
                return 400, "unknown Host header (start the server with --allow-host to add one)"
        if "\0" in scope["path"] or b"\0" in unquote_to_bytes(scope["query_string"]):
            return 422, "NUL character in the request"
        return None
