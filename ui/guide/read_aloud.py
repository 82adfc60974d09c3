""""Nghe hướng dẫn": the guide's text spoken aloud — espeak-ng renders a WAV (QProcess, never blocking the
screen), QMediaPlayer plays it. A second tap stops it.

The WAV files hold only the guide's own texts, never anything a citizen typed; they live in a temporary
folder inside the kiosk process's own temp folder in RAM (ui/app.py), gone with the process even after a crash,
and a text already spoken is not rendered again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QTemporaryDir, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

from kiosk import log
from kiosk.guide.speech import espeak_command

RENDER_TIMEOUT_MS = 10_000


class ReadAloud(QObject):
    """Emits `playing_changed(bool)`; `failed()` when the speech could not be made (the text stays on screen)."""

    playing_changed = Signal(bool)
    failed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._folder = QTemporaryDir()
        self._process: QProcess | None = None
        self._pending = Path()
        self.media = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.media.setAudioOutput(self.audio)
        self.media.playbackStateChanged.connect(lambda _state: self.playing_changed.emit(self.playing))
        self.media.errorOccurred.connect(self._play_error)
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(self._render_stuck)

    @property
    def playing(self) -> bool:
        """Speaking now, or about to (the speech is being made)."""
        return self._process is not None or self.media.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def toggle(self, text: str, language: str) -> None:
        """Speak `text`, or stop if already speaking."""
        if self.playing:
            self.stop()
        else:
            self.speak(text, language)

    def speak(self, text: str, language: str) -> None:
        """Speak `text` in `language` from its start."""
        self.stop()
        key = hashlib.sha256(f"{language}\n{text}".encode()).hexdigest()[:20]
        wav = Path(self._folder.path()) / f"{key}.wav"
        if wav.is_file():
            self._play(wav)
            return
        command = espeak_command(text, language, wav.with_suffix(".part.wav"))
        process = QProcess(self)
        process.setProgram(command[0])
        process.setArguments(command[1:])
        process.finished.connect(lambda code, _status: self._rendered(process, code))
        process.errorOccurred.connect(lambda _error: self._rendered(process, -1))
        self._process, self._pending = process, wav
        self.playing_changed.emit(True)
        self._timeout.start(RENDER_TIMEOUT_MS)
        process.start()

    def stop(self) -> None:
        """Silence, and forget a speech still being made."""
        self._timeout.stop()
        if self._process is not None:
            process, self._process = self._process, None
            process.kill()
            process.deleteLater()
            self.playing_changed.emit(False)
        # pause(), not stop(): with no sound server, stop() during playback blocked the GUI thread for good in
        # the FFmpeg backend (QThread::wait in a posted event), 3 runs in 4; pause() silences just the same.
        self.media.pause()

    def _rendered(self, process: QProcess, code: int) -> None:
        if process is not self._process:
            return  # stopped meanwhile, or errorOccurred after finished
        self._timeout.stop()
        self._process = None
        process.deleteLater()
        part = self._pending.with_suffix(".part.wav")
        if code != 0 or not part.is_file():
            log.shell.warning("espeak-ng failed (exit %s): the guide text is not read aloud", code)
            self.playing_changed.emit(False)
            self.failed.emit()
            return
        part.replace(self._pending)
        self._play(self._pending)

    def _render_stuck(self) -> None:
        log.shell.warning("espeak-ng took over %d ms: stopped", RENDER_TIMEOUT_MS)
        self.stop()
        self.failed.emit()

    def _play(self, wav: Path) -> None:
        self.media.setSource(QUrl.fromLocalFile(str(wav)))
        self.media.play()

    def _play_error(self, _error: QMediaPlayer.Error, detail: str) -> None:
        log.shell.warning("read-aloud playback failed: %s", detail)
        self.failed.emit()
