"""The CUPS command-line tools (`lp`, `lpstat`, `cancel` from cups-client) and what their answers mean.

Each call runs in the C locale (the tools' words, not the kiosk's language) with a time limit, so a scheduler that
hangs costs the caller at most `limit_s`, never the kiosk's event loop: callers run these off the GUI thread.
`CUPS_SERVER` (the environment) chooses the scheduler, as for every CUPS client.
"""

from __future__ import annotations

import dataclasses
import getpass
import os
import re
import shutil
import subprocess

from kiosk.printing.faults import FaultKind, PrintFault

CALL_LIMIT_S = 2.0  # a local cupsd answers in ~10 ms; 2 s leaves a loaded machine room and still ends a fault fast
_DOWN_WORDS = ("scheduler is not running", "unable to connect", "connection refused", "no such file")
_PAPER_REASONS = ("media-empty", "media-needed", "media-jam")
_JOB_LINE = re.compile(r"^(?P<queue>\S+)-(?P<id>\d+)\s")


@dataclasses.dataclass(frozen=True)
class QueueState:
    """A queue as `lpstat -l -p -a` tells it: stopped (disabled), accepting jobs, its state reasons."""

    name: str
    stopped: bool
    accepting: bool
    reasons: tuple[str, ...]
    message: str  # printer-state-message, e.g. the reason given to cupsdisable -r

    @property
    def out_of_paper(self) -> bool:
        """The printer (its backend) reports no paper or a jam."""
        return any(reason.startswith(_PAPER_REASONS) for reason in self.reasons)


@dataclasses.dataclass(frozen=True)
class JobState:
    """One job as `lpstat -l -o` tells it: ended (in CUPS's completed list) or not, and its state reasons."""

    job_id: int
    ended: bool
    reasons: tuple[str, ...]

    @property
    def held(self) -> bool:
        """Waiting to be released (job-hold-until, held by an operator)."""
        return not self.ended and any(r.startswith(("job-hold", "job-held")) for r in self.reasons)

    @property
    def canceled(self) -> bool:
        """Ended by someone's cancel."""
        return self.ended and any("canceled" in reason for reason in self.reasons)

    @property
    def aborted(self) -> bool:
        """The system gave up on it: aborted, or stopped because a filter or the backend failed (CUPS then keeps
        it as "processing-stopped", reason job-completed-with-errors, until someone restarts or cancels it)."""
        return any("aborted" in reason or reason.endswith("with-errors") for reason in self.reasons)


def run_tool(command: list[str], stdin: bytes | None = None,
             limit_s: float = CALL_LIMIT_S) -> subprocess.CompletedProcess[str]:
    """Run one CUPS tool; a missing tool, no answer in time or a scheduler that is not there is `CUPS_DOWN`."""
    if shutil.which(command[0]) is None:
        raise PrintFault(FaultKind.CUPS_DOWN, detail=f"{command[0]} is not installed (apt install cups-client)")
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, timeout=limit_s, check=False,
                              env={**os.environ, "LC_ALL": "C"})
    except subprocess.TimeoutExpired:
        raise PrintFault(FaultKind.CUPS_DOWN, detail=f"{command[0]}: no answer within {limit_s:.0f} s") from None
    except OSError as error:
        raise PrintFault(FaultKind.CUPS_DOWN, detail=f"{command[0]}: {error.strerror}") from None
    answer = subprocess.CompletedProcess(command, done.returncode, done.stdout.decode(errors="replace"),
                                         done.stderr.decode(errors="replace"))
    if any(word in answer.stderr.lower() for word in _DOWN_WORDS):
        raise PrintFault(FaultKind.CUPS_DOWN, detail=answer.stderr.strip())
    return answer


def default_queue() -> str:
    """CUPS's default destination ("" when there is none); `CUPS_DOWN` when the scheduler is not running."""
    answer = run_tool(["lpstat", "-r", "-d"])
    if "scheduler is not running" in answer.stdout:
        raise PrintFault(FaultKind.CUPS_DOWN, detail="lpstat -r: scheduler is not running")
    for line in answer.stdout.splitlines():
        if line.startswith("system default destination:"):
            return line.partition(":")[2].strip()
    return ""


