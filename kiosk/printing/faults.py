"""What can go wrong with a print, as typed faults: each names the citizen's message and the technician's detail
in the catalogue (`print.fault.<kind>` and `print.fault.<kind>.detail`), never CUPS's own words to a citizen."""

from __future__ import annotations

import enum


class FaultKind(enum.Enum):
    """One kind of printing fault; its value is the catalogue key's last part."""

    NO_PRINTER = "no_printer"  # no queue configured and no default, or the configured queue does not exist
    CUPS_DOWN = "cups_down"  # the CUPS scheduler does not answer
    QUEUE_STOPPED = "queue_stopped"  # the queue is stopped (disabled: cupsdisable, or stopped by a backend fault)
    NOT_ACCEPTING = "not_accepting"  # the queue refuses new jobs (cupsreject)
    OUT_OF_PAPER = "out_of_paper"  # the printer reports no paper (media-empty, media-needed)
    JOB_HELD = "job_held"  # the job waits to be released (job-hold-until)
    JOB_ABORTED = "job_aborted"  # the system gave up on the job (a filter or the backend failed)
    JOB_CANCELED = "job_canceled"  # someone cancelled the job
    JOB_STUCK = "job_stuck"  # the job did not end within the kiosk's limit


class PrintFault(Exception):
    """A print that did not come out, with its kind and a detail for the technician (CUPS's words: the queue, the
    reasons); the citizen only ever sees the catalogue's message for the kind."""

    def __init__(self, kind: FaultKind, queue: str = "", detail: str = "") -> None:
        super().__init__(f"{kind.value}: {queue} {detail}".strip())
        self.kind = kind
        self.queue = queue
        self.detail = detail

    @property
    def message_key(self) -> str:
        """The catalogue key of the citizen's message."""
        return f"print.fault.{self.kind.value}"

    @property
    def detail_key(self) -> str:
        """The catalogue key of the technician's detail (placeholders: `queue`, `detail`)."""
        return f"print.fault.{self.kind.value}.detail"

    @property
    def fix_key(self) -> str:
        """The catalogue key of what the technician can do (placeholder: `queue`)."""
        return f"print.fault.{self.kind.value}.fix"
