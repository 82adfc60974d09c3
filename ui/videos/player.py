"""The tutorial video player (QtMultimedia): chapters, play/pause, replay the chapter, speed 0.75/1/1.25,
volume, and captions from our own WebVTT parser, on by default in the kiosk's language.

A missing, changed or undecodable video never stops anything: the player shows a notice (the technician's
detail goes to the log) and the guide's text stays usable.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import QHBoxLayout, QSlider, QStackedWidget, QVBoxLayout, QWidget

from kiosk import log
from kiosk.guide.videos import Chapter, Video, file_problem
from ui.videos.frame_view import FrameView
from ui.widgets import Translate, button, label

SPEEDS = (0.75, 1.0, 1.25)


class VideoPlayer(QWidget):
    """Plays one video, or one chapter of it; emits `chapter_finished()` at the chapter's end."""

    chapter_finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("VideoPlayer")
        self._tr: Translate | None = None
        self.language = "vi"
        self.video: Video | None = None
        self.chapter: Chapter | None = None
        self.captions_on = True
        self.media = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.media.setAudioOutput(self.audio)
        self.video_view = FrameView()
        self.media.setVideoSink(self.video_view.sink)
        self.media.positionChanged.connect(self._position)
        self.media.errorOccurred.connect(self._error)
        self.media.playbackStateChanged.connect(lambda _state: self._labels())
        self.caption = label("caption", align=Qt.AlignmentFlag.AlignCenter)
        self.caption.setObjectName("Caption")
        self.notice = label("message", align=Qt.AlignmentFlag.AlignCenter)
        self.views = QStackedWidget()
        self.views.addWidget(self.video_view)
        self.views.addWidget(self.notice)
        self.buttons = {name: button(kind="tool") for name in ("play", "replay", "speed", "captions")}
        self.buttons["play"].clicked.connect(self.toggle)
        self.buttons["replay"].clicked.connect(self.replay)
        self.buttons["speed"].clicked.connect(self.next_speed)
        self.buttons["captions"].clicked.connect(self.toggle_captions)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.valueChanged.connect(lambda value: self.audio.setVolume(value / 100))
        self.audio.setVolume(0.8)
        controls = QHBoxLayout()
        for name in ("play", "replay", "speed", "captions"):
            controls.addWidget(self.buttons[name])
        controls.addWidget(self.volume, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.views, 1)
        layout.addWidget(self.caption)
        layout.addLayout(controls)

    def retranslate(self, tr: Translate) -> None:
        """Button texts; captions switch to the kiosk's language."""
        self._tr = tr
        self.language = getattr(tr, "language", "vi")
        self._labels()

    def _labels(self) -> None:
        if self._tr is None:
            return
        tr = self._tr
        playing = self.media.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        self.buttons["play"].setText(tr("player.pause" if playing else "player.play"))
        self.buttons["replay"].setText(tr("player.replay"))
        self.buttons["speed"].setText(tr("player.speed", speed=f"{self.media.playbackRate():g}"))
        self.buttons["captions"].setText(tr("player.captions_on" if self.captions_on else "player.captions_off"))

    def play(self, video: Video, chapter: Chapter | None = None) -> bool:
        """Play `video` (from `chapter`'s start to its end); False, with the notice shown, if it cannot."""
        self.video, self.chapter = video, chapter
        problem = file_problem(video)
        if problem is not None:
            self._show_notice(problem)
            return False
        self.views.setCurrentWidget(self.video_view)
        self.caption.clear()  # not the last chapter's words over this one's first frames
        self.video_view.clear()
        self.media.setSource(QUrl.fromLocalFile(str(video.file)))
        self.media.setPosition(round(chapter.start_s * 1000) if chapter else 0)
        self.media.play()
        self._labels()
        return True

    def stop(self) -> None:
        """Stop and let go of the file."""
        self.media.stop()
        self.media.setSource(QUrl())
        self.caption.clear()

    def toggle(self) -> None:
        """Play / pause; "Phát" at the end of the chapter plays it again."""
        if self.media.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.media.pause()
        elif self.chapter is not None and self.media.position() >= self.chapter.end_s * 1000 - 50:
            self.replay()
            return
        else:
            self.media.play()
        self._labels()

    def replay(self) -> None:
        """From the chapter's (or the video's) start again."""
        self.media.setPosition(round(self.chapter.start_s * 1000) if self.chapter else 0)
        self.media.play()
        self._labels()

    def next_speed(self) -> None:
        """0.75 → 1 → 1.25 → 0.75 …"""
        current = self.media.playbackRate()
        index = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - current))
        self.media.setPlaybackRate(SPEEDS[(index + 1) % len(SPEEDS)])
        self._labels()

    def toggle_captions(self) -> None:
        """Captions on/off."""
        self.captions_on = not self.captions_on
        self._position(self.media.position())
        self._labels()

    def _position(self, position: int) -> None:
        if self.video is None:
            return
        captions = self.video.captions.get(self.language) or self.video.captions.get("vi")
        self.caption.setText(captions.at(position) if captions is not None and self.captions_on else "")
        if self.chapter is not None and position >= self.chapter.end_s * 1000:
            self.media.pause()
            self.media.setPosition(round(self.chapter.end_s * 1000) - 1)
            self._labels()
            self.chapter_finished.emit()

    def _error(self, error: QMediaPlayer.Error, detail: str) -> None:
        self._show_notice(f"{self.video.id if self.video else '?'}: {error.name}: {detail}")

    def prompt(self, text: str) -> None:
        """Nothing chosen yet: `text` where the video will be, instead of a black box."""
        self.stop()
        self.notice.setText(text)
        self.views.setCurrentWidget(self.notice)

    def _show_notice(self, detail: str) -> None:
        log.shell.warning("tutorial video not playable: %s", detail)
        if self._tr is not None:
            self.notice.setText(self._tr("player.unavailable"))
        self.views.setCurrentWidget(self.notice)
