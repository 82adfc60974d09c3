"""Upload checks as a real server makes them: type by content, size limits, safe names."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import PurePosixPath

# Kind -> (leading bytes, MIME type). The name a file arrives with is never trusted.
SIGNATURES = {
    "pdf": (b"%PDF-", "application/pdf"),
    "jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
}
SNIFF_BYTES = 16
NAME_MAX = 120
MB = 1024 * 1024


@dataclasses.dataclass(frozen=True)
class UploadLimits:
    """What the portal accepts."""

    allowed: tuple[str, ...] = ("pdf", "jpeg", "png")
    max_file_bytes: int = 10 * MB
    max_dossier_bytes: int = 50 * MB


def sniff(head: bytes) -> str | None:
    """The kind of file these first bytes start, or None."""
    return next((kind for kind, (magic, _) in SIGNATURES.items() if head.startswith(magic)), None)


def safe_display_name(name: str) -> str:
    """The last path part, without control characters, NFC, at most NAME_MAX characters.

    Files are stored under generated names; this is only what the citizen sees.
    """
    last = PurePosixPath(name.replace("\\", "/")).name
    normal = unicodedata.normalize("NFC", last)
    cleaned = "".join(char for char in normal if unicodedata.category(char)[0] != "C")
    cleaned = re.sub(r"^\.+", "", cleaned).strip()
    if len(cleaned) > NAME_MAX:
        stem, dot, suffix = cleaned.rpartition(".")
        keep_suffix = dot and len(suffix) <= 8
        cleaned = stem[: NAME_MAX - len(suffix) - 1] + dot + suffix if keep_suffix else cleaned[:NAME_MAX]
    return cleaned or "tep-dinh-kem"


def check(head: bytes, size: int, dossier_total: int, limits: UploadLimits) -> str | None:
    """Vietnamese message for a rejected file, or None if it is accepted."""
    if size == 0:
        return "Tệp rỗng, không có nội dung."
    kind = sniff(head)
    if kind is None or kind not in limits.allowed:
        allowed = ", ".join(kind.upper() for kind in limits.allowed)
        return f"Tệp không đúng định dạng. Chỉ nhận tệp {allowed} (kiểm tra theo nội dung tệp, không theo tên)."
    if size > limits.max_file_bytes:
        return f"Tệp quá lớn ({size / MB:.1f} MB). Mỗi tệp tối đa {limits.max_file_bytes / MB:g} MB."
    if dossier_total + size > limits.max_dossier_bytes:
        return f"Tổng dung lượng hồ sơ vượt quá {limits.max_dossier_bytes / MB:g} MB."
    return None
