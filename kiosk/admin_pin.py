"""Staff PINs: scrypt hashes (hashlib) and a PIN pad gate that locks after repeated failures.

A PIN is short, so the hash alone cannot protect it for long; the lockout is what stops
guessing at the kiosk. Neither the PIN nor its digits are ever logged.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import enum
import hashlib
import hmac
import json
import os
import re
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from kiosk import log

# scrypt cost: about 50 ms on the kiosk's 2-core machine, within OpenSSL's default memory cap.
_N, _R, _P = 2**14, 8, 1
_PREFIX = "scrypt"
_HASH_FORMAT = re.compile(r"^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$")
PIN_FORMAT = re.compile(r"^\d{4,8}$")


class StaffRole(enum.Enum):
    """Who can unlock the PIN pad."""

    OFFICER = "officer"
    TECHNICIAN = "technician"


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt$hash` for a PIN of 4 to 8 digits."""
    if not PIN_FORMAT.match(pin):
        raise ValueError("a PIN has 4 to 8 digits")
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    encode = base64.b64encode
    return f"{_PREFIX}${_N}${_R}${_P}${encode(salt).decode()}${encode(digest).decode()}"


def is_pin_hash(text: str) -> bool:
    """True when `text` has the form `hash_pin` produces."""
    return bool(_HASH_FORMAT.match(text))


def verify_pin(pin: str, encoded: str) -> bool:
    """True when `pin` matches the hash; False for a malformed hash."""
    found = _HASH_FORMAT.match(encoded)
    if not found:
        return False
    n, r, p = (int(found.group(i)) for i in (1, 2, 3))
    try:
        salt = base64.b64decode(found.group(4), validate=True)
        expected = base64.b64decode(found.group(5), validate=True)
        digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=len(expected))
    except (ValueError, binascii.Error):
        return False
    return hmac.compare_digest(digest, expected)


PIN_STATE_FILE = "pin-pad.json"  # in the data folder: wrong PINs in a row and the lock's end


@dataclasses.dataclass(frozen=True)
class Attempt:
    """Outcome of one PIN entry: the role it unlocked, or how long the pad stays locked."""

    role: StaffRole | None
    failures: int = 0
    locked_for_s: float = 0.0


class SavedLock:
    """Wrong PINs in a row and the lock, kept in a file: with a process per citizen they must outlive the process.
    The lock's end is stored as wall-clock time, since each process has its own monotonic clock."""

    def __init__(self, path: Path, wall: Callable[[], float] = time.time) -> None:
        self.path = path
        self._wall = wall

    def load(self, lockout_s: float) -> tuple[int, float]:
        """(wrong PINs in a row, seconds still locked); an unreadable file locks the pad rather than open it."""
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            failures, until = int(saved["failures"]), float(saved["locked_until"])
        except FileNotFoundError:
            return 0, 0.0
        except (OSError, ValueError, KeyError, TypeError):
            log.admin.warning("PIN pad state unreadable: locked for safety")
            return 0, lockout_s
        return max(0, failures), min(max(0.0, until - self._wall()), lockout_s)

    def save(self, failures: int, locked_for: float) -> None:
        """Keep the count and the lock (written whole, never half)."""
        until = self._wall() + locked_for if locked_for > 0 else 0.0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            part = self.path.with_suffix(".part")
            part.write_text(json.dumps({"failures": failures, "locked_until": until}), encoding="utf-8")
            part.replace(self.path)
        except OSError as error:
            log.admin.error("PIN pad state not saved: %s", error.strerror)


class PinGate:
    """Checks PINs against the configured hashes; `max_failures` wrong ones lock it for a while."""

    def __init__(
        self,
        hashes: Mapping[StaffRole, str],
        max_failures: int = 5,
        lockout_s: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        saved: SavedLock | None = None,
    ) -> None:
        self._hashes = {role: value for role, value in hashes.items() if value}
        self.max_failures = max_failures
        self._lockout_s = lockout_s
        self._clock = clock
        self._saved = saved
        failures, locked_for = saved.load(lockout_s) if saved is not None else (0, 0.0)
        self._failures = min(failures, max_failures - 1)
        self._locked_until = clock() + locked_for if locked_for > 0 else 0.0

    def _save(self) -> None:
        if self._saved is not None:
            self._saved.save(self._failures, self.locked_for())

    @property
    def has_pins(self) -> bool:
        """False when no staff PIN is configured: the pad cannot open anything."""
        return bool(self._hashes)

    def locked_for(self) -> float:
        """Seconds until the pad accepts PINs again (0 when open)."""
        return max(0.0, self._locked_until - self._clock())

    def attempt(self, pin: str) -> Attempt:
        """Check a PIN. While locked, nothing is checked and the remaining lock time is returned."""
        remaining = self.locked_for()
        if remaining > 0:
            return Attempt(None, self._failures, remaining)
        # The technician PIN wins when both roles share a PIN: it opens the wider menu.
        for role in (StaffRole.TECHNICIAN, StaffRole.OFFICER):
            encoded = self._hashes.get(role)
            if encoded and verify_pin(pin, encoded):
                self._failures = 0
                self._save()
                log.audit.info("admin login ok (%s)", role.value)
                return Attempt(role)
        self._failures += 1
        log.audit.warning("admin login failed (%d in a row)", self._failures)
        if self._failures >= self.max_failures:
            self._locked_until = self._clock() + self._lockout_s
            self._failures = 0
            log.audit.warning("admin PIN pad locked for %.0f s", self._lockout_s)
            self._save()
            return Attempt(None, self.max_failures, self._lockout_s)
        self._save()
        return Attempt(None, self._failures)
