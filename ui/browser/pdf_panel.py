"""The in-app PDF viewer for downloads (e.g. the receipt): its "In" goes to receipt_printing.py (CUPS, no dialog);
keep for later."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ui.widgets import button, label, tell


class PdfPanel(QWidget):
    """Shows one PDF; emits what the citizen asks for."""

    print_clicked = Signal()
    save_clicked = Signal()
    close_clicked = Signal()

    def __init__(self, margin: int) -> None:
        super().__init__()
        self.setObjectName("PdfPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.document = QPdfDocument(self)
        self.viewer = QPdfView()
        self.viewer.setDocument(self.document)
        self.viewer.setPageMode(QPdfView.PageMode.MultiPage)
        self.viewer.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.path = ""
        self.title = label("subtitle", wrap=False)
        self.message = label("message")
        self.print_button = button(kind="primary")
        self.save_button = button()
        self.close_button = button(kind="quiet")
        self.print_button.clicked.connect(self.print_clicked)
        self.save_button.clicked.connect(self.save_clicked)
        self.close_button.clicked.connect(self.close_clicked)
        # The title above the buttons, not beside them: side by side they were wider than the portal's part of
        # a 1366-pixel screen next to the guide, and the whole portal screen grew past the window's edge.
        actions = QHBoxLayout()
        actions.addStretch(1)
        for action in (self.print_button, self.save_button, self.close_button):
            actions.addWidget(action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(margin // 2, margin // 3, margin // 2, margin // 3)
        layout.addWidget(self.title)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.viewer, 1)

    def open(self, path: str) -> bool:
        """Load a PDF; False when it cannot be read."""
        self.path = path
        tell(self.message, "")
        return self.document.load(path) == QPdfDocument.Error.None_
