"""The three kinds of paper a citizen scans, and the scan options each one needs from the config."""

from __future__ import annotations

import enum

from drivers.base import Mode, ScanOptions, Source
from kiosk.config.schema import ScannerSettings


class PaperKind(enum.Enum):
    """What the citizen chose on the scan screen."""

    A4 = "a4"  # one or more A4 pages on the glass (or a sheet-fed scanner)
    CARD = "card"  # the CCCD, front then back
    BATCH = "batch"  # many pages through the feeder

    @property
    def sides(self) -> int:
        """How many separate scans make one document (a card has two sides)."""
        return 2 if self is PaperKind.CARD else 1


def scan_options(kind: PaperKind, settings: ScannerSettings, device_id: str) -> ScanOptions:
    """The options for `kind` with the technician's defaults (validated later against the device)."""
    if kind is PaperKind.CARD:
        return ScanOptions(device_id, Source(settings.card_source), settings.card_dpi, Mode.COLOR)
    if kind is PaperKind.BATCH:
        return ScanOptions(device_id, Source.ADF, settings.batch_dpi, Mode(settings.batch_mode))
    return ScanOptions(device_id, Source(settings.a4_source), settings.a4_dpi, Mode(settings.a4_mode))
