"""The practice portal in plain QtWebEngine (no kiosk around it): the login pages work in the browser engine."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
from PySide6.QtWebEngineWidgets import QWebEngineView

from tests.web import js, wait_js


class RecordingPage(QWebEnginePage):
    """Keeps every JavaScript console error so the test can fail on it."""

    def __init__(self, profile: QWebEngineProfile) -> None:
        super().__init__(profile)
        self.js_errors: list[str] = []

    def javaScriptConsoleMessage(self, level, message, line, source):
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            self.js_errors.append(f"{source}:{line}: {message}")


@pytest.fixture
def browser(qtbot):
    profile = QWebEngineProfile()  # off the record, like a citizen's session
    page = RecordingPage(profile)
    view = QWebEngineView()
    view.setPage(page)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    yield view
    view.close()
    view.setPage(None)
    del view
    page.deleteLater()
    qtbot.wait(50)
    profile.deleteLater()
    qtbot.wait(50)


PHONE = "document.getElementById('phone').contentDocument"


def test_login_with_the_practice_phone_reaches_the_dossier_form(qtbot, browser, portal):
    with qtbot.waitSignal(browser.loadFinished, timeout=15000) as loaded:
        browser.load(QUrl(portal.home_url))
    assert loaded.args == [True]
    js(qtbot, browser, "document.getElementById('login-link').click()")
    wait_js(qtbot, browser, "document.getElementById('login-vneid')")
    js(qtbot, browser, "document.getElementById('login-vneid').click()")
    wait_js(qtbot, browser, f"location.href.startsWith('{portal.context.sso_url}/oauth2/authorize')")
    wait_js(qtbot, browser, f"{PHONE} && {PHONE}.getElementById('phone-settings')")

    # In the phone: first try fails (web login off), then enable it in Settings, then scan a fresh QR.
    js(qtbot, browser, f"{PHONE}.getElementById('phone-scan').click()")
    wait_js(qtbot, browser, f"{PHONE}.getElementById('phone-confirm')")
    js(qtbot, browser, f"{PHONE}.getElementById('phone-confirm').click()")
    wait_js(qtbot, browser, f"{PHONE}.getElementById('phone-refused')")
    wait_js(qtbot, browser, "document.getElementById('qr-state').textContent.includes('chưa cho phép đăng nhập')")
    js(qtbot, browser, f"{PHONE}.getElementById('phone-open-settings').click()")
    wait_js(qtbot, browser, f"{PHONE}.getElementById('web-login')")
    js(qtbot, browser, f"({PHONE}.getElementById('web-login').checked = true, "
                           f"{PHONE}.getElementById('phone-save').click())")
    wait_js(qtbot, browser, f"{PHONE}.getElementById('phone-saved')")
    js(qtbot, browser, "document.getElementById('qr-reload').click()")
    wait_js(qtbot, browser, f"{PHONE} && {PHONE}.getElementById('phone-scan')")
    js(qtbot, browser, f"{PHONE}.getElementById('phone-scan').click()")
    wait_js(qtbot, browser, f"{PHONE}.getElementById('phone-confirm')")
    js(qtbot, browser, f"{PHONE}.getElementById('phone-confirm').click()")

    # The QR page notices the approval and returns to the portal, logged in.
    wait_js(qtbot, browser, "document.getElementById('user-name')")
    assert js(qtbot, browser, "location.origin") == portal.context.portal_url
    js(qtbot, browser, "location.href = '/p/home/dvc-chi-tiet-thu-tuc-nganh-doc.html?ma_thu_tuc=TH.HT.01'")
    wait_js(qtbot, browser, "document.getElementById('submit-online')")
    js(qtbot, browser, "document.getElementById('submit-online').click()")
    wait_js(qtbot, browser, "document.getElementById('dossier-form')")
    name = js(qtbot, browser, "document.getElementById('ho_ten').value")
    assert name == js(qtbot, browser, "document.getElementById('user-name').textContent")
    assert browser.page().js_errors == []
