"""The portal's file picker answered by the kiosk: the attach panel lists the session's documents, and the chosen
ones are made ready for the upload slot (a one-page PDF as its JPEG for an images-only slot) by a background task.

QtWebEngine asks `chooseFiles` synchronously, so `choose()` waits in local event loops — first for the citizen,
then for the conversion — while the kiosk stays responsive; `cancel()` (the session ending) ends both.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QEventLoop, QIODevice, QObject, Signal
from PySide6.QtPdf import QPdfDocument

from kiosk import log
from kiosk.browser_policy import accepted_kinds
from kiosk.documents.deliver import JPEG_QUALITY, deliverable
from kiosk.session import Session
from kiosk.session_documents import Offer, card_pairs, list_documents, offers
from ui.browser.attach_panel import AttachPanel
from ui.tasks import Task
from ui.widgets import Translate

DELIVER_LIMIT_S = 30.0
RENDER_DPI = 144  # legible text, small file


def render_first_page(path: Path) -> bytes | None:
    """A one-page PDF that is not a plain scan (a saved receipt) drawn as a JPEG by QtPdf (any thread)."""
    document = QPdfDocument()
    document.load(str(path))
    try:
        if document.pageCount() < 1:
            return None
        image = document.render(0, (document.pagePointSize(0) * (RENDER_DPI / 72)).toSize())
    finally:
        document.close()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if image.isNull() or not image.save(buffer, b"JPG", JPEG_QUALITY):
        return None
    return bytes(buffer.data().data())


class AttachFlow(QObject):
    """Emits `attached(count)` when files went to the page."""

    attached = Signal(int)

    def __init__(self, panel: AttachPanel, show_panel: Callable[[], None], show_web: Callable[[], None]) -> None:
        super().__init__()
        self.panel = panel
        self._show_panel, self._show_web = show_panel, show_web
        self._question: tuple[bool, set[str], str] | None = None  # the waiting file picker's: multiple, kinds, names
        self._waiting: QEventLoop | None = None
        self.slot = ""  # the upload slot's name, read from the page: the first name offered for a new scan

    def name_slot(self, name: str) -> None:
        """The page said which document its open file picker asks for."""
        if self._question is not None:
            self.slot = name

    def choose(self, session: Session, multiple: bool, accepted: list[str], tr: Translate) -> list[str]:
        """The page's file picker: the session's documents, converted if needed; never a path outside."""
        kinds = accepted_kinds(accepted)
        names = ", ".join(kind.upper().replace("JPEG", "JPG") for kind in sorted(kinds)) or "—"
        self._question, self.slot = (multiple, kinds, names), ""
        self._show_panel()
        chosen = self.panel.run(self._offers(session, kinds, multiple), multiple, names, tr)
        self._question = None
        if session.ended:
            return []
        chosen = chosen if multiple else chosen[:1]
        paths = self._deliver(session, chosen, tr) if chosen else []
        self._show_web()
        log.shell.info("attached %d document(s)", len(paths))
        if paths:
            self.attached.emit(len(paths))
        return paths

    @staticmethod
    def _offers(session: Session, kinds: set[str], multiple: bool) -> list[Offer]:
        return offers(list_documents(session.directory), kinds, card_pairs(session.directory), multiple)

    def _deliver(self, session: Session, chosen: list[Offer], tr: Translate) -> list[str]:
        """The chosen offers as files for the page, made by a background task while a local loop waits."""
        self.panel.say(tr("attach.preparing"))
        delivered: list[str] = []
        loop = QEventLoop()
        self._waiting = loop

        def done(paths: list[Path | None]) -> None:
            delivered.extend(str(path) for path in paths if path is not None)
            loop.quit()

        def failed(error: BaseException) -> None:
            log.shell.error("documents could not be prepared for the portal (%s)", type(error).__name__,
                            exc_info=error)
            loop.quit()

        def files(offer: Offer) -> list[Path | None]:  # an ID card's pair goes as its two images
            return [deliverable(session.directory, offer, render_first_page), *(side.path for side in offer.also)]

        task = Task(lambda _job: [path for offer in chosen for path in files(offer)],
                    "prepare attachments", owner=self, limit_s=DELIVER_LIMIT_S).success(done).failure(failed).start()
        loop.exec()
        self._waiting = None
        task.cancel()  # ended by the session meanwhile: nothing of it may arrive later
        return [] if session.ended else delivered

    def refresh(self, session: Session, tr: Translate) -> None:
        """Back from scanning while the file picker waits: list the session's documents again."""
        if self._question is None:
            return
        multiple, kinds, names = self._question
        self.panel.prepare(self._offers(session, kinds, multiple), multiple, names, tr)
        self._show_panel()

    def cancel(self) -> None:
        """The session is ending: stop waiting for a choice or a conversion."""
        self.panel.cancel()
        if self._waiting is not None:
            self._waiting.quit()
