"""Session folders, cleanup hooks and the lifecycle state machine, without Qt."""

from __future__ import annotations

import stat

import pytest

from kiosk import owner as owners
from kiosk.lifecycle import EndReason, Lifecycle, Phase
from kiosk.session import Session


def test_session_folder_is_private_and_gone_after_end(tmp_path):
    session = Session(tmp_path / "sessions")
    assert stat.S_IMODE(session.directory.stat().st_mode) == 0o700
    scan = session.directory / "scans" / "page-1.jpg"
    scan.parent.mkdir()
    scan.write_bytes(b"\xff\xd8 citizen page")
    session.end("citizen")
    assert not session.directory.exists()
    assert session.ended
    assert [event.name for event in session.events] == ["started", "ended:citizen"]


def test_cleanups_run_newest_first_then_listeners(tmp_path):
    session = Session(tmp_path)
    order = []
    session.add_cleanup("profile", lambda: order.append("profile"))
    session.add_cleanup("page", lambda: order.append("page"))
    session.on_ended(lambda s, reason: order.append(f"ended:{reason}:{s.directory.exists()}"))
    session.end("timeout")
    assert order == ["page", "profile", "ended:timeout:False"]


@pytest.mark.expected_log_errors
def test_a_failing_cleanup_does_not_stop_the_wipe(tmp_path, fail_on_problem_logs):
    session = Session(tmp_path)
    ran = []

    def broken() -> None:
        raise OSError("device gone")

    session.add_cleanup("first", lambda: ran.append("first"))
    session.add_cleanup("broken", broken)
    session.end("citizen")
    assert ran == ["first"]
    assert not session.directory.exists()
    assert any("cleanup broken failed" in r.getMessage() for r in fail_on_problem_logs.records)


def test_end_twice_is_harmless(tmp_path):
    session = Session(tmp_path)
    calls = []
    session.on_ended(lambda _session, reason: calls.append(reason))
    session.end("citizen")
    session.end("timeout")
    assert calls == ["citizen"]


@pytest.mark.expected_log_warnings
def test_session_folders_of_the_layout_before_owners_are_purged(tmp_path):
    crashed = Session(tmp_path)  # directly under the root, as before each process had its owner folder
    (crashed.directory / "scan.pdf").write_bytes(b"%PDF")
    unrelated = tmp_path / "keep-me"
    unrelated.mkdir()
    assert owners.purge(tmp_path).folders == 1
    assert not crashed.directory.exists()
    assert unrelated.exists()


OWNER_SCRIPT = """
import sys, time
from pathlib import Path
from kiosk import owner
from kiosk.session import Session
me = owner.claim(Path(sys.argv[1]))
Session(me.sessions)
(me.scanner).mkdir()
print(me.token, flush=True)
time.sleep(60)
"""


@pytest.mark.expected_log_warnings
def test_only_the_folders_of_dead_kiosk_processes_are_purged(tmp_path):
    import subprocess
    import sys

    runs = [subprocess.Popen([sys.executable, "-c", OWNER_SCRIPT, str(tmp_path)], stdout=subprocess.PIPE, text=True)
            for _ in range(2)]
    try:
        dead, alive = (run.stdout.readline().strip() for run in runs)
        runs[0].kill()  # kill -9: no clean-up of its own
        runs[0].wait(5)
        assert set(owners.live_owners(tmp_path)) == {alive}
        leftovers = owners.purge(tmp_path)
        assert leftovers.tokens == (dead,) and leftovers.folders == 1
        assert sorted(path.name for path in tmp_path.iterdir()) == [f"owner-{alive}"]  # the live one keeps its own
        assert list((tmp_path / f"owner-{alive}" / "sessions").iterdir())
    finally:
        for run in runs:
            run.kill()
            run.wait(5)


def test_a_clean_exit_takes_its_folder_along(tmp_path):
    mine = owners.claim(tmp_path)
    assert owners.claim(tmp_path) is mine  # one per process, however many shells it builds
    Session(mine.sessions)
    mine.release()
    assert list(tmp_path.iterdir()) == []


def make_lifecycle(tmp_path, idle=120, warning=30):
    phases = []
    lifecycle = Lifecycle(lambda: Session(tmp_path), idle_timeout_s=idle, warning_s=warning)
    lifecycle.on_phase(phases.append)
    return lifecycle, phases


def test_idle_then_warning_then_end(tmp_path):
    lifecycle, phases = make_lifecycle(tmp_path)
    session = lifecycle.start(0.0)
    lifecycle.tick(119.0)
    assert lifecycle.phase is Phase.ACTIVE
    lifecycle.tick(120.0)
    assert lifecycle.phase is Phase.WARNING
    assert lifecycle.seconds_left(125.0) == 25
    lifecycle.tick(149.0)
    assert lifecycle.phase is Phase.WARNING
    lifecycle.tick(150.0)
    assert lifecycle.phase is Phase.ENDED
    assert session.end_reason == "timeout"
    assert not session.directory.exists()
    lifecycle.reset()
    assert phases == [Phase.ACTIVE, Phase.WARNING, Phase.ENDED, Phase.ATTRACT]


def test_touch_restarts_the_idle_clock(tmp_path):
    lifecycle, _ = make_lifecycle(tmp_path)
    lifecycle.start(0.0)
    lifecycle.touch(100.0)
    lifecycle.tick(200.0)
    assert lifecycle.phase is Phase.ACTIVE
    lifecycle.tick(220.0)
    assert lifecycle.phase is Phase.WARNING


def test_touch_during_warning_does_not_cancel_it_but_keep_alive_does(tmp_path):
    lifecycle, _ = make_lifecycle(tmp_path)
    session = lifecycle.start(0.0)
    lifecycle.tick(120.0)
    lifecycle.touch(121.0)
    assert lifecycle.phase is Phase.WARNING
    lifecycle.keep_alive(122.0)
    assert lifecycle.phase is Phase.ACTIVE
    lifecycle.tick(200.0)
    assert lifecycle.phase is Phase.ACTIVE
    assert session.directory.exists()


def test_citizen_end_and_no_second_start(tmp_path):
    lifecycle, _ = make_lifecycle(tmp_path)
    session = lifecycle.start(0.0)
    with pytest.raises(RuntimeError):
        lifecycle.start(1.0)
    lifecycle.end(EndReason.CITIZEN)
    assert session.end_reason == "citizen"
    lifecycle.reset()
    assert lifecycle.phase is Phase.ATTRACT
    assert lifecycle.start(5.0) is not session
