"""One kiosk process per citizen: the words a kiosk process and its supervisor say to each other.

A citizen's strings end up in places the kiosk cannot wipe: Chromium's browser side lives in the kiosk process, and
Python and Qt free memory without clearing it. So each citizen is served by a process that ends after them. The
supervisor (kiosk/supervisor.py) keeps the next process built and hidden while a citizen is served; when the citizen
leaves, the next one shows its attract screen on top and the old one exits, so the screen never goes blank.

Each kiosk process gets one end of a socket pair (its number in `KIOSK_HANDOVER_FD`); one word per datagram.
"""

from __future__ import annotations

import contextlib
import ctypes
import enum
import os
import signal
import socket

ENV = "KIOSK_HANDOVER_FD"
_PR_SET_PDEATHSIG = 1


class Word(enum.StrEnum):
    """What is said on the channel."""

    # kiosk process -> supervisor
    STANDING_BY = "standing-by"  # built, window hidden: ready to be shown
    SHOWN = "shown"  # window shown and the attract screen painted
    DONE = "done"  # the citizen left and the attract screen is due: hand over now
    # supervisor -> kiosk process
    SHOW = "show"  # take the screen
    STAY = "stay"  # no successor is ready: carry on serving the next citizen yourself
    EXIT = "exit"  # the successor is on screen: leave


class Channel:
    """One end of the supervisor's socket pair."""

    def __init__(self, end: socket.socket) -> None:
        self.end = end
        end.setblocking(False)

    @classmethod
    def pair(cls) -> tuple[Channel, socket.socket]:
        """The supervisor's end, and the socket to hand to the kiosk process it starts."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        return cls(ours), theirs

    @classmethod
    def from_environment(cls) -> Channel | None:
        """The channel of a kiosk process started by the supervisor (None when started on its own)."""
        number = os.environ.pop(ENV, "")
        if not number.isdigit():
            return None
        return cls(socket.socket(fileno=int(number)))

    def fileno(self) -> int:
        """For selectors and socket notifiers."""
        return self.end.fileno()

    def send(self, word: Word) -> bool:
        """Say `word`; False when the other side is gone."""
        try:
            self.end.send(word.value.encode("ascii"))
        except OSError:
            return False
        return True

    def receive(self) -> list[Word] | None:
        """The words that have arrived (none yet: []); None once the other side has closed its end."""
        words: list[Word] = []
        while True:
            try:
                data = self.end.recv(64)
            except BlockingIOError:
                return words
            except OSError:
                return None
            if not data:
                return words or None  # what came before the end, then None
            with contextlib.suppress(ValueError):  # a word from another version: ignored
                words.append(Word(data.decode("ascii", "replace")))

    def close(self) -> None:
        """Close this end."""
        self.end.close()


def die_with_parent() -> None:
    """Ask Linux to end this process when its supervisor dies (no orphan kiosk left holding the screen)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
