"""Short ways into the kiosk that several tests start from, by clicks on the widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.scanning.kinds import PaperKind
from tests.test_portal_browser import open_portal
from tests.web import open_birth_registration


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


def birth_registration_form(qtbot, shell):
    """Once the practice portal is up: a citizen's session, the portal, the practice login, then the birth
    registration's online form. The portal's view."""
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    shell.begin_session()
    view = open_portal(qtbot, shell)
    open_birth_registration(qtbot, view)
    return view
