"""The kiosk's own file picker: the session's documents (thumbnail, name, pages, size) and nothing else.

QtWebEngine's `chooseFiles` must answer synchronously, so `run()` spins a local event loop
while the citizen chooses: the kiosk stays responsive, and `cancel()` ends it (e.g. when
the session ends).
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from kiosk.session_documents import Offer
from ui.widgets import Translate, button, label

THUMB = QSize(96, 128)


def thumbnail(offer: Offer) -> QIcon:
    """First page of a PDF, or the image itself, small."""
    path = str(offer.document.path)
    if offer.document.kind == "pdf":
        document = QPdfDocument()
        document.load(path)
        image = document.render(0, THUMB) if document.pageCount() > 0 else QImage()
        document.close()
    else:
        image = QImage(path)
    if image.isNull():
        return QIcon()
    return QIcon(QPixmap.fromImage(image.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio)))


def human_size(size: int) -> str:
    """1 234 567 -> "1.2 MB"; 2 345 -> "2 KB"."""
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


class AttachPanel(QWidget):
    """Lists offers; `run()` returns the chosen ones (empty when cancelled)."""

    scan_requested = Signal()

    def __init__(self, margin: int) -> None:
        super().__init__()
        self.setObjectName("AttachPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.title = label("title")
        self.hint = label("hint")
        self.items = QListWidget()
        self.items.setObjectName("AttachList")
        self.items.setIconSize(THUMB)
        self.items.setSpacing(6)
        self.items.itemSelectionChanged.connect(self._selection_changed)
        self.empty = label("body")
        self.message = label("message")
        self.attach = button(kind="primary")
        self.scan = button()
        self.cancel_button = button(kind="quiet")
        self.attach.clicked.connect(self._accept)
        self.scan.clicked.connect(self.scan_requested)
        self.cancel_button.clicked.connect(self.cancel)
        actions = QHBoxLayout()
        for action in (self.attach, self.scan, self.cancel_button):
            actions.addWidget(action)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(margin, margin // 2, margin, margin // 2)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        self._offers: list[Offer] = []
        self._chosen: list[Offer] = []
        self._loop: QEventLoop | None = None

    @property
    def running(self) -> bool:
        """True while a file picker call waits for the citizen."""
        return self._loop is not None

    def run(self, offers: list[Offer], multiple: bool, kinds: str, tr: Translate) -> list[Offer]:
        """Show the offers and wait (in a local event loop) until the citizen attaches or cancels."""
        self.prepare(offers, multiple, kinds, tr)
        self._loop = QEventLoop()
        self._loop.exec()
        self._loop = None
        return self._chosen

    def prepare(self, offers: list[Offer], multiple: bool, kinds: str, tr: Translate) -> None:
        """Fill the panel with the offers (without waiting)."""
        self._offers, self._chosen = offers, []
        self.title.setText(tr("attach.title"))
        self.hint.setText(tr("attach.hint.multiple" if multiple else "attach.hint.single") + " "
                          + tr("attach.accepts", kinds=kinds))
        self.attach.setText(tr("attach.attach"))
        self.scan.setText(tr("attach.scan"))
        self.cancel_button.setText(tr("attach.cancel"))
        self.message.setText("")
        mode = QAbstractItemView.SelectionMode
        self.items.setSelectionMode(mode.MultiSelection if multiple else mode.SingleSelection)
        self.items.clear()
        for offer in offers:
            document = offer.document
            if offer.also:
                size = human_size(document.size + sum(side.size for side in offer.also))
                text = tr("attach.card_pair", front=document.name, back=offer.also[0].name, size=size)
            else:
                text = tr("attach.row", name=document.name, pages=document.pages, size=human_size(document.size))
            if offer.convert_to:
                text += "\n" + tr("attach.converted")
            item = QListWidgetItem(thumbnail(offer), text)
            item.setSizeHint(QSize(0, THUMB.height() + 16))
            self.items.addItem(item)
        self.empty.setText("" if offers else tr("attach.empty", kinds=kinds))
        self.empty.setVisible(not offers)
        self.items.setVisible(bool(offers))
        self._selection_changed()

    def say(self, text: str) -> None:
        """A line under the list (e.g. that the scanner is not here yet)."""
        self.message.setText(text)

    def cancel(self) -> None:
        """Close without choosing (also used when the session ends)."""
        self._chosen = []
        if self._loop is not None:
            self._loop.quit()

    def _accept(self) -> None:
        rows = sorted(index.row() for index in self.items.selectedIndexes())
        self._chosen = [self._offers[row] for row in rows]
        if self._loop is not None and self._chosen:
            self._loop.quit()

    def _selection_changed(self) -> None:
        self.attach.setEnabled(bool(self.items.selectedIndexes()))
