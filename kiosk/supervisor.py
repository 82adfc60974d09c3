"""The supervisor: a fresh kiosk process for each citizen, with the next one always built and waiting.

It starts the kiosk processes, shows one, and keeps a second one built but hidden. When the citizen on screen
leaves ("done"), the waiting one takes the screen (its attract screen paints on top of the old window, so the
screen never goes blank), then the old one is told to exit and a new one is built to wait. A kiosk process that
crashes is replaced the same way; its folders are purged and its session counted as interrupted by the next one.
The supervisor holds nothing of a citizen: it only passes the words of kiosk/handover.py.
"""

from __future__ import annotations

import collections
import dataclasses
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from kiosk import log, paths
from kiosk.fleet.runner import start_agent
from kiosk.handover import ENV, Channel, Word

if TYPE_CHECKING:
    from kiosk.config import Config

SHOW_LIMIT_S = 20.0  # a waiting process that does not paint within this is replaced
EXIT_LIMIT_S = 10.0  # a process told to exit that is still there is killed
CRASH_WINDOW_S = 60.0
MAX_CRASHES = 5  # more crashes than this within the window: give up, and let systemd start over
EXIT_FAILED = 1


@dataclasses.dataclass
class Child:
    """One kiosk process and its channel."""

    process: subprocess.Popen[bytes]
    channel: Channel
    ready: bool = False  # built and hidden (said "standing-by")
    asked_at: float | None = None  # when it was told to show
    retiring_since: float | None = None  # when it was told to exit


