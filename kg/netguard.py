"""Block Python-level network access: the backstop behind every query and SHACL check.

rdflib's SPARQL engine fetches graphs it does not hold, pySHACL follows ``owl:imports``,
and a local tool that evaluates text from documents and contributors must not reach
the network on their say-so.  :func:`network_lockdown` and :func:`lock_network` install
a :func:`sys.addaudithook` hook that makes Python-level network calls
(``socket.connect``, DNS lookups, ``urllib``, ``http.client``) fail unless they go to an
allowed host and port.  Native code that opens sockets itself (Oxigraph's HTTP client)
is invisible to audit hooks, which is why :mod:`kg.sparql.guard` checks a query's
algebra first.

It sits at the bottom of the package (it imports nothing of ``kg``) because both the
build (SHACL) and the query layer use it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

__all__ = ["NetworkBlocked", "lock_network", "network_lockdown"]


class NetworkBlocked(PermissionError):
    """Raised inside a blocked network call (a :class:`PermissionError`, so libraries treat it as a failed connection)."""


@dataclass(frozen=True)
class _Policy:
    hosts: frozenset[str]
    endpoints: frozenset[tuple[str, int]]

    def allows(self, event: str, args: tuple[Any, ...]) -> bool:
        if event == "socket.connect":
            address = args[1]
            if isinstance(address, str | bytes):  # AF_UNIX: local IPC, not the network
                return True
            return isinstance(address, tuple) and (str(address[0]), int(address[1])) in self.endpoints
        if event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr"):
            host = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
            return host in self.hosts
        if event == "http.client.connect":
            return (str(args[1]), int(args[2] or 80)) in self.endpoints
        if event == "urllib.Request":
            from urllib.parse import urlsplit

            url = urlsplit(getattr(args[0], "full_url", str(args[0])))
            port = url.port or (443 if url.scheme == "https" else 80)
            return (url.hostname or "", port) in self.endpoints
        return False  # sendto, sendmsg, ftplib, smtplib, ...: never needed here


_WATCHED = frozenset(
    {
        "socket.connect",
        "socket.sendto",
        "socket.sendmsg",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyname_ex",
        "socket.gethostbyaddr",
        "http.client.connect",
        "urllib.Request",
        "ftplib.connect",
        "smtplib.connect",
        "poplib.connect",
        "imaplib.open",
        "nntplib.connect",
        "telnetlib.Telnet.open",
    }
)
_state: dict[str, _Policy | None] = {"policy": None}
_install_lock = threading.Lock()
_installed: list[bool] = []


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event not in _WATCHED:
        return
    policy = _state["policy"]
    if policy is None or policy.allows(event, args):
        return
    raise NetworkBlocked(
        f"network access blocked ({event} {_describe(event, args)}): this process may only reach the endpoints it was started for"
    )


def _describe(event: str, args: tuple[Any, ...]) -> str:
    """The address a network event is about, for the message."""
    if event in ("socket.connect", "socket.sendto"):
        return repr(args[1]) if len(args) > 1 else ""
    if event == "http.client.connect":
        return f"{args[1]}:{args[2]}"
    if event == "urllib.Request":
        return str(getattr(args[0], "full_url", args[0]))
    return repr(args[0]) if args else ""


def _policy(allow: Collection[tuple[str, int]]) -> _Policy:
    """The allow-list, with each host name's addresses resolved now (a socket connects to an address, not a name)."""
    import socket

    endpoints = {(host.strip("[]"), int(port)) for host, port in allow}
    for host, port in list(endpoints):
        try:
            infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
        except OSError:
            continue  # unresolvable: connecting will fail anyway, with a clear error
        endpoints |= {(str(info[4][0]), port) for info in infos}
    return _Policy(frozenset(host for host, _port in endpoints), frozenset(endpoints))


def _ensure_hook() -> None:
    with _install_lock:
        if not _installed:
            sys.addaudithook(_hook)
            _installed.append(True)


def lock_network(allow: Collection[tuple[str, int]] = ()) -> None:
    """Block Python-level network access in this process for good, except to ``allow`` (host, port) pairs.

    Audit hooks cannot be removed; a server or worker process calls this once at start.
    """
    _ensure_hook()
    _state["policy"] = _policy(allow)


@contextmanager
def network_lockdown(allow: Collection[tuple[str, int]] = ()) -> Iterator[None]:
    """Block Python-level network access inside the ``with`` block, except to ``allow``.

    Examples
    --------
    >>> import socket
    >>> with network_lockdown():
    ...     socket.getaddrinfo("example.org", 80)
    Traceback (most recent call last):
    ...
    kg.netguard.NetworkBlocked: network access blocked (socket.getaddrinfo 'example.org'): this process may only reach the endpoints it was started for
    """
    _ensure_hook()
    previous = _state["policy"]
    _state["policy"] = _policy(allow)
    try:
        yield
    finally:
        _state["policy"] = previous
