"""What the technician's printer screen shows and does, Qt-free: the CUPS queues (from `lpstat`), the last jobs of
one with their id, state and time (never a title or a user: the kiosk's jobs carry a neutral title anyway), and a
test page printed like a citizen's paper. Every call runs off the GUI thread (kiosk/printing/cups_tools.py)."""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable

from fpdf import FPDF

from kiosk.pdf_fonts import vietnamese_fonts
from kiosk.printing import cups_tools
from kiosk.printing.job import Printed, print_pdf, resolve_queue

Translate = Callable[..., str]
_PRINTER_LINE = re.compile(r"^printer (?P<name>\S+) (?P<state>is idle|now printing|disabled)")
_JOB_HEAD = re.compile(r"^(?P<queue>\S+)-(?P<id>\d+)\s+\S+\s+\d+\s+(?P<when>\w{3} \w{3} +\d+ [\d:]{8} \d{4})")
LAST_JOBS = 8


@dataclasses.dataclass(frozen=True)
class Queue:
    """A CUPS queue as the technician chooses among them."""

    name: str
    stopped: bool  # disabled (cupsdisable, or stopped by a backend's fault)
    default: bool  # CUPS's default destination


@dataclasses.dataclass(frozen=True)
class JobLine:
    """One job of a queue: its id, its state (completed, canceled, aborted, held, waiting) and when it was queued
    or ended (seconds since the epoch; 0 when lpstat's date could not be read)."""

    job_id: int
    state: str
    when: float


def list_queues() -> list[Queue]:
    """Every queue CUPS knows, in its order; `CUPS_DOWN` when the scheduler does not answer."""
    default = cups_tools.default_queue()
    answer = cups_tools.run_tool(["lpstat", "-p"])
    queues = []
    for line in answer.stdout.splitlines():
        found = _PRINTER_LINE.match(line)
        if found:
            queues.append(Queue(found["name"], found["state"] == "disabled", found["name"] == default))
    return queues


def last_jobs(queue: str, count: int = LAST_JOBS) -> list[JobLine]:
    """The queue's last `count` jobs, newest first: the ones not ended yet, then those CUPS still keeps as ended
    (PreserveJobHistory and the session's purge decide how long)."""
    jobs: dict[int, JobLine] = {}
    for which in ("completed", "not-completed"):
        lines = cups_tools.run_tool(["lpstat", "-l", "-W", which, "-o", queue]).stdout.splitlines()
        for index, line in enumerate(lines):
            found = _JOB_HEAD.match(line)
            if found and found["queue"] == queue:
                job = cups_tools.JobState(int(found["id"]), which == "completed", cups_tools.alerts(lines[index + 1:]))
                jobs[job.job_id] = JobLine(job.job_id, _state(job), _when(found["when"]))
    return sorted(jobs.values(), key=lambda job: job.job_id, reverse=True)[:count]


def _state(job: cups_tools.JobState) -> str:
    if job.canceled:
        return "canceled"
    if job.aborted:
        return "aborted"
    if job.ended:
        return "completed"
    return "held" if job.held else "waiting"


def _when(text: str) -> float:
    try:
        return time.mktime(time.strptime(" ".join(text.split()), "%a %b %d %H:%M:%S %Y"))
    except ValueError:
        return 0.0


def test_page(queue: str, tr: Translate) -> bytes:
    """A one-page A4 test page: its title, the queue's name and the time, and a few lines of Vietnamese."""
    regular, bold = vietnamese_fonts()
    pdf = FPDF(format="A4")
    pdf.add_font("body", "", str(regular))
    pdf.add_font("body", "B", str(bold))
    pdf.add_page()
    pdf.set_title(tr("printer.test_page.title"))
    pdf.set_font("body", "B", 24)
    pdf.cell(0, 14, tr("printer.test_page.title"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 13)
    when = time.strftime("%H:%M:%S %d/%m/%Y")
    pdf.multi_cell(0, 8, tr("printer.test_page.body", queue=queue, when=when), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(0, 8, "ă â đ ê ô ơ ư — á à ả ã ạ — Ấ Ầ Ẩ Ẫ Ậ — Ữ Ự Ỳ Ỵ", new_x="LMARGIN", new_y="NEXT")
    pdf.rect(10, 10, 190, 277)  # the page's edges: what the printer cuts off shows
    return bytes(pdf.output())


def print_test_page(configured: str, tr: Translate) -> Printed:
    """The test page on the queue (CUPS's default when ""), followed to its end like a citizen's paper."""
    queue = resolve_queue(configured)
    return print_pdf(test_page(queue, tr), queue)
