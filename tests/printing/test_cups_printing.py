"""kiosk/printing against a real, private cupsd with a cups-pdf queue: the receipt comes out, each fault is typed,
and nothing of the job stays in CUPS after the session's purge."""

from __future__ import annotations

import threading
import time

import pytest

from kiosk.practice_portal.receipt_pdf import receipt_pdf
from kiosk.printing import cups_tools
from kiosk.printing.faults import FaultKind, PrintFault
from kiosk.printing.job import NEUTRAL_TITLE, print_pdf, purge_session_jobs
from tests.pdfs import pdf_wrapping_jpeg
from tests.printing.printed_pages import page_count, page_text

CODE = "TH-2026-004217"


def receipt() -> bytes:
    return receipt_pdf([("Thủ tục", "Đăng ký khai sinh"), ("Người nộp", "Nguyễn Văn An")], CODE, time.time())


def fault_of(document: bytes, queue: str = "", **options) -> PrintFault:
    with pytest.raises(PrintFault) as caught:
        print_pdf(document, queue, **options)
    return caught.value


def test_the_receipt_prints_on_the_default_queue_reads_back_and_leaves_nothing_after_the_purge(cups):
    seen = []
    printed = print_pdf(receipt(), "", on_queued=seen.append)
    assert printed.queue == "receipts" and seen == [printed.job_id]
    (paper,) = cups.printed()
    assert page_count(paper) == 1
    assert CODE in page_text(paper).replace(" ", "")
    assert paper.name.startswith(NEUTRAL_TITLE)  # cups-pdf names its file after the job's title: not the document's
    assert cups.jobs_left() and cups.spool_files()  # CUPS keeps the finished job's record until the purge
    purge_session_jobs({"receipts"})
    assert cups.jobs_left() == ""
    assert cups.spool_files() == []


def test_the_configured_queue_wins_over_the_default(cups):
    cups.add_pdf_queue("counter")
    assert print_pdf(pdf_wrapping_jpeg(), "counter").queue == "counter"


def test_a_stopped_queue_is_reported_before_anything_is_queued(cups):
    cups.tool("cupsdisable", "-r", "paper jam cleared, waiting", "receipts", check=True)
    fault = fault_of(receipt())
    assert fault.kind is FaultKind.QUEUE_STOPPED and fault.queue == "receipts"
    assert "paper jam cleared" in fault.detail
    assert cups.jobs_left() == ""


def test_a_queue_that_refuses_jobs_is_reported(cups):
    cups.tool("cupsreject", "-r", "maintenance", "receipts", check=True)
    fault = fault_of(receipt())
    assert fault.kind is FaultKind.NOT_ACCEPTING and "maintenance" in fault.detail


def test_no_printer_at_all_and_an_unknown_queue(cups):
    assert fault_of(receipt(), "nosuchqueue").kind is FaultKind.NO_PRINTER
    cups.tool("lpadmin", "-x", "receipts", check=True)
    fault = fault_of(receipt())
    assert fault.kind is FaultKind.NO_PRINTER and "default destination" in fault.detail


def test_cups_not_running_is_reported_fast(cups):
    cups.stop()
    started = time.monotonic()
    fault = fault_of(receipt())
    assert fault.kind is FaultKind.CUPS_DOWN
    assert time.monotonic() - started < 1.0


def test_a_held_job_is_reported_and_cancelled(cups):
    cups.tool("lpadmin", "-p", "receipts", "-o", "job-hold-until-default=indefinite", check=True)
    fault = fault_of(receipt())
    assert fault.kind is FaultKind.JOB_HELD and "job-hold-until" in fault.detail
    assert "receipts-" not in cups.tool("lpstat", "-W", "not-completed", "-o").stdout  # it will not print later


def test_a_job_the_filters_give_up_on_is_aborted_and_cancelled(cups):
    fault = fault_of(b"%PDF-1.4\n1 0 obj broken\n%%EOF\n")
    assert fault.kind is FaultKind.JOB_ABORTED and "with-errors" in fault.detail
    assert "receipts-" not in cups.tool("lpstat", "-W", "not-completed", "-o").stdout


def test_a_printer_out_of_paper_says_so(cups):
    cups.add_paper_out_queue("empty")
    fault = fault_of(receipt(), "empty")
    assert fault.kind is FaultKind.OUT_OF_PAPER and "media-empty" in fault.detail
    # The queue stays out of paper (stopped) until a technician acts: the next citizen is told before queueing.
    assert fault_of(receipt(), "empty").kind is FaultKind.OUT_OF_PAPER
    assert cups.jobs_left().count("empty-") == 1


def test_a_job_that_does_not_end_in_time_is_stuck_and_cancelled(cups):
    cups.tool("lpadmin", "-p", "receipts", "-v", "socket://127.0.0.1:9", check=True)  # a printer that never answers
    fault = fault_of(receipt(), limit_s=1.0)
    assert fault.kind is FaultKind.JOB_STUCK
    assert "receipts-" not in cups.tool("lpstat", "-W", "not-completed", "-o").stdout


def test_the_kiosk_giving_up_cancels_the_job(cups):
    cups.tool("lpadmin", "-p", "receipts", "-v", "socket://127.0.0.1:9", check=True)
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    assert fault_of(receipt(), cancelled=stop).kind is FaultKind.JOB_CANCELED
    assert "receipts-" not in cups.tool("lpstat", "-W", "not-completed", "-o").stdout


def test_a_scheduler_that_does_not_answer_costs_at_most_the_call_limit(cups, monkeypatch):
    cups.process.send_signal(19)  # SIGSTOP: the socket accepts, nobody answers
    try:
        monkeypatch.setattr(cups_tools, "CALL_LIMIT_S", 0.5)
        started = time.monotonic()
        with pytest.raises(PrintFault) as caught:
            cups_tools.run_tool(["lpstat", "-r", "-d"], limit_s=0.5)
        assert caught.value.kind is FaultKind.CUPS_DOWN
        assert time.monotonic() - started < 1.5
    finally:
        cups.process.send_signal(18)  # SIGCONT
