"""Driving a QWebEngineView in tests: evaluate JavaScript, wait for the page, click and type for real."""

from __future__ import annotations

import http.server
import json
import threading
import time

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.exceptions import TimeoutError as WaitTimeout

SAFE = "(() => {{ try {{ return ({script}); }} catch (e) {{ return null; }} }})()"


def js(qtbot, view, script: str):
    """Evaluate an expression in the main frame; its JSON value (None on a script error)."""
    box = {}
    view.page().runJavaScript(f"JSON.stringify({SAFE.format(script=script)})", 0, lambda v: box.setdefault("v", v))
    qtbot.waitUntil(lambda: "v" in box, timeout=5000)
    return json.loads(box["v"]) if box["v"] else None


def wait_js(qtbot, view, script: str, timeout: int = 15000) -> None:
    """Wait until the expression is true (asked again after navigations, which drop answers)."""
    state = {"asked": 0.0, "ok": False}

    def answer(value) -> None:
        state["asked"] = 0.0
        state["ok"] = value == "true"

    def check() -> bool:
        if not state["ok"] and time.monotonic() - state["asked"] > 0.3:
            state["asked"] = time.monotonic()
            view.page().runJavaScript(f"JSON.stringify(!!{SAFE.format(script=script)})", 0, answer)
        return state["ok"]

    try:
        qtbot.waitUntil(check, timeout=timeout)
    except WaitTimeout as error:  # name what was waited for: a failure on a busy CI machine must say where
        raise WaitTimeout(f"{error} for {script}") from error


def centre(qtbot, view, selector: str, frame: str = "") -> QPoint:
    """Widget coordinates of an element's centre, scrolled into view (inside an iframe when `frame`)."""
    script = f"""(() => {{
        let doc = document, dx = 0, dy = 0;
        if ({json.dumps(frame)}) {{
            const f = document.querySelector({json.dumps(frame)});
            f.scrollIntoView({{block: "center"}});
            doc = f.contentDocument;
        }}
        const el = doc.querySelector({json.dumps(selector)});
        el.scrollIntoView({{block: "center"}});
        if ({json.dumps(frame)}) {{
            const r = document.querySelector({json.dumps(frame)}).getBoundingClientRect();
            dx = r.left; dy = r.top;
        }}
        const box = el.getBoundingClientRect();
        const ix = box.left + box.width / 2, iy = box.top + box.height / 2;
        const under = doc.elementFromPoint(ix, iy);
        return [dx + ix, dy + iy, under === el || el.contains(under)];
    }})()"""
    found = {}

    def settled() -> bool:
        # The element must be the one under its centre (layout done, nothing covering it) before clicking.
        answer = js(qtbot, view, script)
        if answer and answer[2]:
            found["xy"] = answer[:2]
            return True
        return False

    qtbot.waitUntil(settled, timeout=10000)
    x, y = found["xy"]
    zoom = view.zoomFactor()
    return QPoint(round(x * zoom), round(y * zoom))


def _answer(qtbot, view, script: str) -> str:
    """The script's string answer, asked again until it gives one (the element may not be there yet)."""
    answer: list[str] = []

    def answered() -> bool:
        value = js(qtbot, view, script)
        if isinstance(value, str):
            answer.append(value)
        return bool(answer)

    qtbot.waitUntil(answered, timeout=15000)
    return answer[0]


