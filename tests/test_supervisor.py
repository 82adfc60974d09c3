"""The supervisor's rules with small stand-in kiosk processes that speak kiosk/handover.py's words.

The stand-ins are Python one-liners (a fake inside this module's unit test); tests/test_citizen_processes.py
proves the same handover with real kiosk processes on the screen.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from kiosk import supervisor
from kiosk.supervisor import Supervisor

CHILD = """
import os, sys, time
from pathlib import Path
from kiosk.handover import Channel, Word
channel = Channel.from_environment()
journal = Path(sys.argv[1])
started = journal.parent / "started"
with started.open("a") as out:
    out.write("x")
modes = sys.argv[2].split(",")
mode = modes[min(len(started.read_text()) - 1, len(modes) - 1)]  # the n-th process plays the n-th part
def note(text):
    with journal.open("a") as out:
        out.write(f"{os.getpid()} {text}\\n")
if mode == "crash":
    sys.exit(3)
channel.send(Word.STANDING_BY)
served = 0
while True:
    words = channel.receive()
    if words is None:
        sys.exit(0)
    for word in words:
        note(word.value)
        if word is Word.SHOW:
            if mode == "never-paints":
                continue
            channel.send(Word.SHOWN)
            if journal.with_suffix(".quit").exists():
                sys.exit(0)
            time.sleep(0.2)
            channel.send(Word.DONE)
        elif word is Word.STAY:  # serving the next citizen itself, who then leaves too
            time.sleep(0.2)
            channel.send(Word.DONE)
        elif word is Word.EXIT:
            sys.exit(0)
    time.sleep(0.02)
"""


def supervise(tmp_path: Path, mode: str) -> tuple[Supervisor, int, list[str]]:
    """Run the supervisor over stand-ins playing `mode` (comma-separated: one part per process, the last repeats)."""
    journal = tmp_path / "journal.txt"
    journal.touch()
    boss = Supervisor([sys.executable, "-c", CHILD, str(journal), mode])
    code = boss.run()  # on this thread: it sets signal handlers (pytest-timeout bounds it)
    return boss, code, journal.read_text().splitlines()


def test_each_citizen_gets_a_new_process_and_the_old_one_leaves_after_the_new_one_shows(tmp_path, monkeypatch):
    monkeypatch.setattr(supervisor, "SHOW_LIMIT_S", 20.0)
    journal = tmp_path / "journal.txt"

    def stop_after_three(boss: Supervisor) -> None:
        while boss.handovers < 3:
            threading.Event().wait(0.05)
        (journal.with_suffix(".quit")).touch()  # the next process shown then closes the kiosk (exit 0)

    boss = Supervisor([sys.executable, "-c", CHILD, str(journal), "serve"])
    journal.touch()
    watcher = threading.Thread(target=stop_after_three, args=(boss,), daemon=True)
    watcher.start()
    code = boss.run()
    lines = journal.read_text().splitlines()
    assert code == 0
    assert boss.handovers >= 3 and all(ms < 5000 for ms in boss.handover_ms)
    shown = [line.split()[0] for line in lines if line.endswith(" show")]
    exited = [line.split()[0] for line in lines if line.endswith(" exit")]
    assert len(set(shown)) == len(shown)  # a fresh process for each citizen
    assert exited[:3] == shown[:3]  # each told to leave, in turn, once its successor was on screen
    assert boss.active is None and boss.waiting is None and boss.retiring == []


@pytest.mark.expected_log_errors
def test_a_kiosk_that_keeps_crashing_ends_the_supervisor_with_an_error(tmp_path):
    boss, code, _lines = supervise(tmp_path, "crash")
    assert code == supervisor.EXIT_FAILED
    assert boss.active is None and boss.waiting is None


@pytest.mark.expected_log_errors
def test_a_successor_that_never_paints_is_replaced_and_the_old_process_is_told_to_stay(tmp_path, monkeypatch):
    monkeypatch.setattr(supervisor, "SHOW_LIMIT_S", 1.0)
    monkeypatch.setattr(supervisor, "MAX_CRASHES", 2)
    boss, code, lines = supervise(tmp_path, "serve,never-paints")
    first = lines[0].split()[0]
    assert f"{first} stay" in lines  # the citizen's screen is kept: no blank screen, no half-built successor
    # The successors were asked to show, killed after the limit and replaced, until the supervisor gave up
    # (systemd starts over); the process on screen was never told to exit for one of them.
    assert code == supervisor.EXIT_FAILED
    assert len([line for line in lines if line.endswith(" show") and not line.startswith(first)]) == 3
    assert not any(line.endswith(" exit") for line in lines)
