"""The supervised kiosk as a technician starts it, for tests and bench/soak.py: its processes, output and memory."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 16 * 1024 * 1024


class SupervisedKiosk:
    """`python -m kiosk.supervisor python -m tests.citizen_process ARGS` with its own HOME and XDG folders."""

    def __init__(self, home: Path, environment: dict[str, str], *kiosk_args: str, single_process: bool = False,
                 windowed: bool = True) -> None:
        self.home = home
        home.mkdir(parents=True, exist_ok=True)
        self.env = kiosk_environment(home) | environment
        kiosk = [sys.executable, "-m", "tests.citizen_process", *(["--windowed"] if windowed else []), *kiosk_args]
        # single_process: the kiosk as one process serving everyone (the baseline bench/soak.py compares with)
        command = [*kiosk, "--single-process"] if single_process else [sys.executable, "-m", "kiosk.supervisor", *kiosk]
        self.process = subprocess.Popen(command, env=self.env, cwd=ROOT, stdout=subprocess.PIPE,
                                        stderr=(home / "stderr.txt").open("wb"), text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.tolerate_failures = False  # a visit the script could not finish fails `expect` (bench/soak.py goes on)
        self.said: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.strip())

    def expect(self, start: str, timeout: float = 120.0) -> list[str]:
        """Wait for an output line beginning with `start`; its words."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {start!r} within {timeout:.0f} s; the kiosk said {self.said[-10:]}")
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            self.said.append(line)
            if line.startswith(start):
                return line.split()
            if " failed: " in line and not self.tolerate_failures:
                raise AssertionError(f"the scripted citizen could not go on: {line}")

    def log(self) -> str:
        folder = self.home / "state" / "commune-kiosk" / "log"
        return "".join(path.read_text(encoding="utf-8") for path in sorted(folder.glob("kiosk.log*")))

    def processes(self) -> list[int]:
        """The supervisor and every process below it (kiosk processes, QtWebEngine, scanner workers)."""
        return [self.process.pid, *descendants(self.process.pid)]

    def stop(self) -> int:
        self.process.terminate()
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


def kiosk_environment(home: Path) -> dict[str, str]:
    """A fresh HOME, XDG folders, temp folder and runtime folder (the session folders go there, as on a kiosk)."""
    runtime = home / "runtime"
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    (home / "tmp").mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(home / "home"), "XDG_RUNTIME_DIR": str(runtime), "TMPDIR": str(home / "tmp"),
           "KIOSK_SITE_CONFIG": str(home / "no-site.toml")}
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        env[name] = str(home / name.lower().removeprefix("xdg_").removesuffix("_home"))
    (home / "home").mkdir(exist_ok=True)
    return env


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def without_marks(text: str) -> str:
    """"Nguyễn Đức" → "Nguyen Duc": how a name is typed without Vietnamese marks."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


def forms_of(*texts: str) -> dict[str, bytes]:
    """Each text as it may sit in memory: UTF-8 and UTF-16, with and without diacritics."""
    forms: dict[str, bytes] = {}
    for text in texts:
        for variant in dict.fromkeys((text, without_marks(text), unicodedata.normalize("NFD", text))):
            forms[f"{variant} utf-8"] = variant.encode()
            forms[f"{variant} utf-16"] = variant.encode("utf-16-le")
    return forms


def regions(pid: int) -> Iterator[tuple[int, int]]:
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        span, permissions = line.split()[:2]
        if permissions.startswith("r"):
            start, end = (int(part, 16) for part in span.split("-"))
            yield start, end


def found_in_memory(pid: int, forms: dict[str, bytes]) -> list[str]:
    """The forms found anywhere in the process's readable memory."""
    found: set[str] = set()
    longest = max(len(form) for form in forms.values())
    with open(f"/proc/{pid}/mem", "rb", buffering=0) as memory:
        for start, end in regions(pid):
            position, tail = start, b""
            while position < end:
                try:
                    memory.seek(position)
                    data = memory.read(min(CHUNK, end - position))
                except (OSError, OverflowError, ValueError):
                    break
                if not data:
                    break
                window = tail + data
                found.update(name for name, form in forms.items() if form in window)
                tail = window[-longest:]
                position += len(data)
    return sorted(found)
