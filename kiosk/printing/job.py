"""One print, followed to its end: check the queue, submit the PDF under a neutral title, then watch the job until
CUPS says it completed (the paper is out) or a fault ends it; and the purge that leaves none of a citizen's jobs
behind at the end of the session.

Runs off the GUI thread (each CUPS call is bounded by cups_tools.CALL_LIMIT_S, the whole print by `limit_s`).
A job a fault ends is cancelled and its files removed at once: paper must not come out later, for the next
citizen, when a technician restarts the queue.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
from collections.abc import Callable

from kiosk.printing import cups_tools
from kiosk.printing.cups_tools import JobState, QueueState
from kiosk.printing.faults import FaultKind, PrintFault

# The job's title in CUPS (its history, page_log, a printer's panel and cups-pdf's file name): never the
# document's name, which can hold a citizen's name or dossier code.
NEUTRAL_TITLE = "kiosk"
POLL_S = 0.3  # how often the job is asked after (two lpstat calls of ~10 ms each)
JOB_LIMIT_S = 120.0  # a slow laser printer's first page after waking is ~30 s; past this the job is stuck


@dataclasses.dataclass(frozen=True)
class Printed:
    """A job CUPS reported completed."""

    queue: str
    job_id: int


def resolve_queue(configured: str) -> str:
    """The queue to print on: the configured one, else CUPS's default; `NO_PRINTER` when there is neither,
    `CUPS_DOWN` when the scheduler does not answer."""
    default = cups_tools.default_queue()  # also the check that the scheduler runs
    queue = configured or default
    if not queue:
        raise PrintFault(FaultKind.NO_PRINTER, detail="printer.queue is empty and CUPS has no default destination")
    return queue


def check_queue(state: QueueState) -> None:
    """Raise the fault a queue's state means for a print (paper first: a printer out of paper also stops)."""
    if state.out_of_paper:
        raise PrintFault(FaultKind.OUT_OF_PAPER, state.name, " ".join(state.reasons))
    if state.stopped:
        raise PrintFault(FaultKind.QUEUE_STOPPED, state.name, state.message or " ".join(state.reasons))
    if not state.accepting:
        raise PrintFault(FaultKind.NOT_ACCEPTING, state.name, state.message or "not accepting requests")


def print_pdf(document: bytes, configured_queue: str, cancelled: threading.Event | None = None, *,
              on_queued: Callable[[int], None] | None = None, limit_s: float = JOB_LIMIT_S) -> Printed:
    """Print `document` (PDF bytes) on the configured queue (CUPS's default when empty) and wait until CUPS
    reports the job completed; a `PrintFault` for anything else. `cancelled` set: the job is cancelled."""
    stop = cancelled or threading.Event()
    queue = resolve_queue(configured_queue)
    check_queue(cups_tools.queue_state(queue))
    job_id = cups_tools.submit(queue, document, NEUTRAL_TITLE)
    if on_queued is not None:
        on_queued(job_id)
    deadline = time.monotonic() + limit_s
    try:
        while True:
            job = cups_tools.job_state(queue, job_id)
            if _ended(queue, job_id, job):
                return Printed(queue, job_id)
            check_queue(cups_tools.queue_state(queue))
            if time.monotonic() > deadline:
                raise PrintFault(FaultKind.JOB_STUCK, queue, f"job {job_id} not done after {limit_s:.0f} s")
            if stop.wait(POLL_S):
                raise PrintFault(FaultKind.JOB_CANCELED, queue, f"job {job_id}: the kiosk stopped waiting")
    except PrintFault:
        _cancel_quietly(queue, job_id)  # an ended job refuses the cancel, harmlessly
        raise


def _ended(queue: str, job_id: int, job: JobState | None) -> bool:
    """True when the job completed; raises the fault of a job that ended otherwise or is held."""
    if job is None:  # CUPS forgot it before the kiosk saw its end: whether paper came out is unknown
        raise PrintFault(FaultKind.JOB_ABORTED, queue, f"job {job_id} is gone from CUPS's history")
    if job.canceled:
        raise PrintFault(FaultKind.JOB_CANCELED, queue, f"job {job_id}: {' '.join(job.reasons)}")
    if job.aborted:
        raise PrintFault(FaultKind.JOB_ABORTED, queue, f"job {job_id}: {' '.join(job.reasons)}")
    if job.held:
        raise PrintFault(FaultKind.JOB_HELD, queue, f"job {job_id}: {' '.join(job.reasons)}")
    return job.ended


def _cancel_quietly(queue: str, job_id: int) -> None:
    with contextlib.suppress(PrintFault):  # the scheduler went away: the session's end purges the queue again
        cups_tools.cancel_job(queue, job_id)


def purge_session_jobs(queues: set[str]) -> bool:
    """End of a session: every job on the queues it printed on is cancelled and purged with its history; False
    when CUPS let the kiosk cancel only its own jobs (their records then go after PreserveJobHistory)."""
    return all([cups_tools.purge_queue(queue) for queue in sorted(queues)])
