"""Which kiosk process owns which folders in RAM, and the clean-up of what a crashed one left behind.

Every kiosk process (the one serving a citizen, and the next one already waiting for its turn) claims an owner
folder under the runtime root, named by a random token: its citizens' session folders and its scanner driver's
private SANE configuration live there. The process keeps a lock on `owner.lock` inside it while it lives; the
kernel lets go of the lock when the process dies, even by `kill -9` or a power cut. So a folder whose lock can be
taken belongs to nobody any more and is removed — by the next process that starts — while the folders of live
processes (a citizen being served next to the one waiting) are never touched. The token also marks the process's
statistics rows, so a session a crash interrupted is counted as `interrupted`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import os
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import IO

from kiosk import log

LOCK = "owner.lock"
OWNER_PREFIX = "owner-"
SESSION_PREFIX = "session-"  # session folders of the layout before owners (directly under the root)


@dataclasses.dataclass
class Owner:
    """This process's own folder under the runtime root (locked while the process lives)."""

    token: str
    folder: Path
    lock: IO[str] | None

    @property
    def sessions(self) -> Path:
        """Where this process makes its citizens' session folders."""
        return self.folder / "sessions"

    @property
    def scanner(self) -> Path:
        """The scanner driver's private SANE configuration."""
        return self.folder / "sane"

    @property
    def temp(self) -> Path:
        """This process's temp folder (see `use_as_temp`)."""
        return self.folder / "tmp"

    def use_as_temp(self) -> None:
        """Make `temp` this process's temp folder ($TMPDIR, read by Python, Qt, Chromium and the programs it starts):
        whatever anything writes there is in RAM and goes with the process, even after a crash."""
        self.temp.mkdir(mode=0o700, exist_ok=True)
        os.environ["TMPDIR"] = str(self.temp)
        tempfile.tempdir = str(self.temp)

    def release(self) -> None:
        """The process is ending cleanly: its folder goes now (a crash leaves it to the next start)."""
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.lock is not None:
            self.lock.close()
            self.lock = None
        _claimed.pop(self.folder.parent, None)


_claimed: dict[Path, Owner] = {}  # a process has one owner folder per root, however many shells it builds


def claim(root: Path) -> Owner:
    """This process's owner folder under `root`, made and locked on first use."""
    root = Path(root)
    if root in _claimed:
        return _claimed[root]
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    folder = root / f"{OWNER_PREFIX}{token}"
    folder.mkdir(mode=0o700)
    lock = (folder / LOCK).open("w", encoding="ascii")
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    owner = Owner(token, folder, lock)
    _claimed[root] = owner
    return owner


def _alive(folder: Path) -> bool:
    """Whether the owner of `folder` still runs (it holds the lock)."""
    try:
        with (folder / LOCK).open("a", encoding="ascii") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(lock, fcntl.LOCK_UN)
            return False
    except FileNotFoundError:
        return False  # a folder without a lock file: a crash before the lock was taken


@dataclasses.dataclass(frozen=True)
class Leftovers:
    """What a clean-up removed: the tokens of the dead owners (for their statistics) and how many folders."""

    tokens: tuple[str, ...]
    folders: int


def live_owners(root: Path) -> tuple[str, ...]:
    """The tokens of the kiosk processes running now under `root` (this one included, once claimed)."""
    if not root.is_dir():
        return ()
    return tuple(child.name.removeprefix(OWNER_PREFIX) for child in root.iterdir()
                 if child.is_dir() and child.name.startswith(OWNER_PREFIX) and _alive(child))


def purge(root: Path) -> Leftovers:
    """Remove every folder under `root` whose owner is gone (and session folders of the layout before owners)."""
    if not root.is_dir():
        return Leftovers((), 0)
    tokens: list[str] = []
    removed = 0
    own = _claimed.get(root)
    for child in sorted(root.iterdir()):
        if not child.is_dir():
            continue
        if child.name.startswith(OWNER_PREFIX):
            if (own is not None and child == own.folder) or _alive(child):
                continue
            tokens.append(child.name.removeprefix(OWNER_PREFIX))
        elif not child.name.startswith(SESSION_PREFIX):
            continue
        shutil.rmtree(child, ignore_errors=True)
        removed += 1
    if removed:
        log.session.warning("removed %d folder(s) a stopped kiosk process left behind", removed)
    return Leftovers(tuple(tokens), removed)


def purge_files_of_old_runs(folder: Path, prefixes: tuple[str, ...], keep: Path) -> int:
    """Remove this user's folders named with `prefixes` in `folder` (the system temp folder), except `keep` (the
    session root, when it is there): what earlier kiosk versions made there. Only when no other kiosk process runs."""
    removed = 0
    with contextlib.suppress(OSError):
        for child in folder.iterdir():
            if child == keep or not child.name.startswith(prefixes):
                continue
            if child.is_dir() and not child.is_symlink() and child.stat().st_uid == os.getuid():
                shutil.rmtree(child, ignore_errors=True)
                removed += 1
    return removed
