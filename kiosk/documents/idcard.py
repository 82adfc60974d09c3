"""ID card (CCCD) mode: find the card on the scan by colour difference, then lay front and back on one A4 page.

A light card on a white lid has almost no grey-level edge, so the mask compares each pixel's colour with the
lid's (measured at the scan's border) in Lab space, as docs/platform-facts.md says.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.documents.cleanup import colour as colour_view
from kiosk.documents.page_detect import clockwise_from_top_left

CARD_MM = (85.6, 53.98)  # ISO/IEC 7810 ID-1, the CCCD's size
A4_MM = (210.0, 297.0)
MIN_CARD_SHARE = 0.01
CARD_SIDES = 2  # front and back
LID_DISTANCE = 6  # Lab distance from the lid's colour that is card, not lid


class CardNotFound(Exception):
    """No card-shaped region differs from the lid (on the side named by the message, when there are two)."""


def find_card(scan: np.ndarray) -> np.ndarray:
    """The card cut out and straightened (colour), landscape."""
    colour = colour_view(scan)
    scale = min(1.0, 1200 / max(colour.shape[:2]))
    small = cv2.resize(colour, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    lab = cv2.cvtColor(cv2.GaussianBlur(small, (5, 5), 0), cv2.COLOR_BGR2LAB).astype(np.float32)
    border = np.concatenate([lab[:8].reshape(-1, 3), lab[-8:].reshape(-1, 3),
                             lab[:, :8].reshape(-1, 3), lab[:, -8:].reshape(-1, 3)])
    lid = np.median(border, axis=0)
    distance = np.linalg.norm(lab - lid, axis=2)
    mask = (distance > LID_DISTANCE).astype(np.uint8) * 255
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((7, 7), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        raise CardNotFound
    card = max(contours, key=cv2.contourArea)
    if cv2.contourArea(card) < MIN_CARD_SHARE * mask.size:
        raise CardNotFound
    ordered = clockwise_from_top_left(cv2.boxPoints(cv2.minAreaRect(card)) / scale).astype(np.float32)
    width = round(max(np.linalg.norm(ordered[0] - ordered[1]), np.linalg.norm(ordered[3] - ordered[2])))
    height = round(max(np.linalg.norm(ordered[0] - ordered[3]), np.linalg.norm(ordered[1] - ordered[2])))
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    card_image = cv2.warpPerspective(colour, cv2.getPerspectiveTransform(ordered, target), (width, height),
                                     flags=cv2.INTER_CUBIC)
    return card_image if width >= height else cv2.rotate(card_image, cv2.ROTATE_90_CLOCKWISE)


def card_sheet(front: np.ndarray, back: np.ndarray, dpi: float) -> np.ndarray:
    """Front above back, each at its real size, centred on a white A4 page (colour)."""
    px = dpi / 25.4
    page_w, page_h = round(A4_MM[0] * px), round(A4_MM[1] * px)
    card_w, card_h = round(CARD_MM[0] * px), round(CARD_MM[1] * px)
    sheet = np.full((page_h, page_w, 3), 255, np.uint8)
    left = (page_w - card_w) // 2
    for index, card in enumerate((front, back)):
        top = round(40 * px) + index * (card_h + round(20 * px))
        sheet[top:top + card_h, left:left + card_w] = cv2.resize(card, (card_w, card_h), interpolation=cv2.INTER_AREA)
    return sheet


def card_sheet_from_scans(front_scan: np.ndarray, back_scan: np.ndarray, dpi: float) -> np.ndarray:
    """The one ID-card sheet: each side found on its scan, both at real size on an A4 page. Raises
    `CardNotFound` naming the side not found (the kiosk then keeps the two scans as they are)."""
    sides = []
    for name, scan in (("front", front_scan), ("back", back_scan)):
        try:
            sides.append(find_card(scan))
        except CardNotFound:
            raise CardNotFound(f"no card on the {name} scan") from None
    return card_sheet(sides[0], sides[1], dpi)
