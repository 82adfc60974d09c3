"""Calling an officer: a webhook to the officer's PC or phone gateway, and the kiosk's own chime.

The webhook is sent with retries and backoff; the kiosk runs it as a background task, so a slow or dead
receiver never holds up the citizen's screen. It says which kiosk and which screen, never who is there.
"""

from __future__ import annotations

import datetime
import math
import shutil
import struct
import subprocess
import time
import wave
from collections.abc import Sequence
from pathlib import Path

import requests

from kiosk import log

RETRY_DELAYS_S = (1.0, 2.0, 4.0)
TIMEOUT_S = 3.0


class HelpNotifier:
    """Posts `{"event": "help_call", "kiosk", "screen", "at"}` to the configured address."""

    def __init__(self, url: str, kiosk_name: str, delays: Sequence[float] = RETRY_DELAYS_S) -> None:
        self.url = url
        self.kiosk_name = kiosk_name
        self.delays = tuple(delays)
        self.sent = 0
        self.failed = 0

    @property
    def longest_s(self) -> float:
        """How long `post` can take at most: every attempt timing out, and the waits between them."""
        return sum(self.delays) + (len(self.delays) + 1) * TIMEOUT_S

    def post(self, screen: str) -> bool:
        """Send the call, retrying with backoff (blocks for up to `longest_s`: run it off the GUI thread).
        False when no address is configured or every attempt failed."""
        if not self.url:
            return False
        payload = {"event": "help_call", "kiosk": self.kiosk_name, "screen": screen,
                   "at": datetime.datetime.now().astimezone().isoformat(timespec="seconds")}
        attempt = 0
        for attempt, delay in enumerate((0.0, *self.delays), start=1):
            time.sleep(delay)
            try:
                response = requests.post(self.url, json=payload, timeout=TIMEOUT_S)
                if response.ok:
                    self.sent += 1
                    log.officer.info("help call delivered (attempt %d)", attempt)
                    return True
                log.officer.info("help call answered HTTP %d (attempt %d)", response.status_code, attempt)
            except requests.RequestException as error:
                log.officer.info("help call not delivered (attempt %d): %s", attempt, type(error).__name__)
        self.failed += 1
        log.officer.warning("help call gave up after %d attempts; the kiosk's banner and chime still called", attempt)
        return False


def chime_file(folder: Path) -> Path:
    """A soft two-note chime (E5 then A5, 0.7 s) as a WAV file, made once."""
    path = folder / "chime.wav"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    rate = 22050
    frames = bytearray()
    for note, start, length in ((659.25, 0.0, 0.35), (880.0, 0.3, 0.4)):
        for index in range(int(length * rate)):
            t = index / rate
            envelope = math.exp(-4 * t) * min(1.0, t * 50)
            sample = int(9000 * envelope * math.sin(2 * math.pi * note * t))
            position = int(start * rate) + index
            while len(frames) < (position + 1) * 2:
                frames += b"\0\0"
            mixed = struct.unpack_from("<h", frames, position * 2)[0] + sample
            struct.pack_into("<h", frames, position * 2, max(-32768, min(32767, mixed)))
    with wave.open(str(path), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(rate)
        file.writeframes(bytes(frames))
    return path


def play_chime(folder: Path) -> subprocess.Popen[bytes] | None:
    """Play the chime with ALSA's `aplay` (routed to PulseAudio/PipeWire when they run); never waits."""
    player = shutil.which("aplay")
    if player is None:
        log.officer.warning("no aplay: the help chime is silent (install alsa-utils)")
        return None
    return subprocess.Popen([player, "-q", str(chime_file(folder))], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
