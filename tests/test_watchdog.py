"""systemd's notify protocol: READY=1 once the kiosk is on screen, WATCHDOG=1 from the GUI thread of the process on
screen only, and no ping while that thread is blocked.

The end-to-end test plays systemd: it makes the datagram socket, starts the supervised kiosk with `NOTIFY_SOCKET`
and `WATCHDOG_USEC` set, and reads who says what (SO_PASSCRED gives the sender's pid, as systemd gets it).
"""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import statistics
import struct
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from kiosk.watchdog import Notifier
from tests.citizen_process import write_plan
from tests.kiosk_processes import SupervisedKiosk, kiosk_environment

ROOT = Path(__file__).resolve().parents[1]
WATCHDOG_USEC = 1_000_000  # pings every 0.5 s
FREEZE_S = 4.0


@dataclasses.dataclass(frozen=True)
class Said:
    """One datagram to the notify socket."""

    pid: int
    text: str
    at: float


class FakeSystemd:
    """The service manager's end of the notify protocol."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.end = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.end.bind("\0" + address[1:] if address.startswith("@") else address)
        self.end.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.heard: list[Said] = []

    def listen(self, seconds: float) -> list[Said]:
        """Everything said within `seconds`."""
        heard: list[Said] = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            said = self._receive(left)
            if said is not None:
                heard.append(said)
        return heard

    def wait_for(self, start: str, seconds: float) -> Said:
        """The first datagram beginning with `start`."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            said = self._receive(left)
            if said is not None and said.text.startswith(start):
                return said
        raise AssertionError(f"no {start!r} within {seconds:.0f} s; heard {[s.text for s in self.heard[-5:]]}")

    def _receive(self, timeout: float) -> Said | None:
        self.end.settimeout(timeout)
        try:
            data, ancillary, _flags, _address = self.end.recvmsg(4096, socket.CMSG_SPACE(12))
        except TimeoutError:
            return None
        pid = 0
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid = struct.unpack("iII", payload[:12])[0]
        said = Said(pid, data.decode("utf-8"), time.monotonic())
        self.heard.append(said)
        return said

    def close(self) -> None:
        self.end.close()


@pytest.fixture
def systemd(tmp_path):
    listener = FakeSystemd(str(tmp_path / "notify"))
    yield listener
    listener.close()


def test_states_go_to_a_path_socket_in_one_datagram(systemd):
    notifier = Notifier(systemd.address, watchdog_usec=30_000_000)
    assert notifier.ready("on screen") and notifier.ping()
    first, second = systemd.listen(0.2)
    assert (first.text, second.text) == ("READY=1\nSTATUS=on screen", "WATCHDOG=1")
    assert first.pid == os.getpid()
    assert notifier.ping_interval_ms == 15_000


def test_an_abstract_socket_is_written_with_an_at_sign():
    listener = FakeSystemd(f"@kiosk-test-{uuid.uuid4().hex}")
    try:
        assert Notifier(listener.address).ping()
        assert [said.text for said in listener.listen(0.2)] == ["WATCHDOG=1"]
    finally:
        listener.close()


def test_no_socket_no_notifier_and_the_children_do_not_inherit_it(monkeypatch, tmp_path):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert Notifier.from_environment() is None
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "notify"))
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    monkeypatch.setenv("WATCHDOG_PID", "1")
    notifier = Notifier.from_environment()
    assert notifier is not None and notifier.ping_interval_ms == 15_000
    assert not {"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"} & set(os.environ)


def test_a_gone_service_manager_is_not_an_error(tmp_path):
    assert not Notifier(str(tmp_path / "nobody")).ping()


def _pings(heard: list[Said]) -> list[Said]:
    return [said for said in heard if said.text == "WATCHDOG=1"]


def _kiosk_processes_started(home: Path) -> int:
    log = home / "state" / "commune-kiosk" / "log" / "kiosk.log"
    return log.read_text(encoding="utf-8").count("kiosk started (") if log.exists() else 0


