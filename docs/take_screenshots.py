"""Render the kiosk's screens to docs/screenshots/ at 1920x1080 and 1366x768, in Vietnamese.

Run: `make screenshots` (needs Xvfb). Each size runs in its own Xvfb of that size, with the
real window and real screens, driven through the shell as a citizen would move.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the page generator lives in tests/pages.py
OUT = HERE / "screenshots"
SIZES = ((1920, 1080), (1366, 768))


def spin(app, seconds: float) -> None:
    """Let Qt (and QtWebEngine) work for a while."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def shoot_browser(shell, save, app) -> None:
    """The portal screen in practice mode: the portal, the attach dialog, a blocked page, a receipt, offline."""
    from kiosk.practice_portal.receipt_pdf import receipt_pdf
    from kiosk.session_documents import documents_folder, list_documents, offers

    session = shell.lifecycle.session
    folder = documents_folder(session.directory)
    for name in ("Giấy chứng sinh.pdf", "CCCD hai mặt.pdf"):
        (folder / name).write_bytes(receipt_pdf([("Tài liệu mẫu", name)], "TH-MAU", time.time()))
    shell.open_choice("submit")
    spin(app, 4)
    save("portal-browser")
    browser = shell.browser
    show_keyboard_on(app, browser.browser.view.focusProxy(), browser.browser.page,
                     "const field = document.getElementById('keyword'); field.focus(); field.value = 'khai sinh'")
    save("keyboard-portal")
    hide_keyboard(app)
    browser.guide.buttons["no"].click()  # no VNeID account yet: the police checklist with its QR code
    spin(app, 0.3)
    save("guide-no-account")
    browser.guide.buttons["steps"].click()
    shoot_form_keyboard(shell, save, app)
    browser.attach.prepare(offers(list_documents(session.directory), {"pdf", "jpeg", "png"}), False, "PDF, JPG, PNG",
                           shell.translate)
    browser.layers.setCurrentWidget(browser.attach)
    spin(app, 0.5)
    save("attach-dialog")
    browser.show_web()
    browser.navigate("https://www.facebook.com/")
    spin(app, 0.3)
    save("blocked-page")
    receipt = session.directory / "downloads"
    receipt.mkdir(exist_ok=True)
    path = receipt / "bien-nhan-TH-261122-000123.pdf"
    path.write_bytes(receipt_pdf([("Thủ tục", "Đăng ký khai sinh"), ("Người nộp", "Nguyễn Văn An"),
                                  ("Cơ quan tiếp nhận", "Xã Bắc Hà, Tỉnh Lào Cai")], "TH-261122-000123", time.time()))
    browser.show_download(str(path))
    spin(app, 0.8)
    save("pdf-viewer")
    shell.practice.portal.stop(keep_state=True)
    browser.offer_practice = True  # as on a kiosk whose real portal is unreachable
    browser.go_home()
    browser.check_then(lambda: None)
    spin(app, 2)
    save("offline-page")


def shoot_scan(shell, save, app) -> None:
    """The scan screen: the paper choice, how to place it, a feeder batch under way, and a jam after 3 pages."""
    from drivers.worker import WorkerDriver
    from kiosk.scanning.job import State
    from kiosk.scanning.kinds import PaperKind
    from kiosk.scanning.service import worker_driver

    shell.open_choice("scan")
    save("scan-choose")
    flow = shell.scanning.flow
    # SANE's test scanner, slowed to an office feeder's pace and jamming after the third sheet.
    faults = {"read_delay_us": 20_000, "status_after": (3, "SANE_STATUS_JAMMED")}
    flow.service._factory = lambda choice: WorkerDriver(choice.kind, choice.setup,
                                                         "tests.scanner.faulty_sane:make", faults)
    flow.scan.choose(PaperKind.BATCH)
    save("scan-place")
    flow.scan.start_scan()
    deadline = time.monotonic() + 60
    while len(flow.scan.job.pages) < 2 or flow.scan.job.page_progress < 0.4:
        spin(app, 0.02)
        if time.monotonic() > deadline:
            raise RuntimeError("the test scanner did not deliver two pages")
    save("scan-batch")
    while flow.scan.job.state is not State.STOPPED and time.monotonic() < deadline:
        spin(app, 0.05)
    save("scan-jam")
    flow.scan.back()
    flow.service._factory = worker_driver  # the real drivers again
    shoot_camera(flow, save, app)
    flow.scan.back()