def queue_state(queue: str) -> QueueState:
    """The queue's state; `NO_PRINTER` when CUPS does not know it."""
    answer = run_tool(["lpstat", "-l", "-p", queue, "-a", queue])
    lines = answer.stdout.splitlines()
    heads = [line for line in lines if line.startswith(f"printer {queue} ")]
    if answer.returncode != 0 or not heads:
        raise PrintFault(FaultKind.NO_PRINTER, queue, answer.stderr.strip() or "lpstat lists no such queue")
    head_index = lines.index(heads[0])
    message = lines[head_index + 1].strip() if head_index + 1 < len(lines) and lines[head_index + 1].startswith(
        "\t") and ":" not in lines[head_index + 1] else ""
    return QueueState(
        name=queue,
        stopped=f"printer {queue} disabled" in heads[0],
        accepting=any(line.startswith(f"{queue} accepting requests") for line in lines),
        reasons=alerts(lines[head_index + 1:]),
        message=message,
    )


def submit(queue: str, document: bytes, title: str) -> int:
    """Queue `document` (a PDF, through stdin: no file name reaches CUPS) under `title`; the job's id."""
    # fit-to-page: the A5 slip fills an A4 printer's sheet (its QR 65 mm, not the 46 mm CUPS shrinks it to
    # otherwise, which a 720p document camera cannot read back); an A4 receipt stays whole on the printable area.
    answer = run_tool(["lp", "-d", queue, "-t", title, "-n", "1", "-o", "job-sheets=none", "-o", "fit-to-page"],
                      stdin=document)
    found = re.search(rf"request id is {re.escape(queue)}-(\d+)", answer.stdout)
    if answer.returncode != 0 or found is None:
        error = answer.stderr.strip()
        if "not accepting" in error:
            raise PrintFault(FaultKind.NOT_ACCEPTING, queue, error)
        if "does not exist" in error:
            raise PrintFault(FaultKind.NO_PRINTER, queue, error)
        raise PrintFault(FaultKind.JOB_ABORTED, queue, error or f"lp exited {answer.returncode}")
    return int(found.group(1))


def job_state(queue: str, job_id: int) -> JobState | None:
    """The job's state, None when CUPS no longer knows it (its history purged)."""
    for which in ("not-completed", "completed"):
        answer = run_tool(["lpstat", "-l", "-W", which, "-o", queue])
        lines = answer.stdout.splitlines()
        for index, line in enumerate(lines):
            found = _JOB_LINE.match(line)
            if found and found["queue"] == queue and int(found["id"]) == job_id:
                return JobState(job_id, which == "completed", alerts(lines[index + 1:]))
    return None


def cancel_job(queue: str, job_id: int) -> None:
    """Cancel one job that has not ended, and remove its files (a fault's job must not print later for someone
    else)."""
    run_tool(["cancel", "-x", f"{queue}-{job_id}"])


def purge_queue(queue: str) -> bool:
    """Cancel every job of the queue and purge them all, ended ones included, with their history (IPP
    Purge-Jobs: the kiosk's queue is the kiosk's own). Purge-Jobs is an operator's operation: when CUPS refuses
    it (the kiosk's user is not in CUPS's SystemGroup), the user's own jobs are still cancelled and removed
    (Cancel-My-Jobs), so none prints later, and their records go after PreserveJobHistory. True when purged."""
    if run_tool(["cancel", "-a", "-x", queue]).returncode == 0:
        return True
    answer = run_tool(["cancel", "-x", "-u", getpass.getuser(), queue])
    if answer.returncode != 0:
        raise PrintFault(FaultKind.NO_PRINTER, queue, answer.stderr.strip() or "cancel -x -u failed")
    return False


def alerts(lines: list[str]) -> tuple[str, ...]:
    """The first `Alerts:` line of one entry (its state reasons), up to the next entry."""
    for line in lines:
        if not line.startswith("\t"):
            break
        if line.strip().startswith("Alerts:"):
            words = line.partition(":")[2].split()
            return tuple(word for word in words if word != "none")
    return ()
