"""Typed device errors: what went wrong at the scanner, in the citizen's words and the technician's.

Each driver maps its native status (SANE text, eSCL HTTP status, a dead worker) to one of these.
`message_key` names the citizen's message in the catalogue (Vietnamese first); `detail` is the
native text for the technician and the log, never shown to a citizen. `exit_code` is what the
`kiosk scan` command returns for it (documented in docs/scanner-drivers.md).
"""

from __future__ import annotations


class DeviceError(Exception):
    """A scanner problem with a message for the citizen and a detail for the technician."""

    message_key = "scanner.error.device"
    exit_code = 10

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or type(self).__name__)
        self.detail = detail

    @property
    def kind(self) -> str:
        """Stable name of the error type, for JSON summaries and statistics."""
        return type(self).__name__


class InvalidOptions(DeviceError):
    """The scan options ask for something the device cannot do (checked before scanning)."""

    message_key = "scanner.error.invalid_options"
    exit_code = 11


class PaperJam(DeviceError):
    """Paper stuck in the feeder."""

    message_key = "scanner.error.paper_jam"
    exit_code = 12


class FeederEmpty(DeviceError):
    """No paper in the feeder."""

    message_key = "scanner.error.feeder_empty"
    exit_code = 13


class CoverOpen(DeviceError):
    """The lid or the feeder cover is open."""

    message_key = "scanner.error.cover_open"
    exit_code = 14


class Busy(DeviceError):
    """The scanner is in use or warming up."""

    message_key = "scanner.error.busy"
    exit_code = 15


class Offline(DeviceError):
    """The scanner stopped answering (unplugged, switched off, network gone)."""

    message_key = "scanner.error.offline"
    exit_code = 16


class ScannerStopped(DeviceError):
    """The scanner, still answering, ended the job itself (its own panel's cancel, a failed read, not ready):
    the pages before it are kept and the citizen can go on."""

    message_key = "scanner.error.stopped"
    exit_code = 21  # 20 is the kiosk's DiskFull (kiosk/scanning/service.py)


class NotFound(DeviceError):
    """The configured scanner is not there."""

    message_key = "scanner.error.not_found"
    exit_code = 17


class Cancelled(DeviceError):
    """The citizen (or the kiosk) stopped the scan."""

    message_key = "scanner.error.cancelled"
    exit_code = 18


class DriverCrashed(DeviceError):
    """The driver's worker process died or stopped answering; a fresh one starts next time."""

    message_key = "scanner.error.driver_crashed"
    exit_code = 19


ALL_ERRORS: tuple[type[DeviceError], ...] = (
    DeviceError, InvalidOptions, PaperJam, FeederEmpty, CoverOpen, Busy, Offline, ScannerStopped, NotFound, Cancelled,
    DriverCrashed,
)
BY_KIND = {error.__name__: error for error in ALL_ERRORS}


def rebuild(kind: str, detail: str) -> DeviceError:
    """The error named `kind` again (errors cross the worker-process pipe as name + detail)."""
    return BY_KIND.get(kind, DeviceError)(detail)
