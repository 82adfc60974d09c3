"""The practice portal in the kiosk's own browser engine (QtWebEngine under Xvfb): login by the practice phone."""

from __future__ import annotations

import json
import time

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
from PySide6.QtWebEngineWidgets import QWebEngineView


class RecordingPage(QWebEnginePage):
    """Keeps every JavaScript console error so the test can fail on it."""

    def __init__(self, profile: QWebEngineProfile) -> None:
        super().__init__(profile)
        self.js_errors: list[str] = []

    def javaScriptConsoleMessage(self, level, message, line, source):  # noqa: N802
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


def run_js(qtbot, view, script: str):
    """Run `script` (an expression) in the main frame and return its JSON value."""
    result = {}
    view.page().runJavaScript(f"JSON.stringify({script})", 0, lambda value: result.setdefault("v", value))
    qtbot.waitUntil(lambda: "v" in result, timeout=5000)
    return json.loads(result["v"]) if result["v"] else None


def wait_js(qtbot, view, script: str, timeout: int = 15000) -> None:
    """Wait until `script` is true in the page (re-evaluated as the page changes)."""
    state = {"asked": 0.0, "ok": False}

    def done(value) -> None:
        state["asked"] = 0.0
        state["ok"] = value == "true"

    def check() -> bool:
        # A navigation drops pending callbacks: ask again when no answer came for a while.
        if not state["ok"] and time.monotonic() - state["asked"] > 0.3:
            state["asked"] = time.monotonic()
            view.page().runJavaScript(f"JSON.stringify((() => {{ try {{ return !!({script}); }} catch (e) {{ return false; }} }})())", 0, done)
        return state["ok"]

    qtbot.waitUntil(check, timeout=timeout)


PHONE = "document.getElementById('phone').contentDocument"


def test_login_with_the_practice_phone_reaches_the_dossier_form(qtbot, browser, portal):
    with qtbot.waitSignal(browser.loadFinished, timeout=15000) as loaded:
        browser.load(QUrl(portal.home_url))
    assert loaded.args == [True]
    run_js(qtbot, browser, "document.getElementById('login-link').click()")
    wait_js(qtbot, browser, "document.getElementById('login-vneid')")
    run_js(qtbot, browser, "document.getElementById('login-vneid').click()")
    wait_js(qtbot, browser, f"location.href.startsWith('{portal.context.sso_url}/oauth2/authorize')")
    wait_js(qtbot, browser, f"{PHONE} && {PHONE}.getElementById('phone-settings')")

    # In the phone: first try fails (web login off), then enable it in Settings, then scan a fresh QR.
    run_js(qtbot, browser, f"{PHONE}.getElementById('phone-scan').click()")
    wait_js(qtbot, browser, f"{PHONE}.getElementById('phone-confirm')")
    run_js(qtbot, browser, f"{PHONE}.getElementById('phone-confirm').click()")
    wait_js(qtbot, browser, f"{PHONE}.getElementById('phone-refused')")
    wait_js(qtbot, browser, "document.getElementById('qr-state').textContent.includes('chưa cho phép đăng nhập')")
    run_js(qtbot, browser, f"{PHONE}.getElementById('phone-open-settings').click()")
    wait_js(qtbot, browser, f"{PHONE}.getElementById('web-login')")
    run_js(qtbot, browser, f"({PHONE}.getElementById('web-login').checked = true, "
                           f"{PHONE}.getElementById('phone-save').click())")
    wait_js(qtbot, browser, f"{PHONE}.getElementById('phone-saved')")
    run_js(qtbot, browser, "document.getElementById('qr-reload').click()")
    wait_js(qtbot, browser, f"{PHONE} && {PHONE}.getElementById('phone-scan')")
    run_js(qtbot, browser, f"{PHONE}.getElementById('phone-scan').click()")
    wait_js(qtbot, browser, f"{PHONE}.getElementById('phone-confirm')")
    run_js(qtbot, browser, f"{PHONE}.getElementById('phone-confirm').click()")

    # The QR page notices the approval and returns to the portal, logged in.
    wait_js(qtbot, browser, "document.getElementById('user-name')")
    assert run_js(qtbot, browser, "location.origin") == portal.context.portal_url
    run_js(qtbot, browser, "location.href = '/p/home/dvc-chi-tiet-thu-tuc-nganh-doc.html?ma_thu_tuc=TH.HT.01'")
    wait_js(qtbot, browser, "document.getElementById('submit-online')")
    run_js(qtbot, browser, "document.getElementById('submit-online').click()")
    wait_js(qtbot, browser, "document.getElementById('dossier-form')")
    name = run_js(qtbot, browser, "document.getElementById('ho_ten').value")
    assert name == run_js(qtbot, browser, "document.getElementById('user-name').textContent")
    assert browser.page().js_errors == []
