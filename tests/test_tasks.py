"""The one background helper: results and failures on the GUI thread, progress in order, a time limit, cancel."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, QThread

from ui.tasks import Task, TaskTimeout


def test_the_result_arrives_on_the_gui_thread(qtbot):
    seen = []
    work_thread = []

    def work(_job):
        work_thread.append(threading.current_thread())
        return 42

    Task(work, "answer").success(lambda result: seen.append((result, QThread.currentThread()))).start()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(42, QObject().thread())]
    assert work_thread[0] is not threading.main_thread()


def test_a_failure_brings_the_exception_itself(qtbot):
    errors = []

    def work(_job):
        raise OSError(28, "No space left on device")

    Task(work, "write").failure(errors.append).start()
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], OSError) and errors[0].errno == 28  # the exception, not just its type's name


def test_progress_arrives_in_order_then_the_result(qtbot):
    events = []

    def work(job):
        for step in range(5):
            job.report(step)
        return "done"

    Task(work, "steps").progress(events.append).success(events.append).start()
    qtbot.waitUntil(lambda: "done" in events)
    assert events == [0, 1, 2, 3, 4, "done"]


def test_past_its_limit_a_task_fails_with_a_timeout_and_a_late_result_is_dropped(qtbot):
    release = threading.Event()
    results, errors = [], []
    task = Task(lambda job: release.wait(5) and job.cancelled.is_set(), "slow", limit_s=0.2) \
        .success(results.append).failure(errors.append).start()
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], TaskTimeout) and task.job.cancelled.is_set() and not task.running
    release.set()
    qtbot.wait(200)
    assert results == []  # the work returned after all, but nobody waits for it any more


def test_cancel_asks_the_work_to_stop_and_nothing_is_reported(qtbot):
    started, results = threading.Event(), []

    def work(job):
        started.set()
        job.cancelled.wait(5)
        return "too late"

    task = Task(work, "cancellable").success(results.append).failure(results.append).start()
    assert started.wait(5)
    task.cancel()
    qtbot.wait(200)
    assert results == [] and not task.running


def test_a_task_whose_owner_is_gone_reports_nothing(qtbot):
    owner, release, results = QObject(), threading.Event(), []
    task = Task(lambda _job: release.wait(5), "owned", owner=owner).success(results.append).start()
    owner.deleteLater()
    qtbot.waitUntil(lambda: not task.running)
    release.set()
    qtbot.wait(200)
    assert results == [] and task.job.cancelled.is_set()


@pytest.mark.expected_log_errors
def test_a_failure_nobody_handles_is_logged_as_an_error(qtbot, fail_on_problem_logs):
    def work(_job):
        raise ValueError("a bug")

    task = Task(work, "buggy").start()
    qtbot.waitUntil(lambda: not task.running)
    (record,) = [r for r in fail_on_problem_logs.records if "buggy" in r.getMessage()]
    assert record.levelname == "ERROR" and record.exc_info[0] is ValueError
