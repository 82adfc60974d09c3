"""One kiosk process per citizen, as a technician starts it: the real supervisor, real kiosk processes on the Xvfb
screen, a scripted citizen tapping and typing (tests/citizen_process.py), and what is left afterwards."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import re
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from kiosk.admin_pin import hash_pin
from tests.citizen_process import PIN, write_plan
from tests.kiosk_processes import SupervisedKiosk, forms_of, found_in_memory, rss_kb
from tests.residue import files_under, holds

pytestmark = pytest.mark.timeout(600)  # whole visits in real kiosk processes, a process start for each

CONFIG = f"""[scanner]
sane_backends = []
batch_dpi = 100
a4_dpi = 100
[admin]
officer_pin_hash = "{hash_pin(PIN)}"
[officer]
survey_seconds = 5
"""
SYLLABLES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Thị", "Văn", "Hữu", "Ngọc", "Thuỳ", "Dương", "Khuê",
             "Tường", "Vỹ", "Đoàn", "Quế", "Nhữ", "Ánh", "Uyển")


def a_citizen() -> dict[str, str]:
    """A name, a 12-digit number and a phone that nothing else on this machine holds."""
    chance = random.SystemRandom()
    name = " ".join(chance.sample(SYLLABLES, 4))
    return {"name": name, "number": "".join(chance.choice("0123456789") for _ in range(12)),
            "phone": "09" + "".join(chance.choice("0123456789") for _ in range(8))}


@pytest.fixture
def start(tmp_path):
    kiosks: list[SupervisedKiosk] = []
    config = tmp_path / "kiosk.toml"
    config.write_text(CONFIG, encoding="utf-8")

    def start(visits, citizen, *args: str) -> SupervisedKiosk:
        plan = write_plan(tmp_path / "plan", visits, citizen)
        kiosk = SupervisedKiosk(tmp_path / "kiosk", plan, "--practice", "--config", str(config), *args)
        kiosks.append(kiosk)
        return kiosk

    yield start
    for kiosk in kiosks:
        assert kiosk.stop() == 0  # the supervisor stops its kiosk processes and ends cleanly


def stamp(log: str, pattern: str) -> dt.datetime:
    match = re.search(r"^(\S+ \S+) .*" + pattern, log, re.MULTILINE)
    assert match, pattern
    return dt.datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S,%f")


def gone(pid: int, within_s: float = 20.0) -> bool:
    deadline = time.monotonic() + within_s
    while Path(f"/proc/{pid}").exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def kiosk_processes(kiosk: SupervisedKiosk) -> list[int]:
    """The kiosk processes the supervisor runs (not their helpers; not one that ended while it was looked at)."""
    return [pid for pid in kiosk.processes()[1:] if b"tests.citizen_process" in _command_line(pid)]


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # it ended between the listing and the reading: the old process after its handover
        return b""


def settled(kiosk: SupervisedKiosk) -> None:
    """Wait until the supervisor runs exactly the process on screen and the one waiting, the old one reaped."""
    wait_for(lambda: len(kiosk_processes(kiosk)) == 2 and not any(zombie(pid) for pid in kiosk.processes())
             and sockets(kiosk.process.pid) == 2)  # one channel for each kiosk process, none left of the old one


def sockets(pid: int) -> int:
    folder = Path(f"/proc/{pid}/fd")
    count = 0
    for fd in folder.iterdir():
        with contextlib.suppress(OSError):  # closed between the listing and the reading
            count += os.readlink(fd).startswith("socket:")
    return count


def zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return False


def wait_for(condition, within_s: float = 30.0) -> None:
    deadline = time.monotonic() + within_s
    while not condition():
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.1)


def outcomes(kiosk: SupervisedKiosk) -> list[str]:
    database = kiosk.home / "data" / "commune-kiosk" / "statistics.sqlite3"
    with sqlite3.connect(database) as connection:
        return [row[0] for row in connection.execute("SELECT outcome FROM sessions ORDER BY id")]


def test_after_a_citizen_no_kiosk_process_and_no_file_holds_what_they_typed(start):
    citizen = a_citizen()
    began = time.time()
    kiosk = start([{"scan": True, "portal": True, "keyboard": True, "submit": True, "end": "citizen"}], citizen,
                  "--size", "1366x768")
    served = int(kiosk.expect("shown 0")[2])
    # Staff PINs set, as on a real kiosk: the on-screen keyboard still comes up on a portal field (issue 20, trap 0).
    kiosk.expect("typed on the on-screen keyboard", timeout=300)
    kiosk.expect("visit 0 done", timeout=300)
    successor = int(kiosk.expect("shown 1")[2])
    kiosk.expect("idle 1")
    assert gone(served), "the process that served the citizen is still there"
    settled(kiosk)  # the next one is built again, hidden

    # The next attract screen was on screen before the old process left: never a blank screen between.
    log = kiosk.log()
    audit = (kiosk.home / "state" / "commune-kiosk" / "log" / "audit.log").read_text(encoding="utf-8")
    assert stamp(log, f"kiosk process {successor} on screen") <= stamp(audit, "kiosk exited \\(handed over\\)")
    assert re.search(r"handover 1 in \d+ ms", log)

    forms = forms_of(*citizen.values())
    for pid in kiosk.processes():
        assert found_in_memory(pid, forms) == [], f"process {pid} ({Path(f'/proc/{pid}/comm').read_text().strip()})"
    roots = [kiosk.home, Path("/tmp"), Path("/var/tmp"), Path("/dev/shm")]
    leaks = [str(path) for path in files_under(*roots, since=began)
             if any(holds(path, form) for form in forms.values())]
    assert leaks == []
    assert outcomes(kiosk) == ["submitted"]
    assert citizen["name"] not in log and citizen["number"] not in log


@pytest.mark.expected_log_errors
def test_a_killed_kiosk_process_is_replaced_and_its_citizen_counts_as_interrupted(start, tmp_path):
    citizen = a_citizen()
    temp = tmp_path / "kiosk" / "tmp"
    for name in ("commune-kiosk-Ab12Cd", "kiosk-sane-x1y2z3"):  # what a run of an older version left behind
        (temp / name).mkdir(parents=True)
    kiosk = start([{"portal": True, "end": "hold"}], citizen, "--size", "1920x1080")
    killed = int(kiosk.expect("shown 0")[2])
    kiosk.expect("holding 0", timeout=180)
    # The scan finds the citizen where they are (so its empty answers below mean something).
    assert f"{citizen['number']} utf-16" in found_in_memory(killed, forms_of(citizen["number"]))
    sessions = kiosk.home / "runtime" / "commune-kiosk" / "sessions"
    held = [folder.name for folder in sessions.iterdir() if f"-{killed}-" in folder.name]
    assert held and any((sessions / held[0]).iterdir())

    os.kill(killed, signal.SIGKILL)
    kiosk.expect("shown 1", timeout=30)
    kiosk.expect("idle 1")
    assert gone(killed)
    settled(kiosk)
    assert not any(f"-{killed}-" in folder.name for folder in sessions.iterdir())
    assert outcomes(kiosk) == ["interrupted"]
    helpers = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in kiosk.processes()]
    assert not any(b"QtWebEngineProcess" in command for command in helpers)  # the killed one's went with it
    forms = forms_of(*citizen.values())
    for pid in kiosk.processes():
        assert found_in_memory(pid, forms) == []
    assert f"the active kiosk process stopped (exit -{signal.SIGKILL})" in kiosk.log()
    # Every temp file of a kiosk process is in its own folder in RAM, gone with it: the system temp folder holds
    # nothing of the killed run, and the older run's folders were cleared at the first start.
    assert list(temp.iterdir()) == []


def test_thirty_citizens_in_a_row_leave_memory_processes_and_folders_flat(start):
    ends = ("citizen", "staff", "timeout")
    kiosk = start([{"end": ends[number % 3]} for number in range(30)], a_citizen(), "--size", "1920x1080")
    samples = {}
    for number in range(30):
        kiosk.expect(f"visit {number} done", timeout=120)
        if number in (5, 29):
            kiosk.expect(f"shown {number + 1}")
            settled(kiosk)
            children = kiosk_processes(kiosk)
            samples[number] = {
                "supervisor_kb": rss_kb(kiosk.process.pid),
                "supervisor_fds": len(os.listdir(f"/proc/{kiosk.process.pid}/fd")),
                "processes": len(kiosk.processes()),
                "kiosk_kb": max(rss_kb(pid) for pid in children),
            }
    early, late = samples[5], samples[29]
    assert late["supervisor_kb"] - early["supervisor_kb"] < 4096
    assert late["supervisor_fds"] == early["supervisor_fds"]
    assert late["processes"] == early["processes"]
    assert late["kiosk_kb"] < early["kiosk_kb"] * 1.25
    sessions = kiosk.home / "runtime" / "commune-kiosk" / "sessions"

    def owners() -> list[int]:
        return sorted(int(folder.name.split("-")[1]) for folder in sessions.iterdir())

    # A folder for the kiosk process on screen and one for the process waiting (once it has claimed it), no more.
    wait_for(lambda: owners() == sorted(kiosk_processes(kiosk)))
    assert outcomes(kiosk) == [("abandoned", "handed_to_officer", "timed_out")[n % 3] for n in range(30)]
    assert len(re.findall(r"handover \d+ in \d+ ms", kiosk.log())) == 30
