"""The shell's end-of-submission part: when the guide's step 10 page — the portal's receipt — has loaded with a
dossier code, the end panel (ui/browser/end_panel.py) comes over the page with the code huge and three ways to
keep it: "In phiếu hẹn" (the slip, kiosk/printing/slip.py, made in the session's folder off the GUI thread and
printed through CUPS like the receipt), a QR code of the tracking page, and a photo with the phone.

The QR and the slip carry the tracking address the start screen's "Tra cứu hồ sơ" opens for the same code (the
practice portal's own page when practising): one function makes it for both. Each receipt is shown once a
session; back on the page, the guide outlines the code there.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk import log
from kiosk.printing.slip import Centre, SlipFacts, slip_pdf, write_slip
from kiosk.receipt_page import Receipt, read_receipt
from kiosk.session import Session
from kiosk.stats.milestones import looks_like_receipt
from ui.browser.end_panel import EndPanel
from ui.contract import Shell
from ui.portal_part import PortalPart
from ui.qr import qr_png
from ui.tasks import Task

if TYPE_CHECKING:
    from pathlib import Path

    from ui.browser.screen import BrowserScreen

SLIP_LIMIT_S = 20.0  # the slip's PDF takes ~0.2 s (the font's subset); a loaded machine gets room
QR_SCALE = 6


class EndPart(QObject):
    """Watches the portal screen for a receipt; `facts` is the receipt on show (None before one)."""

    def __init__(self, shell: Shell, portal: PortalPart, tracking_address: Callable[[str], str],
                 finish: Callable[[], None]) -> None:
        super().__init__()
        self._shell = shell
        self._portal = portal
        self._address = tracking_address
        self._finish = finish
        self.screen: BrowserScreen | None = None
        self.panel: EndPanel | None = None
        self.facts: SlipFacts | None = None
        self.slip: Path | None = None
        self._shown: set[str] = set()  # this session's codes shown: a reload of the receipt does not pop it again
        self._making: Task[Path] | None = None
        portal.screen_made.connect(self._watch)

    def _watch(self, screen: BrowserScreen) -> None:
        self.screen = screen
        self.panel = panel = EndPanel(screen.px, self._shell.translate)
        screen.layers.addWidget(panel)
        panel.print_clicked.connect(self.print_slip)
        panel.back_clicked.connect(self.back_to_page)
        panel.finish_clicked.connect(self._finish)
        screen.printer.status.connect(panel.set_status)
        screen.printer.busy_changed.connect(lambda busy: panel.print_button.setEnabled(not busy))
        screen.page_loaded.connect(self._loaded)

    def _loaded(self, title: str) -> None:
        screen = self.screen
        if screen is None or not looks_like_receipt(title):
            return
        session = screen.session
        screen.page_text(lambda text: self._read(session, text))

    def _read(self, session: Session | None, text: str) -> None:
        receipt = read_receipt(text)
        screen, panel = self.screen, self.panel
        if receipt is None or session is None or session.ended or screen is None or panel is None:
            return
        if screen.session is not session or receipt.code in self._shown:
            return
        if screen.layers.currentWidget() is not screen.web_slot:
            return  # the citizen opened something over the page meanwhile (the receipt's PDF): theirs first
        self._shown.add(receipt.code)
        self.show(session, receipt)

    def show(self, session: Session, receipt: Receipt) -> None:
        """The end panel for `receipt`, over the portal's page."""
        assert self.screen is not None and self.panel is not None
        url = self._address(receipt.code)
        self.facts = SlipFacts(receipt.code, receipt.procedure, receipt.appointment, url, time.time())
        self.slip = None
        self.panel.show_receipt(receipt.code, receipt.procedure, receipt.appointment, qr_png(url, QR_SCALE))
        session.add_cleanup("end panel", self._forget)
        self.screen.pointer.clear()
        self.screen.layers.setCurrentWidget(self.panel)
        log.shell.info("end-of-submission screen shown")  # the code is the citizen's: not in the log

    def print_slip(self) -> None:
        """"In phiếu hẹn": the slip made in the session's folder (once), then printed like the receipt."""
        screen, facts = self.screen, self.facts
        if screen is None or facts is None or screen.session is None or screen.printer.printing:
            return
        if self._making is not None and self._making.running:
            return
        session = screen.session
        if self.slip is not None and self.slip.exists():
            screen.printer.print_file(str(self.slip), session)
            return
        assert self.panel is not None
        self.panel.set_status("pdf.printing", "busy")
        centre = Centre(self._shell.config.centre.name, self._shell.config.centre.hotline)
        tr, practising = self._shell.translate, self._portal.practice is not None
        folder = session.directory
        self._making = Task(lambda _job: write_slip(folder, slip_pdf(facts, centre, tr, practising)), "make slip",
                            owner=self, limit_s=SLIP_LIMIT_S)
        self._making.success(lambda path: self._made(session, path)).failure(self._not_made).start()

    def _made(self, session: Session, path: Path) -> None:
        if self.screen is None or session.ended or self.screen.session is not session:
            return
        self.slip = path
        self.screen.printer.print_file(str(path), session)

    def _not_made(self, error: BaseException) -> None:
        log.shell.error("the slip could not be made", exc_info=error)
        if self.panel is not None:
            self.panel.set_status("print.fault.job_aborted", "")

    def back_to_page(self) -> None:
        """"Xem trang biên nhận": the receipt page again, the code outlined on it as the guide's step says."""
        screen = self.screen
        if screen is None:
            return
        screen.show_web()
        if screen.guide.guide is not None:
            screen.point_at(screen.guide.guide.current.point, asked=False)

    def _forget(self) -> None:
        """The session ended: none of its codes stays, on the panel or in memory."""
        self._shown.clear()
        self.facts = None
        self.slip = None
        if self._making is not None:
            self._making.cancel()
        if self.panel is not None:
            self.panel.clear()
