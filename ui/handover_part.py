"""A kiosk process run by the supervisor: hidden until it is told to take the screen, gone after its citizen.

The words are kiosk/handover.py's. Built hidden, the process says "standing-by". Told "show", it first clears up
after any process that crashed (their folders, their open session counted as interrupted), reads the config
again if a technician changed it meanwhile, shows its window and says "shown" once the attract screen has
painted. When its citizen has left and the attract screen is due, it says "done" and ignores touches on the
attract screen until the supervisor answers: "exit" (the next process is on screen above this one) or "stay"
(none could be made ready: this process serves the next citizen itself, as a single kiosk process would).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from kiosk import log
from kiosk import owner as owners
from kiosk.handover import Channel, Word
from kiosk.lifecycle import Phase
from ui.shell import KioskShell


def _stamps(files: tuple[Path | None, ...]) -> tuple[float, ...]:
    return tuple(file.stat().st_mtime if file is not None and file.exists() else 0.0 for file in files)


class HandoverPart(QObject):
    """Speaks for `shell` on the supervisor's `channel`."""

    shown = Signal()  # this process has the screen: said "shown"

    def __init__(self, shell: KioskShell, channel: Channel) -> None:
        super().__init__(shell)
        self._shell = shell
        self._channel = channel
        self._config_stamps = _stamps(shell.options.config_files)
        self._notifier = QSocketNotifier(channel.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read)
        shell.lifecycle.on_phase(self._on_phase)
        shell.attract.first_painted.connect(lambda: QTimer.singleShot(0, self._say_shown))
        channel.send(Word.STANDING_BY)

    def _say_shown(self) -> None:
        self._channel.send(Word.SHOWN)
        self.shown.emit()

    def _read(self) -> None:
        words = self._channel.receive()
        if words is None:
            self._notifier.setEnabled(False)
            self._shell.exit_kiosk("supervisor gone")
            return
        for word in words:
            if word is Word.SHOW:
                self._take_screen()
            elif word is Word.STAY:
                self._shell.attract.setEnabled(True)
            elif word is Word.EXIT:
                self._notifier.setEnabled(False)
                self._shell.exit_kiosk("handed over")

    def _take_screen(self) -> None:
        shell = self._shell
        root = shell.owner.folder.parent
        owners.purge(root)  # a process that crashed since this one was built left its folders
        interrupted = shell.officer.recorder.mark_interrupted(owners.live_owners(root))
        if interrupted:
            log.stats.info("%d session(s) cut off by a stopped kiosk process counted as interrupted", interrupted)
        if _stamps(shell.options.config_files) != self._config_stamps:
            shell.reload_config()
        shell.window.restore()

    def _on_phase(self, phase: Phase) -> None:
        if phase is Phase.ATTRACT:  # the citizen has left: the shell is back on its attract screen
            self._shell.attract.setEnabled(False)
            self._channel.send(Word.DONE)
