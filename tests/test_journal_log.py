"""Under systemd the kiosk's log lines also go to the journal, with their priority; elsewhere they do not."""

from __future__ import annotations

import logging
import os
import sys

import pytest

from kiosk import log


def _remove(handlers: list[logging.Handler]) -> None:
    for handler in handlers:
        logging.getLogger().removeHandler(handler)
        log.audit.removeHandler(handler)
        handler.close()


@pytest.mark.expected_log_errors
def test_log_lines_go_to_the_journal_stream_with_their_priority(tmp_path, monkeypatch):
    stream = (tmp_path / "journal").open("w", encoding="utf-8")
    status = os.fstat(stream.fileno())
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setenv("JOURNAL_STREAM", f"{status.st_dev}:{status.st_ino}")
    handlers = log.setup_file_logging(tmp_path / "log")
    try:
        assert len(handlers) == 3
        log.shell.info("kiosk started (test)")
        log.audit.info("session ended")
        log.scanner.warning("no scanner")
        log.supervisor.error("the kiosk process stopped")
    finally:
        _remove(handlers)
        stream.close()
    assert (tmp_path / "journal").read_text(encoding="utf-8").splitlines() == [
        "<6>shell: kiosk started (test)", "<6>audit: session ended", "<4>scanner: no scanner",
        "<3>supervisor: the kiosk process stopped"]


def test_an_inherited_variable_without_the_stream_adds_no_handler(tmp_path, monkeypatch):
    monkeypatch.setenv("JOURNAL_STREAM", "1:2")
    handlers = log.setup_file_logging(tmp_path / "log")
    _remove(handlers)
    assert len(handlers) == 2
    assert log.journal_handler() is None


def test_a_receipt_adds_no_font_subsetting_lines_to_the_log(tmp_path):
    """Issue 20, trap 11: fpdf2's font subsetting wrote ~70 fontTools INFO lines into kiosk.log per receipt."""
    import logging

    from kiosk import log
    from kiosk.practice_portal.receipt_pdf import receipt_pdf

    handlers = log.setup_file_logging(tmp_path)
    try:
        assert receipt_pdf([("Thủ tục", "Đăng ký khai sinh")], "TH-0001", 1_700_000_000.0).startswith(b"%PDF")
        for handler in handlers:
            handler.flush()
    finally:
        for handler in handlers:
            logging.getLogger().removeHandler(handler)
            handler.close()
    assert "fontTools" not in (tmp_path / "kiosk.log").read_text(encoding="utf-8")