class Supervisor:
    """Runs kiosk processes `command` one citizen at a time; `run()` returns the exit code."""

    def __init__(self, command: Sequence[str], clock: Callable[[], float] = time.monotonic) -> None:
        self.command = list(command)
        self.clock = clock
        self.active: Child | None = None  # on screen
        self.waiting: Child | None = None  # built (or being built) to take over
        self.retiring: list[Child] = []
        self.handover_since: float | None = None  # the active process said "done" at this time
        self.handover_ms: list[float] = []  # "done" -> the next attract screen painted, for the bench
        self.handovers = 0
        self._crashes: collections.deque[float] = collections.deque()
        self._selector = selectors.DefaultSelector()
        self._stopping = False

    # --- processes -----------------------------------------------------------------------------

    def _spawn(self) -> Child:
        ours, theirs = Channel.pair()
        environment = {**os.environ, ENV: str(theirs.fileno())}
        process = subprocess.Popen(self.command, env=environment, pass_fds=(theirs.fileno(),))
        theirs.close()
        child = Child(process, ours)
        self._selector.register(ours.end, selectors.EVENT_READ, child)
        return child

    def _forget(self, child: Child) -> None:
        self._selector.unregister(child.channel.end)
        child.channel.close()

    def _show(self, child: Child) -> None:
        child.asked_at = self.clock()
        child.channel.send(Word.SHOW)

    def _retire(self, child: Child) -> None:
        child.retiring_since = self.clock()
        child.channel.send(Word.EXIT)
        self.retiring.append(child)

    # --- what the processes say ----------------------------------------------------------------

    def _hear(self, child: Child) -> None:
        words = child.channel.receive()
        for word in words or ():
            if word is Word.STANDING_BY:
                child.ready = True
                if child is self.waiting and (self.active is None or self.handover_since is not None):
                    self._show(child)
            elif word is Word.SHOWN and child is self.waiting:
                self._took_over(child)
            elif word is Word.DONE and child is self.active:
                self.handover_since = self.clock()
                if self.waiting is None:
                    self.waiting = self._spawn()
                elif self.waiting.ready and self.waiting.asked_at is None:
                    self._show(self.waiting)

    def _took_over(self, child: Child) -> None:
        log.supervisor.info("kiosk process %d on screen", child.process.pid)
        if self.handover_since is not None:
            self.handover_ms.append((self.clock() - self.handover_since) * 1000)
            self.handovers += 1
            log.supervisor.info("handover %d in %.0f ms", self.handovers, self.handover_ms[-1])
        if self.active is not None:
            self._retire(self.active)
        self.active, self.waiting, self.handover_since = child, None, None
        self.waiting = self._spawn()  # built while this citizen is served

    # --- time limits and exits -----------------------------------------------------------------

    def _crashed(self, child: Child, role: str) -> bool:
        """Note a crash; True when there have been too many to go on."""
        now = self.clock()
        self._crashes.append(now)
        while self._crashes and now - self._crashes[0] > CRASH_WINDOW_S:
            self._crashes.popleft()
        log.supervisor.error("the %s kiosk process stopped (exit %s)", role, child.process.returncode)
        return len(self._crashes) > MAX_CRASHES

    def _reap(self) -> int | None:
        """Deal with processes that ended; an exit code when the supervisor should end too."""
        for child in [c for c in self.retiring if c.process.poll() is not None]:
            self.retiring.remove(child)
            self._forget(child)
        if self.waiting is not None and self.waiting.process.poll() is not None:
            waiting, self.waiting = self.waiting, None
            self._forget(waiting)
            if self._crashed(waiting, "waiting"):
                return EXIT_FAILED
            self.waiting = self._spawn()
        if self.active is not None and self.active.process.poll() is not None:
            active, self.active, self.handover_since = self.active, None, None
            self._forget(active)
            if active.process.returncode == 0:
                log.supervisor.info("the kiosk was closed; the supervisor ends")
                return 0
            if self._crashed(active, "active"):
                return EXIT_FAILED
            if self.waiting is None:
                self.waiting = self._spawn()
            elif self.waiting.ready:
                self._show(self.waiting)
        return None

    def _check_limits(self) -> None:
        now = self.clock()
        waiting = self.waiting
        if waiting is not None and waiting.asked_at is not None and now - waiting.asked_at > SHOW_LIMIT_S:
            log.supervisor.error("the waiting kiosk process did not show within %.0f s", SHOW_LIMIT_S)
            waiting.process.kill()  # reaped and replaced like a crash
            if self.active is not None and self.handover_since is not None:
                self.handover_since = None
                self.active.channel.send(Word.STAY)
        for child in self.retiring:
            if child.retiring_since is not None and now - child.retiring_since > EXIT_LIMIT_S:
                child.process.kill()

    # --- the loop ------------------------------------------------------------------------------

    def stop(self, *_args: object) -> None:
        """End the loop (SIGTERM, SIGINT): every kiosk process is stopped with it."""
        self._stopping = True

    def run(self) -> int:
        """Serve citizens until the kiosk is closed, stopped or keeps crashing."""
        previous = {number: signal.signal(number, self._on_signal) for number in (signal.SIGTERM, signal.SIGINT)}
        self.waiting = self._spawn()
        code = 0
        try:
            while not self._stopping:
                for key, _events in self._selector.select(timeout=0.2):
                    self._hear(key.data)
                reaped = self._reap()
                if reaped is not None:
                    code = reaped
                    break
                self._check_limits()
        finally:
            self._stop_all()
            for number, handler in previous.items():
                signal.signal(number, handler)
        return code

    def _on_signal(self, _number: int, _frame: FrameType | None) -> None:
        self.stop()

    def _stop_all(self) -> None:
        children = [c for c in (self.active, self.waiting, *self.retiring) if c is not None]
        for child in children:
            if child.process.poll() is None:
                child.process.terminate()
        deadline = self.clock() + EXIT_LIMIT_S
        for child in children:
            try:
                child.process.wait(timeout=max(0.1, deadline - self.clock()))
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()
            self._forget(child)
        self.active, self.waiting, self.retiring = None, None, []



def main(argv: Sequence[str] | None = None, log_dir: Path | None = None, config: Config | None = None) -> int:
    """`python -m kiosk.supervisor COMMAND...`: serve citizens with COMMAND as the kiosk process (tests, benches).
    It logs where the kiosk processes do (`paths.log_dir`). With `config`, it also keeps the province's fleet link
    (kiosk/fleet/runner.py): the supervisor outlives every citizen's process."""
    command = list(sys.argv[1:] if argv is None else argv)
    log.setup_file_logging(log_dir or paths.default_log_dir())
    agent = start_agent(config) if config is not None else None
    try:
        return Supervisor(command).run()
    finally:
        if agent is not None:
            agent.stop()


if __name__ == "__main__":
    sys.exit(main())