def click(qtbot, view, selector: str, frame: str = "") -> None:
    """A real mouse click (not a JavaScript click()) on the element, repeated only if it never arrived."""
    wait_js(qtbot, view, f"document.querySelector({json.dumps(frame)})" if frame else "true")
    doc = f"document.querySelector({json.dumps(frame)}).contentDocument" if frame else "document"
    element = f"{doc}.querySelector({json.dumps(selector)})"
    # A capture listener notes the click before any default action (navigation, submit) happens, in the tab's
    # session storage: the note outlives the document, so a document replaced by another one at the same address
    # (the click lost in between) is not taken for an arrived click.
    noted = f"{doc}.defaultView.sessionStorage"
    for attempt in range(3):
        token = f"{time.monotonic_ns()}-{attempt}"
        listen = (f"({element}.addEventListener('click', () => {noted}.kioskTestClick = {token!r},"
                  f" {{capture: true, once: true}}), {noted}.kioskTestClick = '', {doc}.location.origin)")
        origin = _answer(qtbot, view, listen)
        point = centre(qtbot, view, selector, frame)
        QTest.mouseMove(view.focusProxy(), point)
        QTest.mouseClick(view.focusProxy(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        try:  # the note is there, or the click took the frame to another site
            wait_js(qtbot, view, f"!{doc} || {doc}.location.origin !== {json.dumps(origin)}"
                                 f" || {noted}.kioskTestClick === {token!r}", timeout=3000)
            return
        except WaitTimeout:
            continue
    raise AssertionError(f"the click on {selector} never reached the page")


def type_into(qtbot, view, selector: str, text: str) -> None:
    """Click a field and type into it key by key."""
    click(qtbot, view, selector)
    wait_js(qtbot, view, f"document.activeElement === document.querySelector({json.dumps(selector)})")
    target = view.focusProxy()
    for char in text:
        # QTest.keyClicks asserts on non-ASCII; a key event carrying the text is what an IME delivers.
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    wait_js(qtbot, view, f"document.querySelector({json.dumps(selector)}).value.endsWith({json.dumps(text)})")


PHONE = "#phone"


def log_in_with_practice_phone(qtbot, view) -> None:
    """From any portal page: Đăng nhập → VNeID → enable web login in the phone → scan → confirm."""
    click(qtbot, view, "#login-link")
    wait_js(qtbot, view, "document.getElementById('login-vneid')")
    click(qtbot, view, "#login-vneid")
    wait_js(qtbot, view, "document.getElementById('phone').contentDocument.getElementById('phone-settings')")
    click(qtbot, view, "#phone-settings", PHONE)
    wait_js(qtbot, view, "document.getElementById('phone').contentDocument.getElementById('web-login')")
    click(qtbot, view, "#web-login", PHONE)
    click(qtbot, view, "#phone-save", PHONE)
    wait_js(qtbot, view, "document.getElementById('phone').contentDocument.getElementById('phone-saved')")
    click(qtbot, view, "#phone-home", PHONE)
    wait_js(qtbot, view, "document.getElementById('phone').contentDocument.getElementById('phone-scan')")
    click(qtbot, view, "#phone-scan", PHONE)
    wait_js(qtbot, view, "document.getElementById('phone').contentDocument.getElementById('phone-confirm')")
    click(qtbot, view, "#phone-confirm", PHONE)
    wait_js(qtbot, view, "document.getElementById('user-name')")


def open_birth_registration(qtbot, view) -> None:
    """From a portal page with the login link: log in, then the online form of the birth registration (TH.HT.01)."""
    log_in_with_practice_phone(qtbot, view)
    click(qtbot, view, 'a[href*="TH.HT.01"]')
    wait_js(qtbot, view, "document.getElementById('submit-online')")
    click(qtbot, view, "#submit-online")
    wait_js(qtbot, view, "document.getElementById('dossier-form') && document.readyState === 'complete'")

def fill_marital_status_form(qtbot, view) -> None:
    """The online form of TH.HT.05 (Xác nhận tình trạng hôn nhân, a procedure with a fee), filled in: the agency
    chosen by the page's own change events, the fields typed key by key."""
    js(qtbot, view, """(() => { const set = (id, v) => { const e = document.getElementById(id); e.value = v;
        e.dispatchEvent(new Event('change')); }; set('tinh', 'Tỉnh Lào Cai'); set('co_quan', 'Xã Bắc Hà');
        return true; })()""")
    for field, text in (("ngay_sinh", "05/09/1960"), ("dien_thoai", "0912345678"), ("dia_chi", "Thôn 1, xã Bắc Hà"),
                        ("muc_dich", "Đăng ký kết hôn")):
        type_into(qtbot, view, f"#{field}", text)


class Site(http.server.ThreadingHTTPServer):
    """A loopback web server with fixed pages that remembers every path asked for."""

    def __init__(self, host: str, pages: dict[str, str]) -> None:
        self.pages, self.hits = pages, []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.hits.append(self.path)
                body = site.pages.get(self.path.split("?")[0], "<p>ok</p>").encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args) -> None:
                return

        super().__init__((host, 0), Handler)
        self.url = f"http://{host}:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()


class Receiver(http.server.ThreadingHTTPServer):
    """A loopback endpoint that keeps the JSON bodies POSTed to it (the officer's help-call webhook)."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.received.append(json.loads(body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *_args) -> None:
                return

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/help"
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