def shoot_camera(flow, save, app) -> None:
    """The document camera's live view (a generated video of a hand-held page) with the outline drawn."""
    import dataclasses

    import numpy as np

    from kiosk.scanning.kinds import PaperKind
    from kiosk.scanning.setup import scanner_choice
    from tests.camera_photos import page_never_still, write_video

    kept = flow.service.settings
    video = write_video(Path(tempfile.mkdtemp()) / "camera.avi", page_never_still(np.random.default_rng(4), 250))
    settings = dataclasses.replace(kept, driver="camera", camera_sources=(str(video),), a4_source="camera")
    flow.service.reconfigure(scanner_choice(settings, True), settings)
    flow.scan.choose(PaperKind.A4)
    flow.scan.start_scan()
    deadline = time.monotonic() + 30
    while flow.scan.left.currentWidget() is not flow.scan.camera_view and time.monotonic() < deadline:
        spin(app, 0.02)
    spin(app, 0.3)
    save("scan-camera")
    flow.scan.stop()
    while flow.scan.runner.busy and time.monotonic() < deadline:
        spin(app, 0.05)
    flow.service.reconfigure(scanner_choice(kept, True), kept)


def shoot_technician(shell, save, app) -> None:
    """The technician's scanner screen after a search and a test scan (SANE's test scanner)."""
    shell.scanning.open_technician()
    screen = shell.scanning.technician
    deadline = time.monotonic() + 60
    while (screen.busy or screen.devices.count() == 0) and time.monotonic() < deadline:
        spin(app, 0.05)
    screen.test_scan()
    while screen.busy and time.monotonic() < deadline:
        spin(app, 0.05)
    save("technician-scanner")
    screen.back()


def shoot_doctor(shell, save, app) -> None:
    """"Kiểm tra máy" from the technician menu, once its checks have ended."""
    from kiosk.admin_pin import StaffRole

    shell.open_pin_pad()
    shell.open_admin_menu(StaffRole.TECHNICIAN)
    shell.doctor.open()
    deadline = time.monotonic() + 60
    while shell.doctor.screen.running and time.monotonic() < deadline:
        spin(app, 0.05)
    save("doctor")
    shell.leave_admin()


def shoot_technician_menu(shell, save) -> None:
    """The technician menu during a citizen's session, with an upgrade waiting for a restart, and the question
    "Tắt máy" asks first."""
    from kiosk.admin_pin import StaffRole
    from kiosk.power import PowerAction
    from ui.confirm import ConfirmPanel

    shell.open_admin_menu(StaffRole.TECHNICIAN)
    shell.admin_menu.show_restart_due(shell.translate, True)
    save("technician-menu")
    shell.power.ask(PowerAction.POWER_OFF)
    save("power-off-question")
    ConfirmPanel.over(shell.window).dismiss()
    shell.leave_admin()


PHONE = "document.getElementById('phone').contentDocument"
LOG_IN = (  # what to tap, then what shows when it has worked (as tests/web.py log_in_with_practice_phone)
    ("document.getElementById('login-link')", "document.getElementById('login-vneid')"),
    ("document.getElementById('login-vneid')", f"{PHONE}.getElementById('phone-settings')"),
    (f"{PHONE}.getElementById('phone-settings')", f"{PHONE}.getElementById('web-login')"),
    (f"{PHONE}.getElementById('web-login')", ""),
    (f"{PHONE}.getElementById('phone-save')", f"{PHONE}.getElementById('phone-saved')"),
    (f"{PHONE}.getElementById('phone-home')", f"{PHONE}.getElementById('phone-scan')"),
    (f"{PHONE}.getElementById('phone-scan')", f"{PHONE}.getElementById('phone-confirm')"),
    (f"{PHONE}.getElementById('phone-confirm')", "document.getElementById('user-name')"),
)


