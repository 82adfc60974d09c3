"""QR codes shown on kiosk screens (the province's survey, the VNeID checklist), as PNG bytes."""

from __future__ import annotations

import io

import segno


def qr_png(text: str, scale: int = 4) -> bytes:
    """`text` as a QR code PNG (medium error correction, a thin quiet zone)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
