"""Side-car WebVTT captions, parsed by us (Qt does not load them) and looked up by playback position."""

from __future__ import annotations

import bisect
import dataclasses
import re
from pathlib import Path

TIMING = re.compile(r"^(?P<start>[\d:.]+)\s+-->\s+(?P<end>[\d:.]+)(\s.*)?$")
STAMP = re.compile(r"^(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})$")
TAG = re.compile(r"<[^>]+>")
SIXTY = 60  # seconds a minute, minutes an hour


class CaptionError(ValueError):
    """A caption file that is not WebVTT, with the line that is wrong."""


@dataclasses.dataclass(frozen=True)
class Cue:
    """One caption: shown from `start_ms` up to (not including) `end_ms`."""

    start_ms: int
    end_ms: int
    text: str


def _milliseconds(stamp: str, line: int) -> int:
    match = STAMP.match(stamp)
    if match is None:
        raise CaptionError(f"line {line}: bad timestamp {stamp!r} (use [hh:]mm:ss.mmm)")
    hours, minutes, seconds, millis = (int(part or 0) for part in match.groups())
    if minutes >= SIXTY or seconds >= SIXTY:
        raise CaptionError(f"line {line}: bad timestamp {stamp!r}")
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def parse(text: str) -> tuple[Cue, ...]:
    """The cues of a WebVTT document, in time order; raises `CaptionError` naming the line."""
    lines = text.replace("\r\n", "\n").lstrip("\ufeff").split("\n")
    if not lines or not lines[0].startswith("WEBVTT"):
        raise CaptionError("line 1: a WebVTT file starts with WEBVTT")
    cues: list[Cue] = []
    index = 1
    while index < len(lines):
        match = TIMING.match(lines[index].strip())
        if match is None:
            index += 1  # blank lines, cue identifiers, NOTE blocks
            continue
        start, end = (_milliseconds(match.group(name), index + 1) for name in ("start", "end"))
        if end <= start:
            raise CaptionError(f"line {index + 1}: the cue ends before it starts")
        body = []
        index += 1
        while index < len(lines) and lines[index].strip():
            body.append(TAG.sub("", lines[index].strip()))
            index += 1
        cues.append(Cue(start, end, "\n".join(body)))
    return tuple(sorted(cues, key=lambda cue: cue.start_ms))


def load(path: Path) -> tuple[Cue, ...]:
    """The cues of a caption file (errors name the file and the line)."""
    try:
        return parse(path.read_text(encoding="utf-8"))
    except CaptionError as error:
        raise CaptionError(f"{path.name}: {error}") from None


@dataclasses.dataclass(frozen=True)
class Captions:
    """Cues with a fast lookup by position."""

    cues: tuple[Cue, ...]

    def at(self, position_ms: int) -> str:
        """The caption text shown at `position_ms` ("" between cues)."""
        starts = [cue.start_ms for cue in self.cues]
        index = bisect.bisect_right(starts, position_ms) - 1
        if index >= 0 and position_ms < self.cues[index].end_ms:
            return self.cues[index].text
        return ""

    @property
    def end_ms(self) -> int:
        """When the last cue ends."""
        return max((cue.end_ms for cue in self.cues), default=0)


def write(cues: list[Cue]) -> str:
    """A WebVTT document for `cues` (used by the video render script)."""
    def stamp(ms: int) -> str:
        hours, rest = divmod(ms, 3_600_000)
        minutes, rest = divmod(rest, 60_000)
        seconds, millis = divmod(rest, 1000)
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"

    blocks = ["WEBVTT", ""]
    for cue in cues:
        blocks += [f"{stamp(cue.start_ms)} --> {stamp(cue.end_ms)}", cue.text, ""]
    return "\n".join(blocks)