def js_when(app, page, element: str, action: str = ".click()", timeout: float = 15) -> None:
    """Once the page has the element, act on it (a click by default)."""
    answer: dict = {}
    deadline = time.monotonic() + timeout
    while not answer.get("done"):
        if time.monotonic() > deadline:
            raise TimeoutError(element)
        script = f"(() => {{ try {{ const el = {element}; if (!el) return false; el{action}; return true; }}" \
                 " catch (e) { return false; } })()"
        page.runJavaScript(script, 0, lambda value: answer.update(done=bool(value)))
        spin(app, 0.2)
    spin(app, 0.3)


def shoot_form_keyboard(shell, save, app) -> None:
    """The keyboard over the portal's dossier form: a date and a phone number on their digit layouts."""
    view = shell.browser.browser.view
    page = view.page()
    for element, shown in LOG_IN:  # the practice phone: allow web login, then scan the QR code
        js_when(app, page, element)
        if shown:
            js_when(app, page, shown, ".id")
    js_when(app, page, "location", ".href = '/nop-ho-so?ma_thu_tuc=TH.HT.01'")
    js_when(app, page, "document.getElementById('so_dinh_danh')", ".scrollIntoView({block: 'start'})")
    for field, name in (("ngay_sinh", "keyboard-form-date"), ("dien_thoai", "keyboard-form-phone")):
        # The view's focus proxy is made again when the page changes process: ask for it each time.
        show_keyboard_on(app, view.focusProxy(), page, f"document.getElementById('{field}').focus()")
        save(name)
    hide_keyboard(app)


def show_keyboard_on(app, widget, page=None, script: str = "") -> None:
    """Focus a field (in a web page: by `script`) and bring the on-screen keyboard up, as a tap on it does."""
    from PySide6.QtGui import QGuiApplication

    from ui.keyboard import KeyboardPanel

    widget.setFocus()
    if page is not None:
        page.runJavaScript(script)
        spin(app, 0.5)
    panel = widget.window().findChild(KeyboardPanel)
    if panel is not None:
        panel.tapped(on_keys=False)  # what the tap on the field tells it: a keyboard put away may come back
    QGuiApplication.inputMethod().show()
    spin(app, 0.8)


def hide_keyboard(app) -> None:
    """The focus leaves the field: the keyboard goes away."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    focus = QApplication.focusWidget()
    if focus is not None:
        focus.clearFocus()
    QGuiApplication.inputMethod().hide()
    spin(app, 0.3)


def shoot_videos(shell, app, path_for) -> None:
    """The video library, then a chapter playing with its captions (grabbed from the screen: a video widget's
    own grab is blank)."""
    grab = shell.window.windowHandle().screen().grabWindow
    shell.videos.open(None, lambda: None)
    spin(app, 1.0)
    grab(0).save(str(path_for("video-library")))
    shell.videos.open("login", lambda: None)
    library = shell.videos.library
    deadline = time.monotonic() + 20
    while not library.player.caption.text() and time.monotonic() < deadline:
        spin(app, 0.05)
    spin(app, 1.5)
    grab(0).save(str(path_for("video-captions")))
    library.player.stop()


def shoot_review(shell, save, folder: Path, app) -> None:
    """The page review screen with four scanned-looking pages, one turned; then its name typed on the keyboard."""
    import cv2

    from kiosk.documents.review import PageSet
    from tests.pages import scanned, vietnamese_page
    from ui.documents.review_screen import ReviewScreen

    pages = PageSet()
    for index in range(4):
        path = folder / f"scan{index}.png"
        cv2.imwrite(str(path), scanned(vietnamese_page(index, dpi=100)[0], 0.0, index))
        pages.add(path)
    pages.rotate(2)
    review = ReviewScreen(shell.options.scale)
    review.retranslate(shell.translate)
    shell.window.stack.addWidget(review)
    review.open(pages, ["Giấy chứng sinh", "CCCD của người đi đăng ký"], folder, 100)
    review.thumbs.setCurrentRow(2)
    shell.window.stack.setCurrentWidget(review)
    save("review-pages")
    show_keyboard_on(app, review.name.lineEdit())
    review.name.lineEdit().setText("Giấy xác nhận cư trú")
    save("keyboard-field")
    shoot_accents(shell, save, app)
    hide_keyboard(app)
    review.back()  # four pages would be thrown away: the kiosk asks first
    save("review-discard-question")
    from ui.confirm import ConfirmPanel

    ConfirmPanel.over(shell.window).dismiss()


def shoot_accents(shell, save, app) -> None:
    """A long press on "e" of the on-screen keyboard: its accented letters, inside the keyboard band."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.keyboard import _centre, _shown

    panel = shell.window.keyboard
    (key,) = [item for item in _shown(panel, "Key_") if item.property("text") == "e"]
    QTest.mousePress(panel, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, _centre(key))
    spin(app, 1.2)
    save("keyboard-accents")
    QTest.mouseRelease(panel, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, _centre(key))
    spin(app, 0.2)


