"""The doctor's runner: a check that never returns is a failed line once its limit is up, and a check that
breaks is a failed line too; neither stops the other checks."""

from __future__ import annotations

import threading

import pytest

from kiosk.config import Config
from kiosk.doctor import runner
from kiosk.doctor.check import Check, Context
from kiosk.i18n import Translator

STUCK = threading.Event()  # never set: the stuck check waits on it for ever (its thread is a daemon)


def stuck(_context: Context) -> Check:
    STUCK.wait()
    return Check("stuck", True, "doctor.display.ok")


def broken(_context: Context) -> Check:
    raise OSError("no such device")


def fine(_context: Context) -> Check:
    return Check("fine", True, "doctor.printer.none")


@pytest.mark.expected_log_warnings  # the broken check is logged, with its traceback
def test_a_stuck_check_times_out_and_a_broken_one_fails_while_the_others_report(monkeypatch, caplog):
    monkeypatch.setattr(runner, "_registry", lambda: [("stuck", stuck, 0.5), ("broken", broken, 5.0),
                                                      ("fine", fine, 5.0)])
    seen: list[str] = []
    results = runner.run_checks(Context(Config(), practice=False), lambda check: seen.append(check.name))
    assert [check.name for check in results] == ["stuck", "broken", "fine"]  # the registry's order
    assert sorted(seen) == ["broken", "fine", "stuck"]  # every line reported once, the late one too
    tr = Translator("vi")
    stuck_line, broken_line, fine_line = results
    assert not stuck_line.ok and stuck_line.finding(tr) == "không trả lời sau 0 giây"
    assert stuck_line.advice(tr).startswith("Chờ một phút rồi kiểm tra lại.")
    assert not broken_line.ok and broken_line.finding(tr) == "không kiểm tra được (OSError)"
    assert fine_line.ok and fine_line.advice(tr) == ""
    assert "doctor check broken failed" in caplog.text
