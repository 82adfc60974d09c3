"""Finding a citizen's traces after their session: in files under given folders (and, later, in process memory)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


def files_under(*roots: Path, since: float = 0.0) -> Iterator[Path]:
    """Regular files below the roots, written since `since` (other programs' older files are not ours)."""
    for root in roots:
        for path in root.rglob("*"):
            try:
                if path.is_file() and not path.is_symlink() and path.stat().st_mtime >= since:
                    yield path
            except OSError:
                continue


def holds(path: Path, marker: bytes) -> bool:
    try:
        return path.stat().st_size < 50_000_000 and marker in path.read_bytes()
    except OSError:
        return False