def test_the_kiosk_on_screen_pings_from_its_gui_thread_and_stops_when_it_freezes(tmp_path):
    systemd = FakeSystemd(f"@kiosk-test-{uuid.uuid4().hex}")  # abstract, as systemd names it
    home = tmp_path / "kiosk"
    env = kiosk_environment(home) | {"NOTIFY_SOCKET": systemd.address, "WATCHDOG_USEC": str(WATCHDOG_USEC),
                                     "KIOSK_TEST_FREEZE": str(FREEZE_S)}
    started = time.monotonic()
    supervisor = subprocess.Popen([sys.executable, "-m", "kiosk", "--windowed", "--practice"], env=env, cwd=ROOT,
                                  stdout=(home / "stdout.txt").open("wb"), stderr=(home / "stderr.txt").open("wb"))
    try:
        ready = systemd.wait_for("READY=1", 90)
        on_screen = ready.pid
        print(f"process start -> READY=1: {ready.at - started:.2f} s")
        assert on_screen not in (0, supervisor.pid)  # a kiosk process, not the supervisor
        assert f"STATUS=kiosk process {on_screen} on screen" in ready.text

        deadline = time.monotonic() + 60  # the waiting process is built and hidden: it must stay silent
        while _kiosk_processes_started(home) < 2:
            assert time.monotonic() < deadline, "no waiting kiosk process was built"
            systemd.listen(0.5)
        pings = _pings(systemd.listen(3.0))
        assert {said.pid for said in systemd.heard} == {on_screen}
        gaps = [b.at - a.at for a, b in zip(pings, pings[1:], strict=False)]
        assert len(pings) >= 4 and 0.35 < statistics.median(gaps) < 0.8, gaps

        os.kill(on_screen, signal.SIGUSR1)  # its GUI thread sleeps FREEZE_S: the pings must stop meanwhile
        frozen_at = time.monotonic()
        during = [round(said.at - frozen_at, 2) for said in _pings(systemd.listen(FREEZE_S + 2.0))]
        # Python runs the handler at the GUI thread's next Python call (a ping, or app.py's 0.5 s wake timer).
        assert [at for at in during if 0.8 < at < FREEZE_S - 0.2] == [], during
        assert during and during[-1] > FREEZE_S, during  # and they come back with the event loop

        os.kill(on_screen, signal.SIGKILL)  # the supervisor puts the waiting process on screen: it takes over
        successor = systemd.wait_for("READY=1", 60)
        assert successor.pid not in (0, on_screen, supervisor.pid)
        after = _pings(systemd.listen(2.0))
        assert after and {said.pid for said in after} == {successor.pid}
        assert supervisor.pid not in {said.pid for said in systemd.heard}
    finally:
        supervisor.terminate()
        supervisor.wait(timeout=60)
        systemd.close()


def test_after_a_citizen_leaves_the_process_that_takes_the_screen_takes_the_pings(tmp_path, systemd):
    config = tmp_path / "kiosk.toml"
    config.write_text("[scanner]\nsane_backends = []\n", encoding="utf-8")
    plan = write_plan(tmp_path / "plan", [{}], {"name": "-", "number": "-", "phone": "-"})  # tap in, then leave
    kiosk = SupervisedKiosk(tmp_path / "kiosk", plan | {"NOTIFY_SOCKET": systemd.address,
                                                        "WATCHDOG_USEC": str(WATCHDOG_USEC)},
                            "--practice", "--config", str(config))
    try:
        served = int(kiosk.expect("shown 0")[2])
        assert systemd.wait_for("READY=1", 60).pid == served
        kiosk.expect("visit 0 done")
        successor = int(kiosk.expect("shown 1")[2])
        assert systemd.wait_for("READY=1", 60).pid == successor
        deadline = time.monotonic() + 30
        while Path(f"/proc/{served}").exists():  # it leaves once the successor is on screen
            assert time.monotonic() < deadline, "the process that served the citizen is still there"
            systemd.listen(0.2)
        systemd.listen(0.3)  # what it said before it left
        after = _pings(systemd.listen(2.0))
        assert len(after) >= 3 and {said.pid for said in after} == {successor}
        assert {said.pid for said in systemd.heard} == {served, successor}  # never the supervisor nor a waiting one
    finally:
        assert kiosk.stop() == 0
