"""The page review screen: big thumbnails to rotate, move earlier or later, delete, rescan or add; name; save.

It shows a `PageSet` (kiosk/documents/review.py) and forwards every touch to it; the document is
built off the GUI thread and filed among the session's documents for the portal's attach dialog.
The GUI thread never decodes a page: thumbnails come with the scan (or are made by a background task for a
page that came as a file), a turn turns the thumbnail, and the full-size preview is read by a task too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from drivers.base import GREY_AXES
from kiosk import log
from kiosk.documents.pipeline import Result
from kiosk.documents.review import PageSet, ReviewPage, add_text_layer, thumbnails_of
from kiosk.documents.thumbnails import ScannedPage, turned
from kiosk.session import is_disk_full
from ui.confirm import ConfirmPanel
from ui.tasks import Task
from ui.widgets import Screen, Translate, button, label, tell

THUMB = QSize(210, 297)
SAVE_LIMIT_S = 120.0  # a 50-page batch builds in ~30 s on the kiosk's two cores
TEXT_LAYER_LIMIT_S = 600.0  # OCR takes ~2 s a page; the document is usable meanwhile
READ_LIMIT_S = 30.0
NOT_YET = np.full((THUMB.height(), THUMB.width(), 3), 235, np.uint8)  # a page whose thumbnail is being made


def to_pixmap(image: np.ndarray) -> QPixmap:
    """A numpy page (grey or BGR) as a QPixmap."""
    grey = image.ndim == GREY_AXES
    layout = QImage.Format.Format_Grayscale8 if grey else QImage.Format.Format_BGR888
    qimage = QImage(image.data, image.shape[1], image.shape[0], image.strides[0], layout)
    return QPixmap.fromImage(qimage.copy())


class ReviewScreen(Screen):
    """Emits `saved(path)` once the document is filed, `back_requested()` to leave, and
    `scan_requested("rescan" | "add")` when the citizen wants a page scanned (answered by `receive`)."""

    saved = Signal(str)
    text_layer_done = Signal(bool)
    back_requested = Signal()
    scan_requested = Signal(str)
    help_requested = Signal()

    def __init__(self, scale: float, scanner_available: bool = True) -> None:
        super().__init__(scale, "ReviewScreen")
        self._tr: Translate | None = None
        self.scanner_available = scanner_available
        self._waiting: tuple[str, int] | None = None
        self.pages = PageSet()
        self.session_dir = Path()
        self.dpi = 300.0
        self._tasks: list[Task[Any]] = []
        self.views: QStackedWidget = QStackedWidget()
        self.views.addWidget(self._build_editor())
        self.views.addWidget(self._build_preview())
        self._zoom_factor = 1.0
        self._preview_pixmap = QPixmap()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(48), self.px(24), self.px(48), self.px(24))
        layout.addWidget(self.views)

    def _build_editor(self) -> QWidget:
        self.title = label("title")
        self.hint = label("hint")
        self.thumbs = QListWidget()
        self.thumbs.setObjectName("ReviewPages")
        self.thumbs.setViewMode(QListWidget.ViewMode.IconMode)
        self.thumbs.setIconSize(THUMB)
        # Pages move by "‹ Lên trước" / "Ra sau ›". Dragging is off: in this icon view a drag never changed the
        # pages' order (issue 20), and a finger's drag is hard for the citizens the kiosk is for.
        self.thumbs.setMovement(QListWidget.Movement.Static)
        self.thumbs.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.thumbs.setSpacing(self.px(16))
        self.thumbs.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.thumbs.currentRowChanged.connect(self._can_move)
        self.name = QComboBox()  # a required document of the procedure, or a name the citizen types
        self.name.setEditable(True)
        self.name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.name.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the keyboard comes up only when touched
        self.name.setMinimumHeight(64)
        self.message = label("message")
        self.buttons = {name: button(kind=kind) for name, kind in (
            ("earlier", "tool"), ("later", "tool"), ("rotate", "tool"), ("delete", "tool"), ("rescan", "tool"),
            ("add", "tool"), ("preview", "tool"), ("save", "primary"), ("back", "quiet"), ("help", "tool-help"))}
        for name, action in self.buttons.items():
            action.clicked.connect(getattr(self, name))
        tools = QHBoxLayout()
        for name in ("earlier", "later", "rotate", "delete", "rescan", "add", "preview"):
            tools.addWidget(self.buttons[name])
        tools.addStretch(1)
        tools.addWidget(self.buttons["help"])
        footer = QHBoxLayout()
        self.name_label = label("body", wrap=False)
        footer.addWidget(self.name_label)
        footer.addWidget(self.name, 1)
        footer.addWidget(self.buttons["save"])
        footer.addWidget(self.buttons["back"])
        editor = QWidget()
        column = QVBoxLayout(editor)
        column.setContentsMargins(0, 0, 0, 0)
        for part in (self.title, self.hint):
            column.addWidget(part)
        column.addLayout(tools)
        column.addWidget(self.thumbs, 1)
        column.addWidget(self.message)
        column.addLayout(footer)
        return editor

    def _build_preview(self) -> QWidget:
        self.preview_image = QLabel()
        self.preview_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroller = QScrollArea()
        scroller.setWidget(self.preview_image)
        scroller.setWidgetResizable(True)
        self.zoom_in, self.zoom_out = button("+", "tool"), button("−", "tool")
        self.close_preview = button(kind="primary")
        self.zoom_in.clicked.connect(lambda: self._zoom(1.25))
        self.zoom_out.clicked.connect(lambda: self._zoom(0.8))
        self.close_preview.clicked.connect(lambda: self.views.setCurrentIndex(0))
        preview = QWidget()
        preview_layout = QVBoxLayout(preview)
        preview_bar = QHBoxLayout()
        for zoom in (self.zoom_out, self.zoom_in):
            preview_bar.addWidget(zoom)
        preview_bar.addStretch(1)
        preview_bar.addWidget(self.close_preview)
        preview_layout.addLayout(preview_bar)
        preview_layout.addWidget(scroller, 1)
        return preview

    def retranslate(self, tr: Translate) -> None:
        self._tr = tr
        self.title.setText(tr("review.title"))
        self.hint.setText(tr("review.hint"))
        for name, action in self.buttons.items():
            action.setText(tr(f"review.{name}"))
        self.close_preview.setText(tr("review.close_preview"))
        self.name_label.setText(tr("review.name"))

    def open(self, pages: PageSet, names: list[str], session_dir: Path, dpi: float) -> None:
        """Show a document's pages; `names`: the required documents of the chosen procedure."""
        self.pages, self.session_dir, self.dpi = pages, session_dir, dpi
        self.name.clear()
        self.name.addItems(names)
        tell(self.message, "")
        self.views.setCurrentIndex(0)
        self.refresh()
        self._make_missing_thumbnails()

    def _make_missing_thumbnails(self) -> None:
        missing = self.pages.missing_thumbnails()
        if not missing:
            return
        pages = self.pages

        def made(smalls: list[np.ndarray]) -> None:
            for page, small in zip(missing, smalls, strict=True):
                page.small = small
            if pages is self.pages:
                self.refresh(self.thumbs.currentRow())

        paths = [page.path for page in missing]
        self._run(Task(lambda _job: thumbnails_of(paths), "review thumbnails", owner=self, limit_s=READ_LIMIT_S)
                  .success(made).failure(self._read_failed))

    def _read_failed(self, error: BaseException) -> None:
        log.shell.warning("a scanned page could not be read back (%s)", type(error).__name__)
        self._say("review.read_failed")

    def refresh(self, select: int = 0) -> None:
        """Redraw the thumbnails from the page set (from the thumbnails in memory: no page is decoded)."""
        self.thumbs.clear()
        for index, page in enumerate(self.pages.pages):
            small = page.thumbnail if page.thumbnail is not None else turned(NOT_YET, page.turn)
            pixmap = to_pixmap(small).scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation)
            icon = QIcon(pixmap)
            icon.addPixmap(pixmap, QIcon.Mode.Selected)  # the chosen page stays readable, not tinted blue
            item = QListWidgetItem(icon, f"{index + 1}")
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.thumbs.addItem(item)
        if self.pages.pages:
            self.thumbs.setCurrentRow(max(0, min(select, len(self.pages.pages) - 1)))
        self.buttons["save"].setEnabled(bool(self.pages.pages))
        self._can_move(self.thumbs.currentRow())

    def _can_move(self, row: int) -> None:
        self.buttons["earlier"].setEnabled(row > 0)
        self.buttons["later"].setEnabled(0 <= row < len(self.pages.pages) - 1)

    def _current(self) -> int | None:
        row = self.thumbs.currentRow()
        return row if 0 <= row < len(self.pages.pages) else None

    def _say(self, key: str, tone: str = "", **params: object) -> None:
        if self._tr is not None:
            tell(self.message, self._tr(key, **params), tone)

    def rotate(self) -> None:
        """Turn the chosen page a quarter clockwise."""
        index = self._current()
        if index is not None:
            self.pages.rotate(index)
            self.refresh(index)

    def delete(self) -> None:
        """Remove the chosen page."""
        index = self._current()
        if index is not None:
            self.pages.delete(index)
            self.refresh(index)

    def earlier(self) -> None:
        """Move the chosen page one place towards the front (a tap: dragging is hard for a finger)."""
        self._move_by(-1)

    def later(self) -> None:
        """Move the chosen page one place towards the back."""
        self._move_by(1)

    def _move_by(self, step: int) -> None:
        index = self._current()
        if index is None:
            return
        target = index + step
        if 0 <= target < len(self.pages.pages):
            self.pages.move(index, target)
        self.refresh(max(0, min(target, len(self.pages.pages) - 1)))

    def rescan(self) -> None:
        """Scan the chosen page again."""
        index = self._current()
        if index is not None:
            self._ask_for_scan("rescan", index)

    def add(self) -> None:
        """Scan one more page at the end."""
        self._ask_for_scan("add", len(self.pages.pages))

    def _ask_for_scan(self, action: str, index: int) -> None:
        if not self.scanner_available:
            self._say("review.no_scanner")
            return
        self._waiting = (action, index)
        self.scan_requested.emit(action)

    def receive(self, scanned: list[ScannedPage]) -> None:
        """The pages scanned for the last "rescan" or "add" (none: the citizen went back)."""
        if self._waiting is None or not scanned:
            self._waiting = None
            return
        action, index = self._waiting
        self._waiting = None
        if action == "rescan" and index < len(self.pages.pages):
            self.pages.replace(index, scanned[0].path, scanned[0].thumbnail)
            extra = scanned[1:]
            index += 1
        else:
            extra = scanned
            index = len(self.pages.pages)
        for offset, page in enumerate(extra):
            self.pages.pages.insert(index + offset, ReviewPage(page.path, small=page.thumbnail))
        self.refresh(max(0, index + len(extra) - 1))

    def preview(self) -> None:
        """The chosen page at full size, with zoom (read from its file by a background task)."""
        index = self._current()
        if index is None:
            return
        pages = self.pages

        def show(image: np.ndarray) -> None:
            if pages is not self.pages:
                return
            self._preview_pixmap = to_pixmap(image)
            self._zoom_factor = max(0.1, self.views.width() / max(1, self._preview_pixmap.width()))
            self._zoom(1.0)
            self.views.setCurrentIndex(1)

        self._run(Task(lambda _job: pages.image(index), "page preview", owner=self, limit_s=READ_LIMIT_S)
                  .success(show).failure(self._read_failed))

    def _zoom(self, factor: float) -> None:
        self._zoom_factor = min(4.0, max(0.1, self._zoom_factor * factor))
        size = self._preview_pixmap.size() * self._zoom_factor
        self.preview_image.setPixmap(self._preview_pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                                                 Qt.TransformationMode.SmoothTransformation))

    def save(self) -> None:
        """Build the document in the background and file it."""
        self.pages.name = self.name.currentText()
        self.buttons["save"].setEnabled(False)
        self._say("review.saving", "busy")
        pages, folder, dpi = self.pages, self.session_dir, self.dpi

        def done(outcome: tuple[Path, Result]) -> None:
            path, result = outcome
            self.buttons["save"].setEnabled(True)
            self._say("review.saved", "good", name=Path(path).name)
            self.saved.emit(str(path))
            # The searchable text layer comes later, off the GUI thread; the document is usable already.
            self._run(Task(lambda _job: add_text_layer(path, result), "text layer", owner=self,
                           limit_s=TEXT_LAYER_LIMIT_S).success(self.text_layer_done.emit)
                      .failure(lambda _error: self.text_layer_done.emit(False)))

        def failed(error: BaseException) -> None:
            self.buttons["save"].setEnabled(True)  # the pages are all still here: "Lưu" again once there is room
            if is_disk_full(error):
                log.shell.warning("no room to save a document in the session folder")
                self._say("review.disk_full")
                return
            log.shell.error("the document could not be saved", exc_info=error)
            self._say("review.save_failed")

        self._run(Task(lambda _job: pages.save(folder, dpi), "save document", owner=self, limit_s=SAVE_LIMIT_S)
                  .success(done).failure(failed))

    def _run(self, task: Task[Any]) -> None:
        """Start a task of this document's (it is cancelled with the document: `forget`)."""
        self._tasks = [running for running in self._tasks if running.running]
        self._tasks.append(task.start())

    def forget(self) -> None:
        """The session ended: every task of the document stops reporting, and its pages are forgotten."""
        for task in self._tasks:
            task.cancel()
        self._tasks.clear()
        self._waiting = None
        self.pages = PageSet()
        self.thumbs.clear()
        self._preview_pixmap = QPixmap()
        self.preview_image.clear()
        self.views.setCurrentIndex(0)

    def help(self) -> None:
        """"Gọi cán bộ"."""
        self.help_requested.emit()

    def back(self) -> None:
        """Leave the review: the scanned pages are thrown away, so the citizen is asked first."""
        count = len(self.pages.pages)
        if not count or self._tr is None:
            self.back_requested.emit()
            return
        tr = self._tr
        ConfirmPanel.over(self).ask(self, (tr("review.discard_question", count=count), tr("confirm.keep"),
                                           tr("review.discard")), self.back_requested.emit)
