"""What the kiosk browser may open: the host allow-list, the schemes, and `accept=` matching.

Qt-free so the rules are tested on plain strings; the QtWebEngine request interceptor and
navigation check in ui/browser both ask `BrowserPolicy.verdict`.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
# Schemes Chromium uses for a page's own resources; harmless inside an allowed page, never top level.
EMBEDDED_SCHEMES = ("data", "blob")


class Verdict(enum.Enum):
    """The answer for one URL."""

    ALLOWED = "allowed"
    BLOCKED_HOST = "blocked_host"
    BLOCKED_SCHEME = "blocked_scheme"


def host_matches(host: str, pattern: str) -> bool:
    """`*.example.vn` matches strict sub-domains of example.vn; anything else must match exactly."""
    host, pattern = host.lower().rstrip("."), pattern.lower()
    if pattern.startswith("*."):
        return host.endswith(pattern[1:])
    return host == pattern


@dataclasses.dataclass(frozen=True)
class BrowserPolicy:
    """The allow-list of one kiosk: patterns from config (or the practice portal's hosts)."""

    allowed_hosts: tuple[str, ...]

    def host_allowed(self, host: str) -> bool:
        """True when some pattern matches `host`."""
        return any(host_matches(host, pattern) for pattern in self.allowed_hosts)

    def verdict(self, url: str, *, top_level: bool) -> Verdict:
        """May this URL load? `top_level`: it would replace the page (a navigation)."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in EMBEDDED_SCHEMES and not top_level:
            return Verdict.ALLOWED
        if scheme == "about" and url in ("about:blank", "about:srcdoc"):
            return Verdict.ALLOWED
        if scheme not in WEB_SCHEMES:
            return Verdict.BLOCKED_SCHEME
        if not parts.hostname or not self.host_allowed(parts.hostname):
            return Verdict.BLOCKED_HOST
        return Verdict.ALLOWED


class PolicyHolder:
    """The one allow-list in force for a browser: its request filter, its page and every popup ask this object,
    so switching the list (to the practice portal's hosts while offline) changes it for all of them at once."""

    def __init__(self, policy: BrowserPolicy) -> None:
        self.policy = policy

    def verdict(self, url: str, *, top_level: bool) -> Verdict:
        """The current allow-list's answer (see `BrowserPolicy.verdict`)."""
        return self.policy.verdict(url, top_level=top_level)


# File kinds the kiosk produces, with what an `accept=` list may name them by.
KIND_NAMES = {
    "pdf": {".pdf", "application/pdf"},
    "jpeg": {".jpg", ".jpeg", "image/jpeg", "image/*"},
    "png": {".png", "image/png", "image/*"},
}


def accepted_kinds(accept: Iterable[str]) -> set[str]:
    """The kinds an `<input accept=…>` list allows; an empty list allows every kind."""
    wanted = {item.strip().lower() for item in accept if item.strip()}
    if not wanted:
        return set(KIND_NAMES)
    return {kind for kind, names in KIND_NAMES.items() if names & wanted}
