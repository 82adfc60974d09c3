"""kiosk/printing against a real, private cupsd with a cups-pdf queue: the receipt comes out, each fault is typed,
and nothing of the job stays in CUPS after the session's purge."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
import time

import pytest

from kiosk.config.schema import Config, PrinterSettings
from kiosk.doctor.check import Context
from kiosk.doctor.devices import printer as printer_check
from kiosk.i18n import Translator
from kiosk.practice_portal.receipt_pdf import receipt_pdf
from kiosk.printing import cups_tools
from kiosk.printing.faults import FaultKind, PrintFault
from kiosk.printing.job import NEUTRAL_TITLE, print_pdf, purge_session_jobs
from tests.cups_server import REPO, private_cups
from tests.pdfs import pdf_wrapping_jpeg
from tests.printing.printed_pages import page_count, page_shows

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
    assert page_shows(paper, CODE)
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


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_fault_has_the_citizens_message_and_the_technicians_detail_and_fix(tmp_path, language):
    tr = Translator(language, cache_dir=tmp_path)
    for kind in FaultKind:
        fault = PrintFault(kind, "receipts", "why")
        for key in (fault.message_key, fault.detail_key, fault.fix_key):
            assert tr(key, queue="receipts", detail="why") != key, f"{language}: {key} is missing"
        assert "receipts" not in tr(fault.message_key)  # the citizen's words name no queue, no CUPS


def test_the_doctor_sees_what_a_print_would_find(cups):
    tr = Translator("vi")
    assert printer_check(Context(Config(), practice=False)).ok
    cups.tool("cupsdisable", "-r", "kẹt giấy", "receipts", check=True)
    check = printer_check(Context(Config(), practice=False))
    assert not check.ok
    assert check.finding(tr) == "hàng đợi «receipts» đang dừng: kẹt giấy"
    assert "cupsenable receipts" in check.advice(tr)
    missing = printer_check(Context(dataclasses.replace(Config(), printer=PrinterSettings(queue="counter")), False))
    assert not missing.ok and missing.found == "print.fault.no_printer.detail"


def test_no_printer_at_all_passes_the_doctor(cups):
    cups.stop()
    check = printer_check(Context(Config(), practice=False))
    assert check.ok and check.found == "doctor.printer.none"


def test_a_kiosk_user_outside_cups_system_group_still_cancels_its_own_jobs():
    """The kiosk runs as its own user: CUPS's default policy refuses it Purge-Jobs, so the purge falls back to
    cancelling (and removing) the user's own jobs; their records go after PreserveJobHistory (30 s)."""
    with private_cups(refuse_purge=True) as server:
        server.add_pdf_queue("receipts", default=True)
        server.tool("cupsdisable", "receipts", check=True)  # the job waits: it would print when re-enabled
        as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        env = {**server.env, "HOME": "/nonexistent"}
        subprocess.run([*as_nobody, "lp", "-d", "receipts"], input=receipt(), env=env, check=True, timeout=10)
        purge = ("import sys; sys.path.insert(0, sys.argv[1]); from kiosk.printing.job import purge_session_jobs; "
                 "print(purge_session_jobs({'receipts'}))")
        answer = subprocess.run([*as_nobody, sys.executable, "-c", purge, str(REPO)], env=env, capture_output=True,
                                text=True, timeout=30, check=True, stdin=subprocess.DEVNULL)
        assert answer.stdout.strip() == "False"  # refused the purge, fell back
        assert server.tool("lpstat", "-W", "not-completed", "-o").stdout == ""  # it will never print
        assert "nobody" in server.tool("lpstat", "-W", "completed", "-o").stdout  # its record, until the 30 s
