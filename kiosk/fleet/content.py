"""The pushed videos: fetched over plain HTTP with resume (`Range`), each file checked against its size and
sha256, and swapped in whole at the attract screen.

In the fleet folder, `content/<serial>/` holds one push's files as they arrive (`<file>.part` until verified);
`content/ready` is a symlink to a push whose every file is verified, and `videos` the symlink the kiosk plays
from (`paths.videos_dir` follows it, kiosk/config/loader.py). The swap is one `rename` of `ready` over `videos`:
the kiosk plays the old videos, untouched, until the new ones are all there and right.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import requests

from kiosk.fleet.documents import ContentFile
from kiosk.fleet.signing import Refused

CHUNK = 1 << 16
TIMEOUT_S = 20
VIDEOS_LINK = "videos"
READY_LINK = "ready"
CONTENT = "content"


def push_folder(fleet: Path, serial: int) -> Path:
    """Where one push's files arrive."""
    return fleet / CONTENT / str(serial)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(item: ContentFile, target: Path, session: requests.Session, stop: Callable[[], bool] = lambda: False) \
        -> None:
    """Download one file to `target`, going on from what an earlier try left in `target.part`; raises
    `requests.RequestException` when the link drops (the next try resumes) and `Refused` when the file is not
    the one the manifest names (its part is deleted: the next try starts afresh)."""
    if target.exists() and target.stat().st_size == item.size and _sha256(target) == item.sha256:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    if have > item.size:
        part.unlink()
        have = 0
    if have < item.size:
        headers = {"Range": f"bytes={have}-"} if have else {}
        with session.get(item.url, headers=headers, stream=True, timeout=TIMEOUT_S) as response:
            response.raise_for_status()
            resumed = response.status_code == requests.codes.partial_content
            with part.open("ab" if resumed else "wb") as file:
                for block in response.iter_content(CHUNK):
                    if stop():
                        return
                    file.write(block)
    if part.stat().st_size != item.size or _sha256(part) != item.sha256:
        part.unlink()
        raise Refused("fleet.refused.checksum", path=item.path)
    part.replace(target)


def mark_ready(fleet: Path, serial: int) -> None:
    """Every file of a push is verified: it is the one the next attract screen swaps in."""
    link = fleet / CONTENT / f".{READY_LINK}.new"
    link.unlink(missing_ok=True)
    link.symlink_to(str(serial))
    link.replace(fleet / CONTENT / READY_LINK)


def swap_in(fleet: Path) -> int | None:
    """At the attract screen: the ready push becomes the kiosk's videos in one rename; the pushes no longer in use
    are deleted (a newer one still arriving stays). The serial swapped in, or None when nothing was ready."""
    ready = fleet / CONTENT / READY_LINK
    if not ready.is_symlink():
        return None
    serial = int(os.readlink(ready))
    link = fleet / f".{VIDEOS_LINK}.new"
    link.unlink(missing_ok=True)
    link.symlink_to(Path(CONTENT) / str(serial))
    link.replace(fleet / VIDEOS_LINK)
    ready.unlink()
    for folder in (fleet / CONTENT).iterdir():
        if folder.is_dir() and not folder.is_symlink() and folder.name.isdigit() and int(folder.name) < serial:
            shutil.rmtree(folder, ignore_errors=True)
    return serial


def playing(fleet: Path) -> Path | None:
    """The folder the kiosk plays from now, if the fleet ever swapped videos in."""
    link = fleet / VIDEOS_LINK
    return link.resolve() if link.is_symlink() else None
