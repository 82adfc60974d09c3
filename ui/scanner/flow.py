"""From paper to a filed document: the scan screen, then the review screen, then back where the citizen was.

The start screen's "Quét giấy tờ", the portal's attach dialog and the review screen's "rescan"/"add"
all come through here, so each gets the same screens and the document lands among the session's
documents (where the attach dialog lists it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk import log
from kiosk.documents.review import PageSet
from kiosk.documents.thumbnails import ScannedPage
from kiosk.scanning.kinds import PaperKind
from kiosk.scanning.service import ScannerService
from kiosk.session import Session
from kiosk.session_documents import file_card_sides
from ui.documents.review_screen import ReviewScreen
from ui.scanner.runner import ScanRunner
from ui.scanner.scan_screen import ScanScreen
from ui.widgets import Screen, Translate

SCANS = "scans"
Show = Callable[[Screen], None]
Return = Callable[[str | None], None]  # the filed document's path, or None when the citizen went back
Read = Callable[[list[Path]], None]  # the scanned pages, unfiled; none when the citizen went back


class ScanFlow(QObject):
    """Owns the scan and review screens; `begin()` starts a document, `return_to` ends it.
    `shown("scan" | "review")` says which screen the citizen reached (for the statistics)."""

    shown = Signal(str)

    def __init__(self, scale: float, service: ScannerService, show: Show, help_requested: Callable[[], None],
                 translate: Translate) -> None:
        super().__init__()
        self.service = service
        self.runner = ScanRunner(service)
        self.scan = ScanScreen(scale, self.runner)
        self.review = ReviewScreen(scale, scanner_available=service.available)
        self._show = show
        self._return: Return = lambda _path: None
        self._session_dir = Path()
        self._session: Session | None = None
        self._for_review = False
        self._asked = ""
        self._card_sides: tuple[Path, Path] | None = None
        self._reader: Read | None = None
        self._tr = translate  # the shell's translator: it follows language switches by itself
        self.scan.done.connect(self._scanned)
        self.scan.back_requested.connect(self._scan_back)
        self.scan.help_requested.connect(help_requested)
        self.review.help_requested.connect(help_requested)
        self.review.saved.connect(self._saved)
        self.review.back_requested.connect(lambda: self._finish(None))
        self.review.scan_requested.connect(self._rescan)

    def begin(self, session: Session, return_to: Return, asked: str = "") -> None:
        """A new document: choose the paper, scan, review, file; `asked` (the portal's upload slot, if any) is
        the first name offered for it. Whatever of it is under way when the session ends
        (a scan, its pages, a document being built or read) stops with the session's wipe, not later."""
        self._join(session)
        self._session_dir, self._return, self._for_review = session.directory, return_to, False
        self._asked = asked.strip()
        self.scan.open(session.directory / SCANS)
        self._show(self.scan)
        self.shown.emit("scan")

    def read(self, session: Session, receive: Read) -> None:
        """A sheet to read, not to file (the slip whose QR "Tra cứu hồ sơ" looks for): the scan screen straight at
        its placing step, then `receive(pages)`, without the review; the pages stay in the session's folder."""
        self._join(session)
        self._session_dir, self._for_review, self._reader = session.directory, False, receive
        self.scan.open(session.directory / SCANS, PaperKind.A4)
        self._show(self.scan)

    def _join(self, session: Session) -> None:
        if session is not self._session:
            self._session = session
            session.add_cleanup("scanning", self.reset)

    def _rescan(self, _action: str) -> None:
        self._for_review = True
        self._card_sides = None  # pages added or scanned again: the document is no longer that card alone
        self.scan.open(self._session_dir / SCANS, PaperKind.A4)
        self._show(self.scan)

    def _scanned(self, pages: list[ScannedPage], dpi: int) -> None:
        if self._reader is not None:
            self._read([page.path for page in pages])
            return
        if self._for_review:
            self._for_review = False
            self.review.receive(pages)
        else:
            self._card_sides = self.scan.card_sides
            page_set = PageSet()
            for page in pages:
                page_set.add(page.path, page.thumbnail)
            self.review.open(page_set, self._names(), self._session_dir, dpi)
        self._show(self.review)
        self.shown.emit("review")

    def _read(self, pages: list[Path]) -> None:
        receive, self._reader = self._reader, None
        if receive is not None:
            receive(pages)

    def _scan_back(self) -> None:
        if self._reader is not None:
            self._read([])
        elif self._for_review:
            self._for_review = False
            self.review.receive([])
            self._show(self.review)
        else:
            self._finish(None)

    def _names(self) -> list[str]:
        names = self._tr("review.default_names").split("|")
        if self.scan.job.kind is PaperKind.CARD and len(names) > 1:
            names.insert(0, names.pop(1))  # the card's own name first
        if self._asked:  # what the portal's upload slot asked for comes before any generic name
            names = [self._asked, *(name for name in names if name != self._asked)]
        return names

    def _saved(self, path: str) -> None:
        log.shell.info("scanned document filed")
        if self._card_sides is not None:  # two small JPEGs: copied at once, beside the card's sheet
            side_names = (self._tr("card.side_front"), self._tr("card.side_back"))
            try:
                file_card_sides(self._session_dir, Path(path), self._card_sides, side_names)
            except OSError as error:  # the sheet is filed: the card still goes to the portal, as one page
                log.shell.warning("the ID card's two sides could not be filed (%s)", type(error).__name__)
            self._card_sides = None
        self._finish(path)

    def _finish(self, path: str | None) -> None:
        self._for_review = False
        self._return(path)

    def reset(self) -> None:
        """The session ended: stop scanning, forget the pages (their folder is wiped with the session)."""
        self.scan.cancel_everything()
        self.review.forget()
        self._for_review = False
        self._card_sides = None
        self._reader = None
        self._session = None
