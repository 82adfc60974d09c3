"""One citizen's scan, as data and transitions: choose the paper, place it, scan, and recover from faults.

The scan screen shows `ScanJob.state` and forwards the citizen's taps; the runner reports pages,
progress and the driver's outcome. Pages already scanned are never lost by a fault: after a jam
the citizen clears it and continues, or finishes with the pages they have.
"""

from __future__ import annotations

import dataclasses
import enum
from pathlib import Path

from drivers.errors import Cancelled, DeviceError
from kiosk.scanning.kinds import PaperKind


class State(enum.Enum):
    """Where the citizen is in scanning one document."""

    CHOOSING = "choosing"  # which paper
    PLACING = "placing"  # how to put it on the scanner; the big "Quét" button
    SCANNING = "scanning"
    STOPPED = "stopped"  # a fault or a cancel: pages kept, continue or finish
    DONE = "done"


Message = tuple[str, dict[str, object]]


@dataclasses.dataclass
class ScanJob:
    """The state of one document's scanning."""

    state: State = State.CHOOSING
    kind: PaperKind = PaperKind.A4
    pages: list[Path] = dataclasses.field(default_factory=list)
    side: int = 1  # for a card: 1 = front, 2 = back
    page_progress: float = 0.0
    error: DeviceError | None = None

    def choose(self, kind: PaperKind) -> None:
        """The citizen picked what to scan."""
        self.kind, self.side, self.pages, self.error = kind, 1, [], None
        self.state = State.PLACING

    def start(self) -> None:
        """"Quét" pressed: the runner starts the driver."""
        if self.state not in (State.PLACING, State.STOPPED):
            raise RuntimeError(f"cannot scan from {self.state}")
        self.error = None
        self.page_progress = 0.0
        self.state = State.SCANNING

    def progress(self, fraction: float) -> None:
        """The page being scanned is this far."""
        self.page_progress = fraction

    def page_arrived(self, path: Path) -> None:
        """A finished page, already saved in the session folder."""
        self.pages.append(path)
        self.page_progress = 0.0

    def finished(self) -> None:
        """The driver ended normally (the last page, or the feeder ran out after pages)."""
        if self.kind is PaperKind.CARD and self.side < self.kind.sides:
            self.side += 1
            self.state = State.PLACING  # turn the card over
            return
        self.state = State.DONE

    def failed(self, error: DeviceError) -> None:
        """The driver stopped with a device error (or the citizen cancelled)."""
        self.error = error
        self.state = State.STOPPED

    def finish_with_pages(self) -> None:
        """Use the pages scanned so far."""
        if self.pages:
            self.state = State.DONE

    @property
    def expected_pages(self) -> int | None:
        """How many pages this scan gives, when known (a feeder batch is counted as it comes)."""
        return None if self.kind is PaperKind.BATCH else 1

    def message(self) -> list[Message]:
        """What the screen says now, as catalogue keys with parameters."""
        if self.state is State.PLACING:
            if self.kind is PaperKind.CARD:
                return [("scan.place.card_front" if self.side == 1 else "scan.place.card_back", {})]
            return [(f"scan.place.{self.kind.value}", {})]
        if self.state is State.SCANNING:
            return [("scan.scanning_page", {"number": len(self.pages) + 1})]
        if self.state is State.STOPPED and self.error is not None:
            said: list[Message] = []
            if self.pages:
                said.append(("scanner.pages_kept", {"count": len(self.pages)}))
            said.append((self.error.message_key, {}))
            if not isinstance(self.error, Cancelled) and self.pages:
                said.append(("scan.or_finish", {}))
            return said
        if self.state is State.DONE:
            return [("scan.done", {"count": len(self.pages)})]
        return [("scan.choose", {})]
