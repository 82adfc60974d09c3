"""The "Video hướng dẫn" screen: every tutorial video and its chapters (one per step), played large with captions.

The guide's "Xem video" opens it at the step's chapter and comes back afterwards. Videos that cannot be loaded
(no manifest yet, a broken one) leave a plain notice on the screen and the details in the log.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout

from kiosk import log
from kiosk.guide.journey import FileProblems, Journey
from kiosk.guide.journey import load as load_journey
from kiosk.guide.videos import Video, load, manifest_path
from ui.videos.player import VideoPlayer
from ui.widgets import Screen, Translate, button, label


class VideoLibraryScreen(Screen):
    """Emits `back_requested()` and `help_requested()`."""

    back_requested = Signal()
    help_requested = Signal()

    def __init__(self, scale: float, manifest: Path | None = None) -> None:
        super().__init__(scale, "VideoLibraryScreen")
        self._tr: Translate | None = None
        self.videos: dict[str, Video] = {}
        self.journey: Journey | None = None
        self.problem = ""
        try:
            self.journey = load_journey()
            self.videos = load(manifest or manifest_path(), self.journey)
        except FileProblems as error:  # the journey's or the manifest's
            self.problem = str(error)
            log.shell.warning("tutorial videos unavailable:\n%s", error)
        self.title = label("title", wrap=False)
        self.help = button(kind="help")
        self.help.clicked.connect(self.help_requested)
        self.back = button(kind="quiet")
        self.back.clicked.connect(self._back)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.help)
        header.addWidget(self.back)
        self.chapters = QListWidget()
        self.chapters.setObjectName("VideoChapters")
        self.chapters.setWordWrap(True)
        self.chapters.itemClicked.connect(self._chosen)
        self.chapters.setFixedWidth(self.px(460))
        self.player = VideoPlayer()
        self.message = label("message")
        body = QHBoxLayout()
        body.addWidget(self.chapters)
        body.addWidget(self.player, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(40), self.px(20), self.px(40), self.px(20))
        layout.addLayout(header)
        layout.addWidget(self.message)
        layout.addLayout(body, 1)

    def retranslate(self, tr: Translate) -> None:
        self._tr = tr
        self.title.setText(tr("videos.title"))
        self.help.setText(tr("scan.help"))
        self.back.setText(tr("scan.back"))
        self.player.retranslate(tr)
        self.message.setText(tr("videos.unavailable") if self.problem else "")
        self.message.setVisible(bool(self.problem))
        self._fill()

    def _fill(self) -> None:
        self.chapters.clear()
        if self.journey is None or self._tr is None:
            return
        language = getattr(self._tr, "language", "vi")
        titles = {step.id: step.title(language) for step in self.journey.steps}
        numbers = {step.id: number for number, step in enumerate(self.journey.steps, start=1)}
        bold = QFont(self.chapters.font())
        bold.setBold(True)
        for video in self.videos.values():
            heading = QListWidgetItem(video.title(language))  # a video's title over its steps: not a choice
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            heading.setData(Qt.ItemDataRole.UserRole, None)
            heading.setFont(bold)
            heading.setForeground(QColor("#0b3d91"))
            heading.setBackground(QColor("#e3ebf6"))
            self.chapters.addItem(heading)
            for chapter in video.chapters:
                item = QListWidgetItem(f"{numbers.get(chapter.step, '')}. {titles.get(chapter.step, chapter.step)}")
                item.setData(Qt.ItemDataRole.UserRole, (video.id, chapter.step))
                self.chapters.addItem(item)

    def open(self, step: str | None = None) -> None:
        """Show the library; with `step`, play that step's chapter at once."""
        if step is None:
            self.chapters.clearSelection()
            self.player.prompt(self._tr("videos.choose") if self._tr is not None else "")
            return
        for row in range(self.chapters.count()):
            target = self.chapters.item(row).data(Qt.ItemDataRole.UserRole)
            if target is not None and target[1] == step:
                self.chapters.setCurrentRow(row)
                self._chosen(self.chapters.item(row))
                return

    def _chosen(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if target is None:
            return
        video = self.videos[target[0]]
        self.player.play(video, video.chapter(target[1]))

    def _back(self) -> None:
        self.player.stop()
        self.back_requested.emit()