def shoot(width: int, height: int, lang: str) -> None:
    """Inside an Xvfb of the given size: show each screen and save it."""
    from kiosk.cli import build_parser
    from kiosk.config import load_layers
    from ui.app import application, build_shell

    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "kiosk.toml"
        config.write_text(f'[session]\nroot_dir = "{tmp}/sessions"\n[paths]\ndata_dir = "{tmp}/data"\n'
                          '[officer]\nchime = false\nsurvey_url = "https://dichvucong.laocai.gov.vn/khao-sat"\n',
                          encoding="utf-8")
        args = build_parser().parse_args(
            ["--windowed", "--size", f"{width}x{height}", "--lang", lang, "--config", str(config), "--practice"]
        )
        app = application()
        shell = build_shell(app, args, load_layers(None, config))
        shell.window.restore()
        suffix = f"{width}x{height}" + ("" if lang == "vi" else f"-{lang}")

        def save(name: str) -> None:
            for _ in range(5):
                app.processEvents()
            shell.window.grab().save(str(OUT / f"{name}-{suffix}.png"))

        spin(app, 0.5)
        save("attract")
        shell.begin_session()
        save("start")
        shell.open_choice("track")
        save("tracking")
        now = shell._clock()
        shell.lifecycle.tick(now + shell.lifecycle.idle_timeout_s)
        shell.idle_warning.set_seconds(shell.lifecycle.seconds_left(now + shell.lifecycle.idle_timeout_s + 2))
        save("idle-warning")
        shell.lifecycle.keep_alive(now)
        shell.open_pin_pad()
        save("pin-pad")
        shell.leave_admin()
        shoot_technician_menu(shell, save)
        shoot_scan(shell, save, app)
        shoot_videos(shell, app, lambda name: OUT / f"{name}-{suffix}.png")
        shoot_technician(shell, save, app)
        shoot_doctor(shell, save, app)
        shoot_browser(shell, save, app)
        shoot_review(shell, save, Path(tmp), app)
        from docs.officer_shots import shoot_officer

        shoot_officer(shell, save, lambda seconds: spin(app, seconds))
        shell.exit_kiosk("screenshots")


def main() -> int:
    """Run one Xvfb per size (or, with --one, shoot inside the current display)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", help="WIDTHxHEIGHT: shoot in the current display")
    parser.add_argument("--lang", default="vi", choices=("vi", "en"))
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    if args.one:
        width, height = (int(part) for part in args.one.split("x"))
        shoot(width, height, args.lang)
        return 0
    from ui.app import prepare_environment

    prepare_environment()  # the kiosk's own QtWebEngine environment, inherited by each Xvfb run
    for width, height in SIZES:
        command = [
            "xvfb-run", "-a", "-s", f"-screen 0 {width}x{height}x24",
            sys.executable, __file__, "--one", f"{width}x{height}", "--lang", args.lang,
        ]
        subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
