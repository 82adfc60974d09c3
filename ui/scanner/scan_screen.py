"""The citizen's scan screen: choose the paper, see how to place it, press "Quét", watch pages arrive.

It shows a `ScanJob` (kiosk/scanning/job.py) and forwards taps to it; the `ScanRunner` does the
scanning off the GUI thread. A fault keeps the pages: the citizen clears it and continues, or
finishes with what was scanned. "Dừng" stops within a second.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from drivers.base import Source
from drivers.errors import DeviceError
from kiosk import log
from kiosk.documents.thumbnails import HEIGHT as THUMB_HEIGHT
from kiosk.documents.thumbnails import ScannedPage
from kiosk.scanning.job import ScanJob, State
from kiosk.scanning.kinds import PaperKind, scan_options
from kiosk.scanning.service import card_page, card_sides
from ui.scanner.placement import PlacementPicture
from ui.scanner.runner import ScanRunner
from ui.tasks import Task
from ui.widgets import Screen, Tile, Translate, button, label

CARD_SHEET_LIMIT_S = 30.0


def to_icon(image: np.ndarray) -> QIcon:
    """A BGR thumbnail as an icon."""
    qimage = QImage(image.data, image.shape[1], image.shape[0], image.strides[0], QImage.Format.Format_BGR888)
    return QIcon(QPixmap.fromImage(qimage.copy()))


class ScanScreen(Screen):
    """Emits `done(pages, dpi)` with the scanned pages (`ScannedPage`s), `back_requested()` and
    `help_requested()`."""

    done = Signal(list, int)
    back_requested = Signal()
    help_requested = Signal()

    def __init__(self, scale: float, runner: ScanRunner) -> None:
        super().__init__(scale, "ScanScreen")
        self.runner = runner
        self.job = ScanJob()
        self.folder = Path()
        # The last card's two sides as real-size JPEGs, made with its A4 sheet (filed beside it when saved).
        self.card_sides: tuple[Path, Path] | None = None
        self._kind_given = False
        self._thumbs: dict[Path, np.ndarray] = {}  # each page's thumbnail, made as it was scanned
        self._tr: Translate | None = None
        runner.page_saved.connect(self._page_saved)
        runner.progress.connect(self._progress)
        runner.finished.connect(self._finished)
        runner.failed.connect(self._failed)
        runner.preview.connect(self._preview)
        self.views = QStackedWidget()
        self.views.addWidget(self._build_choice())
        self.views.addWidget(self._build_work())
        self.choose_hint = label("subtitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(64), self.px(20), self.px(64), self.px(20))
        layout.setSpacing(self.px(12))
        layout.addLayout(self._build_header())
        layout.addWidget(self.choose_hint)
        layout.addWidget(self.views, 1)

    def _build_header(self) -> QHBoxLayout:
        self.title = label("title", wrap=False)
        self.leave = button(kind="quiet")  # on the paper choice: the way out, back to where the citizen was
        self.leave.clicked.connect(self.back_requested)
        self.help = button(kind="help")
        self.help.clicked.connect(self.help_requested)
        header = QHBoxLayout()
        header.addWidget(self.leave)
        header.addWidget(self.title, 1)
        header.addWidget(self.help)
        return header

    def _build_choice(self) -> QWidget:
        self.tiles: dict[PaperKind, Tile] = {}
        choose = QWidget()
        row = QHBoxLayout(choose)
        row.setSpacing(self.px(28))
        for kind in PaperKind:
            tile = Tile("primary" if kind is PaperKind.A4 else "")
            tile.setMinimumHeight(self.px(260))
            tile.clicked.connect(lambda _=False, kind=kind: self.choose(kind))
            row.addWidget(tile)
            self.tiles[kind] = tile
        return choose

    def _build_work(self) -> QWidget:
        self.picture = PlacementPicture()
        self.picture.setMinimumSize(self.px(280), self.px(280))
        self.camera_view = QLabel()  # what the document camera sees, with the page outline drawn
        self.camera_view.setObjectName("CameraView")
        self.camera_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.camera_view.setMinimumSize(self.px(280), self.px(280))
        # The preview must follow the label's size, never set it (a pixmap would grow the window).
        self.camera_view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.left = QStackedWidget()
        self.left.addWidget(self.picture)
        self.left.addWidget(self.camera_view)
        self._build_strip()
        self.message = label("subtitle")
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.bar.setMinimumHeight(self.px(36))
        self.buttons = {name: button(kind=kind) for name, kind in (
            ("scan", "primary"), ("capture", "primary"), ("stop", "quiet"), ("resume", "primary"), ("finish", "good"),
            ("back", "quiet"))}
        self.buttons["capture"].clicked.connect(self.runner.capture_now)
        self.buttons["scan"].clicked.connect(self.start_scan)
        self.buttons["resume"].clicked.connect(self.start_scan)
        self.buttons["stop"].clicked.connect(self.stop)
        self.buttons["finish"].clicked.connect(self.finish)
        self.buttons["back"].clicked.connect(self.back)
        work = QWidget()
        work_layout = QVBoxLayout(work)
        top = QHBoxLayout()
        top.addWidget(self.left, 2)
        top.addSpacing(self.px(40))
        top.addLayout(self._build_side(), 3)
        work_layout.addLayout(top, 1)
        work_layout.addWidget(self.strip_title)
        work_layout.addWidget(self.strip)
        return work

    def _build_side(self) -> QVBoxLayout:
        side = QVBoxLayout()
        side.addStretch(1)
        side.addWidget(self.message)
        side.addWidget(self.bar)
        side.addSpacing(self.px(24))
        buttons = QHBoxLayout()
        buttons.setSpacing(self.px(20))
        for action in self.buttons.values():
            buttons.addWidget(action)
        buttons.addStretch(1)
        side.addLayout(buttons)
        side.addStretch(1)
        return side

    def _build_strip(self) -> None:
        self.strip_title = label("body")
        self.strip = QListWidget()
        self.strip.setObjectName("ScanStrip")
        self.strip.setViewMode(QListWidget.ViewMode.IconMode)
        self.strip.setFlow(QListWidget.Flow.LeftToRight)
        self.strip.setWrapping(False)
        icon_height = min(THUMB_HEIGHT, self.px(170))
        self.strip.setIconSize(QSize(icon_height * 210 // 297, icon_height))
        self.strip.setFixedHeight(icon_height + self.px(56))
        self.strip.setSelectionMode(QListWidget.SelectionMode.NoSelection)

    def retranslate(self, tr: Translate) -> None:
        self._tr = tr
        self.title.setText(tr("scan.title"))
        self.help.setText(tr("scan.help"))
        self.leave.setText(tr("scan.back"))
        self.choose_hint.setText(tr("scan.choose"))
        for kind, tile in self.tiles.items():
            tile.set_texts(tr(f"scan.kind.{kind.value}"), tr(f"scan.kind.{kind.value}.hint"))
        for name in ("scan", "stop", "back", "capture"):
            self.buttons[name].setText(tr(f"scan.{name}"))
        self.buttons["resume"].setText(tr("scan.continue"))
        self.buttons["finish"].setText(tr("scan.finish"))
        self.strip_title.setText(tr("scan.pages"))
        self.show_state()

    # --- the citizen's taps ------------------------------------------------------------------

    def open(self, folder: Path, kind: PaperKind | None = None) -> None:
        """A fresh scan into `folder`; with `kind`, the choice is skipped (e.g. one more page)."""
        self.folder = folder
        self.job = ScanJob()
        self.card_sides = None
        self._kind_given = kind is not None  # then "Quay lại" leaves: there is no choice to go back to
        self._clear_pages()
        if kind is not None:
            self.job.choose(kind)
        self.show_state()

    def choose(self, kind: PaperKind) -> None:
        """A paper kind tile."""
        self.job.choose(kind)
        self._clear_pages()
        self.show_state()

    def start_scan(self) -> None:
        """"Quét" or "Tiếp tục"."""
        if self.runner.busy or self.job.state not in (State.PLACING, State.STOPPED):
            return
        self.job.start()
        self.runner.start(self.job.kind, self.folder)
        self.show_state()

    def stop(self) -> None:
        """"Dừng" during a scan."""
        self.runner.cancel()
        self.buttons["stop"].setEnabled(False)

    def finish(self) -> None:
        """Use the pages scanned so far."""
        self.job.finish_with_pages()
        self._deliver()

    def back(self) -> None:
        """Back to the paper choice, or out of the scan screen."""
        if self.runner.busy:
            return
        if self.job.state is State.CHOOSING or self.views.currentIndex() == 0 or self._kind_given:
            self.back_requested.emit()
            return
        self.job = ScanJob()
        self._clear_pages()
        self.show_state()

    def cancel_everything(self) -> None:
        """The session is ending: stop any scan (the pages go with the session folder)."""
        self.runner.cancel()
        self.job = ScanJob()
        self._clear_pages()

    def _clear_pages(self) -> None:
        self.strip.clear()
        self._thumbs.clear()

    # --- the runner's reports ----------------------------------------------------------------

    def _page_saved(self, path: str, thumb: np.ndarray) -> None:
        self.job.page_arrived(Path(path))
        self._thumbs[Path(path)] = thumb
        item = QListWidgetItem(to_icon(thumb), str(len(self.job.pages)))
        self.strip.addItem(item)
        self.strip.scrollToItem(item)
        self.show_state()

    def _preview(self, jpeg: bytes) -> None:
        pixmap = QPixmap()
        if pixmap.loadFromData(jpeg, "JPG"):
            self.camera_view.setPixmap(pixmap.scaled(self.camera_view.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                     Qt.TransformationMode.SmoothTransformation))
            self.left.setCurrentWidget(self.camera_view)

    def _progress(self, fraction: float) -> None:
        self.job.progress(fraction)
        self.bar.setValue(round(fraction * 100))

    def _finished(self) -> None:
        self.job.finished()
        self._deliver()
        self.show_state()

    def _failed(self, error: DeviceError) -> None:
        self.job.failed(error)
        self.show_state()

    def _deliver(self) -> None:
        if self.job.state is not State.DONE:
            return
        dpi = scan_options(self.job.kind, self.runner.service.settings, "").dpi
        scanned = [ScannedPage(path, self._thumbs[path]) for path in self.job.pages]
        if self.job.kind is PaperKind.CARD and len(scanned) >= PaperKind.CARD.sides:
            front, back = scanned[-2], scanned[-1]

            def sides_as_they_are(error: BaseException) -> None:
                log.scanner.info("ID card sheet not made (%s): the two scans are kept as they are", error)
                self.done.emit([front, back], dpi)

            def card(page_and_sides: tuple[ScannedPage, tuple[Path, Path]]) -> None:
                page, self.card_sides = page_and_sides
                self.done.emit([page], dpi)

            Task(lambda _job: (card_page(front.path, back.path, dpi), card_sides(front.path, back.path, dpi)),
                 "ID card sheet", owner=self, limit_s=CARD_SHEET_LIMIT_S).success(card) \
                .failure(sides_as_they_are).start()
            return
        self.done.emit(scanned, dpi)

    # --- showing the job ---------------------------------------------------------------------

    def show_state(self) -> None:
        """Show the job's state: which view, which buttons, what to say."""
        if self._tr is None:
            return
        tr, job = self._tr, self.job
        choosing = job.state is State.CHOOSING
        self.views.setCurrentIndex(0 if choosing else 1)
        self.choose_hint.setVisible(choosing)
        self.leave.setVisible(choosing)
        self.picture.show_kind(job.kind, job.side)
        said = job.message()
        if job.state in (State.PLACING, State.SCANNING) and self._uses_camera():
            said = [("scan.place.camera", {})]
        self.message.setText(" ".join(tr(key, **params) for key, params in said))
        scanning = job.state is State.SCANNING
        camera = self._uses_camera()
        if not (scanning and camera):
            self.left.setCurrentWidget(self.picture)
            self.camera_view.clear()
        self.bar.setVisible(scanning)
        if scanning and job.page_progress == 0:
            self.bar.setValue(0)
        visible = {
            "scan": job.state is State.PLACING,
            "capture": scanning and camera,
            "stop": scanning,
            "resume": job.state is State.STOPPED,
            "finish": job.state is State.STOPPED and bool(job.pages),
            "back": not scanning,
        }
        for name, action in self.buttons.items():
            action.setVisible(visible[name])
        self.buttons["stop"].setEnabled(True)
        self.strip.setVisible(bool(job.pages))
        self.strip_title.setVisible(bool(job.pages))
        if self.message.property("alert") != (job.state is State.STOPPED):
            self.message.setProperty("alert", job.state is State.STOPPED)
            self.message.style().unpolish(self.message)  # a dynamic property needs a re-polish to restyle
            self.message.style().polish(self.message)

    def _uses_camera(self) -> bool:
        return scan_options(self.job.kind, self.runner.service.settings, "").source is Source.CAMERA
