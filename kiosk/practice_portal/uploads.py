"""Upload checks as a real server makes them: type by content and size limits."""

from __future__ import annotations

import dataclasses

from kiosk.file_kinds import SNIFF_BYTES, sniff

__all__ = ["MB", "SNIFF_BYTES", "UploadLimits", "check", "sniff"]

MB = 1024 * 1024


@dataclasses.dataclass(frozen=True)
class UploadLimits:
    """What the portal accepts."""

    allowed: tuple[str, ...] = ("pdf", "jpeg", "png")
    max_file_bytes: int = 10 * MB
    max_dossier_bytes: int = 50 * MB


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
