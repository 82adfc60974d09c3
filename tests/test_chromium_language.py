"""Chromium's own strings (upload slots, validation bubbles, navigator.language) in the kiosk's language."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtCore import QUrl

from tests.test_portal_browser import kiosk, open_portal  # noqa: F401 - `kiosk` is a fixture
from tests.web import Site, js, wait_js

PAGES = {
    "/required.html": '<form><input id="name" required><input id="day" type="date" required></form>',
    "/inputs.html": '<input type="file" id="jpeg" style="width:400px;height:60px">'
                    '<input type="file" id="pdfs" multiple style="width:400px;height:60px">',
}


@pytest.fixture
def pages():
    server = Site("127.0.0.1", PAGES)
    yield server
    server.shutdown()
    server.server_close()


def test_chromium_speaks_the_kiosk_language_in_its_own_widgets_and_messages(qtbot, kiosk, pages, tmp_path):  # noqa: F811
    """Issue 20, trap 3: Chromium's built-in strings (file button, validation bubbles) were English."""
    view = open_portal(qtbot, kiosk)
    view.load(QUrl(f"{pages.url}/required.html"))
    wait_js(qtbot, view, "document.getElementById('name')")
    assert js(qtbot, view, "navigator.language") == "vi"
    message = js(qtbot, view, "document.getElementById('name').validationMessage")
    assert message and "Please" not in message and message != "Please fill out this field."
    assert any(letter in message for letter in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
    # What the citizen sees beside every upload slot, read off the screen (Chromium draws it, no script sees it).
    view.load(QUrl(f"{pages.url}/inputs.html"))
    wait_js(qtbot, view, "document.getElementById('pdfs')")
    view.setZoomFactor(2.5)
    qtbot.wait(500)
    picture = tmp_path / "file-inputs.png"
    view.grab().save(str(picture))
    seen = subprocess.run(["tesseract", str(picture), "-", "-l", "vie"], capture_output=True, text=True, check=True)
    assert "Không có tệp nào được chọn" in seen.stdout and "No file chosen" not in seen.stdout
