"""Short ways into the kiosk that several tests start from, by clicks on the widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.scanning.kinds import PaperKind


def scan_one_a4_page(qtbot, shell):
    """A citizen's session, "Quét giấy tờ", A4, "Quét": the review screen with the test scanner's page."""
    shell.begin_session()
    qtbot.mouseClick(shell.start.tiles["scan"], Qt.MouseButton.LeftButton)
    scan = shell.scanning.flow.scan
    qtbot.mouseClick(scan.tiles[PaperKind.A4], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(scan.buttons["scan"], Qt.MouseButton.LeftButton)
    review = shell.scanning.flow.review
    qtbot.waitUntil(lambda: shell.current is review, timeout=30_000)
    return review
