"""Render the practice portal's pages in QtWebEngine to docs/screenshots/ (1920x1080 and 1366x768).

Run: `make screenshots`. Starts a practice portal on loopback, logs in through the practice
phone like a citizen, fills the birth-registration form with mistakes, then correctly, and
saves: home, login QR with the phone, the phone's "web login not enabled" help, the form
with errors and the receipt.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "screenshots"
SIZES = ((1920, 1080), (1366, 768))
PHONE = "document.getElementById('phone').contentDocument"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Driver:
    """Drives one QWebEngineView synchronously (event loop spun while waiting)."""

    def __init__(self, view, app) -> None:
        self.view, self.app = view, app

    def spin(self, seconds: float) -> None:
        """Process Qt events for a while."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.01)

    def js(self, script: str):
        """Evaluate an expression in the page; its JSON value, or None."""
        box: dict = {}
        wrapped = f"JSON.stringify((() => {{ try {{ return ({script}); }} catch (e) {{ return null; }} }})())"
        self.view.page().runJavaScript(wrapped, 0, lambda value: box.setdefault("v", value))
        deadline = time.monotonic() + 5
        while "v" not in box and time.monotonic() < deadline:
            self.spin(0.02)
        return json.loads(box["v"]) if box.get("v") else None

    def wait(self, script: str, timeout: float = 15) -> None:
        """Wait until the expression is true, then let the page paint."""
        deadline = time.monotonic() + timeout
        while not self.js(f"!!({script})"):
            if time.monotonic() > deadline:
                raise TimeoutError(script)
            self.spin(0.1)
        self.spin(0.4)  # let the page paint

    def save(self, name: str, suffix: str) -> None:
        """Save the view as docs/screenshots/NAME-SUFFIX.png."""
        self.view.grab().save(str(OUT / f"{name}-{suffix}.png"))


def shoot(width: int, height: int) -> None:
    """Inside an Xvfb of that size: walk the portal and save the pages."""
    from PySide6.QtCore import QCoreApplication, Qt, QUrl
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(sys.argv[:1])
    from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from kiosk.config.schema import PracticeSettings
    from kiosk.practice_portal import PracticePortal

    suffix = f"{width}x{height}"
    with tempfile.TemporaryDirectory() as folder:
        portal = PracticePortal(PracticeSettings())
        portal.start(Path(folder))
        profile = QWebEngineProfile()
        page = QWebEnginePage(profile)
        view = QWebEngineView()
        view.setPage(page)
        view.resize(width, height)
        view.show()
        drive = Driver(view, app)
        view.load(QUrl(portal.home_url))
        drive.wait("document.getElementById('login-link')")
        drive.save("portal-home", suffix)
        drive.js("document.getElementById('login-link').click()")
        drive.wait("document.getElementById('login-vneid')")
        drive.js("document.getElementById('login-vneid').click()")
        drive.wait(f"{PHONE} && {PHONE}.getElementById('phone-scan')")
        drive.save("portal-login-qr", suffix)
        drive.js(f"{PHONE}.getElementById('phone-scan').click()")
        drive.wait(f"{PHONE}.getElementById('phone-confirm')")
        drive.js(f"{PHONE}.getElementById('phone-confirm').click()")
        drive.wait(f"{PHONE}.getElementById('phone-refused')")
        drive.wait("document.getElementById('qr-state').classList.contains('bad')")
        drive.save("portal-phone-refused", suffix)
        drive.js(f"{PHONE}.getElementById('phone-open-settings').click()")
        drive.wait(f"{PHONE}.getElementById('web-login')")
        drive.js(f"({PHONE}.getElementById('web-login').checked = true, {PHONE}.getElementById('phone-save').click())")
        drive.wait(f"{PHONE}.getElementById('phone-saved')")
        drive.js("document.getElementById('qr-reload').click()")
        drive.wait(f"{PHONE} && {PHONE}.getElementById('phone-scan')")
        drive.js(f"{PHONE}.getElementById('phone-scan').click()")
        drive.wait(f"{PHONE}.getElementById('phone-confirm')")
        drive.js(f"{PHONE}.getElementById('phone-confirm').click()")
        drive.wait("document.getElementById('user-name')")
        drive.js("location.href = '/nop-ho-so?ma_thu_tuc=TH.HT.01'")
        drive.wait("document.getElementById('dossier-form')")
        drive.js("(document.getElementById('dien_thoai').value = '09123', document.getElementById('ngay_sinh').value"
                 " = '31/02/1960', document.getElementById('form-next').click())")
        drive.wait("document.getElementById('form-errors')")
        drive.js("document.getElementById('dien_thoai').scrollIntoView({block: 'center'})")
        drive.save("portal-form-errors", suffix)
        values = {"tinh": "Tỉnh Lào Cai", "co_quan": "Xã Bắc Hà", "ngay_sinh": "05/09/1960", "dien_thoai": "0912345678",
                  "dia_chi": "Thôn 1, xã Bắc Hà", "ten_tre": "Nguyễn Thị Bình", "ngay_sinh_tre": "01/01/2025",
                  "gioi_tinh_tre": "Nữ", "noi_sinh": "Trạm y tế xã Bắc Hà"}
        setters = ", ".join(f"document.getElementById('{key}').value = {json.dumps(value)}"
                            for key, value in values.items())
        drive.js(f"({setters}, document.getElementById('form-next').click())")
        drive.wait("document.getElementById('attach-form')")
        dossier = drive.js("location.pathname.split('/')[2]")
        store = portal.context.store
        (store.uploads / "scan.pdf").write_bytes(PDF)
        store.add_attachment(dossier, "giay_chung_sinh", "Giấy chứng sinh.pdf", "scan.pdf", "pdf", len(PDF))
        drive.js(f"location.href = '/nop-ho-so/{dossier}/xac-nhan'")
        drive.wait("document.getElementById('submit-dossier')")
        drive.js("document.getElementById('submit-dossier').click()")
        drive.wait("document.getElementById('dossier-code')")
        drive.save("portal-receipt", suffix)
        view.close()
        view.setPage(None)
        del page, view
        portal.stop()


def main() -> int:
    """One Xvfb per size (or, with --one, shoot inside the current display)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", help="WIDTHxHEIGHT: shoot in the current display")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    if args.one:
        width, height = (int(part) for part in args.one.split("x"))
        shoot(width, height)
        return 0
    from ui.app import prepare_environment

    prepare_environment()  # the kiosk's own QtWebEngine environment, inherited by each Xvfb run
    for width, height in SIZES:
        command = ["xvfb-run", "-a", "-s", f"-screen 0 {width}x{height}x24",
                   sys.executable, __file__, "--one", f"{width}x{height}"]
        subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    print(f"portal screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
