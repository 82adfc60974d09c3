"""File kinds recognised by their first bytes: the kiosk never trusts a file name."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath

# Kind -> (leading bytes, MIME type).
SIGNATURES = {
    "pdf": (b"%PDF-", "application/pdf"),
    "jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
}
SNIFF_BYTES = 16
NAME_MAX = 120
LONGEST_SUFFIX = 8  # a longer "suffix" is part of the name, cut like the rest
SUFFIXES = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}


def sniff(head: bytes) -> str | None:
    """The kind of file these first bytes start, or None."""
    return next((kind for kind, (magic, _) in SIGNATURES.items() if head.startswith(magic)), None)


def sniff_file(path: Path) -> str | None:
    """The kind of a file on disk, or None (also when it cannot be read)."""
    try:
        with path.open("rb") as handle:
            return sniff(handle.read(SNIFF_BYTES))
    except OSError:
        return None


def safe_file_name(name: str) -> str:
    """The last path part, without control characters, NFC, at most NAME_MAX characters.

    Used for what a citizen sees and for files the kiosk saves; a path part never survives.
    """
    last = PurePosixPath(name.replace("\\", "/")).name
    normal = unicodedata.normalize("NFC", last)
    cleaned = "".join(char for char in normal if unicodedata.category(char)[0] != "C")
    cleaned = re.sub(r"^\.+", "", cleaned).strip()
    if len(cleaned) > NAME_MAX:
        stem, dot, suffix = cleaned.rpartition(".")
        keep_suffix = dot and len(suffix) <= LONGEST_SUFFIX
        cleaned = stem[: NAME_MAX - len(suffix) - 1] + dot + suffix if keep_suffix else cleaned[:NAME_MAX]
    return cleaned or "tep-dinh-kem"
