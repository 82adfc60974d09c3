"""Value checks used by the schema: each returns None when the value is fine, else a problem code.

A problem code is a catalogue key (``config.problem.*``) plus named parameters, so the
technician reads it in the kiosk's language.
"""

from __future__ import annotations

import base64
import ipaddress
import re
from urllib.parse import urlsplit

from kiosk.admin_pin import is_pin_hash

Problem = tuple[str, dict[str, object]]
ED25519_KEY_BYTES = 32

_HOST_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOST_PATTERN = re.compile(rf"^(\*\.)?{_HOST_LABEL}(\.{_HOST_LABEL})+$")
# Wildcards this broad would open the kiosk browser to whole national domains.
_TOO_BROAD = {"*.gov.vn", "*.vn", "*.com.vn", "*.org.vn", "*.edu.vn"}


def web_url(value: object) -> Problem | None:
    """An absolute http(s) URL with a host."""
    parts = urlsplit(str(value))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ("config.problem.url", {})
    return None


def host_patterns(value: object) -> Problem | None:
    """Host names, optionally starting with `*.`; never a whole national domain."""
    assert isinstance(value, tuple)
    for host in value:
        text = str(host).lower()
        if text in _TOO_BROAD:
            return ("config.problem.host_too_broad", {"host": host})
        if not _HOST_PATTERN.match(text):
            return ("config.problem.host", {"host": host})
    return None


def pin_hash(value: object) -> Problem | None:
    """Empty (no PIN set) or a hash made by `kiosk admin hash-pin`; never a plain PIN."""
    if value == "" or is_pin_hash(str(value)):
        return None
    return ("config.problem.pin_hash", {})


def loopback_host(value: object) -> Problem | None:
    """An IPv4 loopback address (127.x.y.z): the practice servers never listen beyond the machine."""
    try:
        address = ipaddress.IPv4Address(str(value))
    except ValueError:
        return ("config.problem.loopback", {})
    return None if address.is_loopback else ("config.problem.loopback", {})


FILE_KINDS = ("pdf", "jpeg", "png")


def file_kinds(value: object) -> Problem | None:
    """A non-empty subset of the file kinds the upload check can recognise."""
    assert isinstance(value, tuple)
    unknown = [kind for kind in value if kind not in FILE_KINDS]
    if unknown or not value:
        return ("config.problem.file_kinds", {"kinds": ", ".join(FILE_KINDS)})
    return None


def web_urls(value: object) -> Problem | None:
    """Each entry an absolute http(s) URL."""
    assert isinstance(value, tuple)
    return next((problem for problem in map(web_url, value) if problem is not None), None)


_BACKEND = re.compile(r"^[a-z0-9_]+$")


def sane_backends(value: object) -> Problem | None:
    """SANE backend names as dll.conf lists them (lower case letters, digits, underscores)."""
    assert isinstance(value, tuple)
    bad = [name for name in value if not _BACKEND.match(str(name))]
    return ("config.problem.sane_backend", {"name": bad[0]}) if bad else None


def tracking_url(value: object) -> Problem | None:
    """An absolute http(s) URL with `{code}` where the dossier code goes."""
    if "{code}" not in str(value):
        return ("config.problem.no_code", {"placeholder": "{code}"})
    return web_url(str(value).replace("{code}", "X"))


def optional_web_url(value: object) -> Problem | None:
    """Empty (not used) or an absolute http(s) URL."""
    return None if value == "" else web_url(value)


_TOPIC_LEVEL = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def topic_level(value: object) -> Problem | None:
    """Empty (fleet off) or one level of the fleet's topic tree: lower-case letters, digits, `-`, `_`."""
    return None if value == "" or _TOPIC_LEVEL.match(str(value)) else ("config.problem.topic_level", {})


def optional_broker_url(value: object) -> Problem | None:
    """Empty (fleet off) or `mqtt://` / `mqtts://` with a host."""
    parts = urlsplit(str(value))
    if value == "" or (parts.scheme in ("mqtt", "mqtts") and parts.hostname):
        return None
    return ("config.problem.broker_url", {})


def optional_public_key(value: object) -> Problem | None:
    """Empty (fleet off) or an Ed25519 public key in base64 (32 bytes)."""
    if value == "":
        return None
    try:
        raw = base64.b64decode(str(value), validate=True)
    except ValueError:
        raw = b""
    return None if len(raw) == ED25519_KEY_BYTES else ("config.problem.public_key", {})
