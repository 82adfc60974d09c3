"""The portal screen: a citizen toolbar over the locked-down web view, and the kiosk's own panels.

Web state belongs to the session (`SessionBrowser`); this screen only shows it, answers the
page's file picker with the attach panel, and covers the view with the kiosk's own pages
when a site is blocked, the network is gone or a certificate is bad.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.browser_policy import BrowserPolicy, PolicyHolder, Verdict
from kiosk.connectivity import reachable
from kiosk.documents.deliver import keep_download
from kiosk.session import Session
from ui.browser.attach_flow import AttachFlow
from ui.browser.attach_panel import AttachPanel
from ui.browser.page import KioskPage
from ui.browser.panels import GuideColumn, NoticePanel, PopupPanel
from ui.browser.pdf_panel import PdfPanel
from ui.browser.receipt_printing import ReceiptPrinter
from ui.browser.session_browser import SessionBrowser
from ui.guide.panel import GuidePanel
from ui.guide.pointer import PagePointer
from ui.tasks import Task
from ui.widgets import Screen, Translate, button, tell
from ui.window import ScreenStack

ZOOM_STEPS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0)
SAVE_LIMIT_S = 30.0
CHECK_MARGIN_S = 5.0  # the connectivity check has its own timeout; the task's limit is only a backstop
# The guide's width at 1920x1080 (scaled for other screens): its checklist items fit one line each, so the
# "Chưa có" page with its QR code fits a 1366x768 screen; the portal keeps about 72 % of the width.
GUIDE_WIDTH = 540


class BrowserScreen(Screen):
    """Shows the session's portal view; signals where the citizen is for the guide."""

    url_changed = Signal(str)
    title_changed = Signal(str)
    help_requested = Signal()
    menu_requested = Signal()
    practice_requested = Signal()
    scan_requested = Signal(str)  # the upload slot's name when the attach dialog asked, else ""
    documents_attached = Signal(int)
    page_loaded = Signal(str)  # the title of a page that finished loading
    finish_requested = Signal()  # the guide's "Kết thúc" (no VNeID account yet)

    def __init__(self, scale: float, printer_queue: Callable[[], str], connect_timeout_s: float) -> None:
        super().__init__(scale, "BrowserScreen")
        self.printer = ReceiptPrinter(printer_queue)
        self._timeout_s = connect_timeout_s
        self._tr: Translate | None = None
        self.session: Session | None = None
        self.browser: SessionBrowser | None = None
        self.home_url = ""
        self.policy = PolicyHolder(BrowserPolicy(()))  # the one allow-list every view and popup of the screen asks
        self.offer_practice = True  # the offline page's "Dùng bản tập huấn" (pointless when already practising)
        self._zoom = ZOOM_STEPS.index(1.0)
        toolbar = self._build_toolbar()
        self._build_layers()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(toolbar)
        self.guide = GuidePanel(self.px(GUIDE_WIDTH))
        self.guide.scan_requested.connect(lambda: self.scan_requested.emit(""))
        self.guide.finish_requested.connect(self.finish_requested)
        self.pointer = PagePointer(self.web_slot, scale)
        self.guide.point_requested.connect(self.point_at)
        self.guide.step_changed.connect(lambda _step: self._point_step())
        self._page = ["", "", ""]  # the shown page's address, title and visible text, for the guide
        self.url_changed.connect(self._guide_address)
        self.title_changed.connect(lambda title: self._guide_page(1, title))
        self.page_loaded.connect(lambda _title: self._guide_text())
        body = QHBoxLayout()
        body.setSpacing(0)
        body.addWidget(self.layers, 1)
        body.addWidget(GuideColumn(self.guide))
        layout.addLayout(body, 1)
        QGuiApplication.inputMethod().visibleChanged.connect(self._keyboard_changed)

    def _build_toolbar(self) -> QHBoxLayout:
        self.toolbar_buttons = {
            name: button(kind=kind)
            for name, kind in (("back", "tool"), ("home", "tool"), ("reload", "tool"), ("zoom_out", "tool"),
                               ("zoom_in", "tool"), ("help", "tool-help"), ("menu", "tool"))
        }
        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(self.px(16), self.px(6), self.px(16), self.px(6))
        toolbar.setSpacing(self.px(10))
        for name, widget in self.toolbar_buttons.items():
            if name == "help":
                toolbar.addStretch(1)
            toolbar.addWidget(widget)
        buttons = self.toolbar_buttons
        buttons["back"].clicked.connect(self.go_back)
        buttons["home"].clicked.connect(self.go_home)
        buttons["reload"].clicked.connect(self.reload)
        buttons["zoom_in"].clicked.connect(lambda: self.zoom(+1))
        buttons["zoom_out"].clicked.connect(lambda: self.zoom(-1))
        buttons["help"].clicked.connect(self.help_requested)
        buttons["menu"].clicked.connect(self.menu_requested)
        return toolbar

    def _build_layers(self) -> None:
        margin = self.px(64)
        # As tall as the layer on show (the web view needs no height of its own), not as the tallest panel.
        self.layers = ScreenStack()
        self.web_slot = QWidget()
        self.web_layout = QVBoxLayout(self.web_slot)
        self.web_layout.setContentsMargins(0, 0, 0, 0)
        self.notice = NoticePanel(margin)
        self.popup = PopupPanel()
        self.attach = AttachPanel(margin)
        self.pdf = PdfPanel(margin)
        for layer in (self.web_slot, self.notice, self.popup, self.attach, self.pdf):
            self.layers.addWidget(layer)
        # A stack is as tall as its tallest layer would like; the notice and attach panels' wishes made the portal
        # screen taller than what the on-screen keyboard leaves, so the window scrolled and cut the guide.
        # The keyboard only comes up for the web page (or a popup), which take any height.
        self.layers.setMinimumHeight(self.px(120))
        self.notice.primary_clicked.connect(self._notice_primary)
        self.notice.secondary_clicked.connect(self._notice_secondary)
        self.popup.close_clicked.connect(self.close_popup)
        self.attaching = AttachFlow(self.attach, lambda: self.layers.setCurrentWidget(self.attach), self.show_web)
        self.attach.scan_requested.connect(lambda: self.scan_requested.emit(self.attaching.slot))
        self.attaching.attached.connect(self.documents_attached)
        self.pdf.print_clicked.connect(lambda: self.printer.print_file(self.pdf.path, self.session))
        self.printer.status.connect(lambda key, tone: tell(self.pdf.message, self.tr_(key) if key else "", tone))
        self.printer.busy_changed.connect(lambda busy: self.pdf.print_button.setEnabled(not busy))
        self.pdf.save_clicked.connect(self._save_download)
        self.pdf.close_clicked.connect(self.show_web)

    def _keyboard_changed(self) -> None:
        if QGuiApplication.inputMethod().isVisible() and self.browser is not None and self.browser.view.hasFocus():
            self.browser.page.show_focused_field()

    def retranslate(self, tr: Translate) -> None:
        self._tr = tr
        for name, widget in self.toolbar_buttons.items():
            widget.setText(tr(f"browser.{name}"))
        self.popup.close_button.setText(tr("popup.close"))
        self.popup.title.setText(tr("popup.title"))
        self.pdf.print_button.setText(tr("pdf.print"))
        self.pdf.save_button.setText(tr("pdf.save"))
        self.pdf.close_button.setText(tr("pdf.close"))
        self.pdf.title.setText(tr("pdf.title"))
        self.guide.retranslate(tr)

    def _guide_page(self, part: int, value: str) -> None:
        self._page[part] = value
        self.guide.page(*self._page)

    def _guide_address(self, url: str) -> None:
        self._page[2] = ""  # the text read belongs to the page before
        self._guide_page(0, url)

    def _guide_text(self) -> None:
        """A page finished loading: the guide also reads its visible text (e.g. logged in or not)."""
        address = self._page[0]
        self.page_text(lambda text: self._guide_page(2, text) if self._page[0] == address else None)

    def point_at(self, selectors: tuple[str, ...], asked: bool = True) -> None:
        """Outline on the page what the guide's step says to tap next (no match: nothing)."""
        if self.browser is not None and self.layers.currentWidget() is self.web_slot:
            self.pointer.point(self.browser.view, selectors, asked)

    def _point_step(self) -> None:
        """A new page or step: its outline, unasked (ui/guide/pointer.py)."""
        if self.guide.guide is not None:
            self.point_at(self.guide.guide.current.point, asked=False)

    def tr_(self, key: str, **params: object) -> str:
        """Text from the catalogue in the screen's current language."""
        assert self._tr is not None
        return self._tr(key, **params)

    # --- session -----------------------------------------------------------------------------

    def open(self, session: Session, home_url: str, policy: BrowserPolicy, first: str = "") -> None:
        """Show the portal for this session (made on first use, kept until the session ends), at `first` if given,
        else where the citizen left it (a new browser: the home page)."""
        self.home_url = home_url
        self.policy.policy = policy
        if self.browser is None or self.session is not session:
            self.session = session
            self.browser = SessionBrowser(session, self.policy, self.choose_files)
            self.browser.page.slot_named.connect(self.attaching.name_slot)
            session.add_cleanup("browser screen", self.forget_session)
            self.guide.reset()
            self._bind(self.browser)
            self.web_layout.addWidget(self.browser.view)
            self.check_then(lambda: self.navigate(first or self.home_url))
        elif first:
            self.navigate(first)
        self.show_web()

    def set_policy(self, policy: BrowserPolicy) -> None:
        """A new allow-list (e.g. switching to the practice portal while offline): for the view and every popup."""
        self.policy.policy = policy

    def _bind(self, browser: SessionBrowser) -> None:
        page = browser.page
        page.navigation_blocked.connect(self._blocked)
        page.popup_requested.connect(self._popup)
        page.certificate_refused.connect(self._certificate)
        page.alert.connect(self._alert)
        page.loadFinished.connect(self._load_finished)
        page.loadFinished.connect(lambda ok: self.page_loaded.emit(page.title()) if ok else None)
        page.loadFinished.connect(lambda ok: self._point_step() if ok else None)
        page.urlChanged.connect(lambda url: self.url_changed.emit(url.toString()))
        page.titleChanged.connect(self.title_changed)
        browser.download_finished.connect(self.show_download)
        browser.download_failed.connect(lambda: self._show_notice("download", "download.failed.title",
                                                                   "download.failed", "common.back"))

    def forget_session(self) -> None:
        """Session end: stop waiting for a file choice, drop the view (the session deletes it)."""
        self.attaching.cancel()
        self.pointer.forget()
        if self.popup.view is not None:
            self.popup.view.hide()
            self.popup.view = None
        if self.browser is not None:
            self.web_layout.removeWidget(self.browser.view)
            self.browser.view.hide()
        self.browser = None
        self.session = None
        self._page = ["", "", ""]  # the last page's text may name the citizen: nothing of it outlives the session
        self._zoom = ZOOM_STEPS.index(1.0)
        self.layers.setCurrentWidget(self.web_slot)

    # --- toolbar -----------------------------------------------------------------------------

    def navigate(self, url: str) -> None:
        """The one way the kiosk itself opens an address (home, a typed URL): checked before it loads."""
        if self.browser is None:
            return
        if self.policy.verdict(url, top_level=True) is not Verdict.ALLOWED:
            self._blocked(url, "typed")
            return
        self.show_web()
        self.browser.view.load(QUrl(url))

    def go_home(self) -> None:
        """Back to the portal's start page."""
        self.navigate(self.home_url)

    def go_back(self) -> None:
        """Back one page, or out of a panel."""
        if self.layers.currentWidget() is not self.web_slot:
            self.show_web()
        elif self.browser is not None:
            self.browser.view.back()

    def reload(self) -> None:
        """Reload the page (after checking the network)."""
        self.check_then(lambda: self.browser.view.reload() if self.browser is not None else None)

    def zoom(self, step: int) -> None:
        """The kiosk's own A+ / A− (Ctrl+wheel is blocked by the lockdown)."""
        self._zoom = max(0, min(len(ZOOM_STEPS) - 1, self._zoom + step))
        if self.browser is not None:
            self.browser.view.setZoomFactor(ZOOM_STEPS[self._zoom])

    def show_web(self) -> None:
        """The web view on top again."""
        self.layers.setCurrentWidget(self.web_slot)

    # --- network -----------------------------------------------------------------------------

    def check_then(self, action: Callable[[], object]) -> None:
        """Run `action` if the portal answers, else show the offline page."""
        url, timeout = self.home_url, self._timeout_s

        def done(ok: bool) -> None:
            if self.browser is None:
                return
            if ok:
                # Only the offline page is ours to take down: a download's viewer may have opened meanwhile.
                if self.layers.currentWidget() is self.notice and self.notice.kind == "offline":
                    self.show_web()
                action()
            else:
                practice = "offline.practice" if self.offer_practice else ""
                self._show_notice("offline", "offline.title", "offline.body", "offline.retry", practice)

        Task(lambda _job: reachable(url, timeout), "portal reachable", owner=self, limit_s=timeout + CHECK_MARGIN_S) \
            .success(done).failure(lambda _error: done(False)).start()

    def _load_finished(self, ok: bool) -> None:
        if not ok and self.layers.currentWidget() is self.web_slot:
            self.check_then(lambda: None)

    def _notice_primary(self) -> None:
        if self.notice.kind == "offline":
            self.notice.status.setText(self.tr_("offline.checking"))
            self.check_then(self._after_retry)
        else:
            self.show_web()

    def _after_retry(self) -> None:
        if self.browser is None:
            return
        if self.browser.view.url().isEmpty() or self.browser.view.url().toString() in ("", "about:blank"):
            self.go_home()
        else:
            self.browser.view.reload()

    def _notice_secondary(self) -> None:
        if self.notice.kind == "offline":
            self.practice_requested.emit()

    def _show_notice(
        self, kind: str, title: str, body: str, primary: str, secondary: str = "", **params: object
    ) -> None:
        self.notice.show_notice(kind, self.tr_(title, **params), self.tr_(body, **params), self.tr_(primary),
                                self.tr_(secondary) if secondary else "")
        self.layers.setCurrentWidget(self.notice)

    def _blocked(self, _url: str, _verdict: str) -> None:
        self._show_notice("blocked", "blocked.title", "blocked.body", "common.back")

    def _certificate(self, host: str) -> None:
        self._show_notice("certificate", "certificate.title", "certificate.body", "common.back", host=host)

    def _alert(self, message: str) -> None:
        self.notice.show_notice("alert", self.tr_("alert.title"), message, self.tr_("alert.ok"))
        self.layers.setCurrentWidget(self.notice)

    # --- popups ------------------------------------------------------------------------------

    def _popup(self, page: KioskPage) -> None:
        if self.browser is None:
            return
        view = self.browser.add_popup(page)
        page.navigation_blocked.connect(self._blocked)
        page.slot_named.connect(self.attaching.name_slot)
        page.windowCloseRequested.connect(lambda: self.close_popup(page))
        self.popup.show_view(view)
        self.layers.setCurrentWidget(self.popup)

    def close_popup(self, page: KioskPage | None = None) -> None:
        """"Đóng" (or the popup closing itself)."""
        if self.browser is not None and self.browser.popups:
            target = page if page is not None else self.browser.popups[-1][0]
            if self.popup.view is not None:
                self.popup.view.hide()
                self.popup.view = None
            self.browser.drop_popup(target)
        self.show_web()

    # --- files -------------------------------------------------------------------------------

    def choose_files(self, multiple: bool, accepted: list[str]) -> list[str]:
        """The page's file picker: the session's documents, converted if needed; never a path outside."""
        if self.session is None or self._tr is None:
            return []
        return self.attaching.choose(self.session, multiple, accepted, self._tr)

    def page_text(self, receive: Callable[[str], None]) -> None:
        """The shown page's visible text, later, on the GUI thread (for the receipt's dossier code)."""
        if self.browser is not None:
            self.browser.page.runJavaScript(
                "JSON.stringify(document.body ? document.body.innerText.slice(0, 20000) : '')", 0,
                lambda value: receive(json.loads(value) if isinstance(value, str) and value else ""))

    def refresh_attach(self) -> None:
        """Back from scanning while the file picker waits: list the session's documents again."""
        if self.session is not None and self._tr is not None:
            self.attaching.refresh(self.session, self._tr)

    # --- downloads ---------------------------------------------------------------------------

    def show_download(self, path: str) -> None:
        """A finished download: PDFs open in the viewer, anything else is just reported."""
        if self.pdf.open(path):
            self.layers.setCurrentWidget(self.pdf)
        else:
            self._show_notice("download", "download.done.title", "download.done", "common.back")

    def _save_download(self) -> None:
        if self.session is None or not self.pdf.path:
            return
        folder, source = self.session.directory, Path(self.pdf.path)
        Task(lambda _job: keep_download(folder, source), "keep download", owner=self, limit_s=SAVE_LIMIT_S) \
            .success(lambda target: tell(self.pdf.message, self.tr_("pdf.saved", name=target.name), "good")) \
            .failure(lambda _error: tell(self.pdf.message, self.tr_("pdf.save_failed"))).start()
