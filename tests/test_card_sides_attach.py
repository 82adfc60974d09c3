"""The ID card for an images-only upload slot: "CCCD hai mặt" on the scan screen files the card's two sides beside
its sheet; a slot taking several images is offered the pair as one choice, a slot taking one image is offered each
side and the citizen picks (real QtWebEngine, the SANE test scanner, taps on the window)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest

from kiosk.scanning.job import State
from kiosk.scanning.kinds import PaperKind
from kiosk.session_documents import list_documents
from tests.test_portal_browser import open_portal
from tests.test_upload_slot import when_the_picker_waits, window_tap
from tests.web import Site, click, js, wait_js

SLOTS = ('<div><label for="pair">Ảnh căn cước hai mặt</label>'
         '<input type="file" id="pair" accept="image/jpeg" multiple></div>'
         '<div><label for="one">Ảnh một mặt thẻ</label><input type="file" id="one" accept="image/jpeg"></div>')
FILES = "Array.from(document.getElementById('{}').files).map(f => [f.name, f.size])"


@pytest.fixture
def slots():
    server = Site("127.0.0.1", {"/slots.html": SLOTS})
    yield server
    server.shutdown()
    server.server_close()


def tap_row(panel, row: int) -> None:
    """A tap on one row of the attach list, where it is drawn."""
    viewport = panel.items.viewport()
    window = viewport.window()
    centre = panel.items.visualItemRect(panel.items.item(row)).center()
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     viewport.mapTo(window, centre))


def rows(panel) -> list[str]:
    return [panel.items.item(i).text() for i in range(panel.items.count())]


def scan_the_card(qtbot, shell):
    """On the scan screen: "CCCD hai mặt", the front, then the back; the review screen with the card's page."""
    scan = shell.scanning.flow.scan
    window_tap(scan.tiles[PaperKind.CARD])
    window_tap(scan.buttons["scan"])
    qtbot.waitUntil(lambda: scan.job.state is State.PLACING and scan.job.side == 2, timeout=30_000)
    window_tap(scan.buttons["scan"])
    review = shell.scanning.flow.review
    qtbot.waitUntil(lambda: shell.current is review, timeout=30_000)
    return review


def test_the_cards_two_sides_go_as_a_pair_or_one_of_them(qtbot, make_shell, write_config, slots):
    shell = make_shell(write_config("[scanner]\nsane_backends = []\n"), "--practice", "--windowed",
                       "--size", "1920x1080")  # three rows of the list in view
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    shell.begin_session()
    view = open_portal(qtbot, shell)
    view.load(QUrl(f"{slots.url}/slots.html"))
    wait_js(qtbot, view, "document.getElementById('one')")
    panel = shell.browser.attach
    seen: dict[str, list[str]] = {}

    def scan_the_card_then_attach_the_pair() -> None:
        window_tap(panel.scan)
        window_tap(scan_the_card(qtbot, shell).buttons["save"])
        qtbot.waitUntil(lambda: shell.browser.layers.currentWidget() is panel and panel.items.count() > 0,
                        timeout=30_000)
        seen["pair slot"] = rows(panel)
        tap_row(panel, next(i for i, text in enumerate(rows(panel)) if "Hai ảnh" in text))
        window_tap(panel.attach)

    when_the_picker_waits(shell, scan_the_card_then_attach_the_pair)
    click(qtbot, view, "#pair")
    wait_js(qtbot, view, "document.getElementById('pair').files.length === 2", timeout=90_000)
    (pair_row,) = [text for text in seen["pair slot"] if "Hai ảnh" in text]
    assert pair_row.startswith("Ảnh căn cước hai mặt (mặt trước).jpg\nẢnh căn cước hai mặt (mặt sau).jpg\n")
    assert not any(text.startswith("Ảnh căn cước hai mặt (mặt sau)") for text in seen["pair slot"])  # not twice
    sent = js(qtbot, view, FILES.format("pair"))
    assert [name for name, _ in sent] == ["Ảnh căn cước hai mặt (mặt trước).jpg", "Ảnh căn cước hai mặt (mặt sau).jpg"]
    assert all(size > 10_000 for _, size in sent)  # pictures of the card, not empty files

    def pick_the_back() -> None:
        seen["single slot"] = rows(panel)
        tap_row(panel, next(i for i, text in enumerate(rows(panel)) if "(mặt sau).jpg" in text))
        window_tap(panel.attach)

    when_the_picker_waits(shell, pick_the_back, named=False)
    click(qtbot, view, "#one")
    wait_js(qtbot, view, "document.getElementById('one').files.length === 1", timeout=30_000)
    offered = [text.split("\n")[0] for text in seen["single slot"]]
    assert "Ảnh căn cước hai mặt (mặt trước).jpg" in offered and "Ảnh căn cước hai mặt (mặt sau).jpg" in offered
    assert not any("Hai ảnh" in text for text in seen["single slot"])  # one image: the citizen picks a side
    assert [name for name, _ in js(qtbot, view, FILES.format("one"))] == ["Ảnh căn cước hai mặt (mặt sau).jpg"]


@pytest.mark.parametrize("more", ["add", "rescan"])
def test_a_card_with_pages_added_or_scanned_again_is_filed_as_one_document_without_old_sides(
        qtbot, make_shell, write_config, more):
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", "1920x1080")
    shell.begin_session()
    session_dir = shell.lifecycle.session.directory
    window_tap(shell.start.tiles["scan"])
    scan, review = shell.scanning.flow.scan, scan_the_card(qtbot, shell)
    window_tap(review.buttons[more])  # the sheet is no longer that card alone
    qtbot.waitUntil(lambda: shell.current is scan, timeout=10_000)
    window_tap(scan.buttons["scan"])
    qtbot.waitUntil(lambda: shell.current is review, timeout=30_000)
    window_tap(review.buttons["save"])
    qtbot.waitUntil(lambda: shell.current is shell.start, timeout=30_000)
    names = [document.path.name for document in list_documents(session_dir)]
    assert len(names) == 1 and not any("mặt trước" in name or "mặt sau" in name for name in names), names
