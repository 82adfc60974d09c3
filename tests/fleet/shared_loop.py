"""Many MQTT clients served by a few threads: hundreds of simulated kiosks in one process (bench/fleet.py).

paho's own loop (`loop_start()`, one thread a client) waits in select(), which cannot watch a descriptor numbered
1024 or more; a simulated kiosk holds about nine (two SQLite files with their WAL and shared memory, the socket), so
the 114th kiosk's connection failed. Here each `SharedLoop` thread waits in the platform's selector (epoll) for its
clients' sockets and drives them through paho's external-loop calls (`loop_read`, `loop_write`, `loop_misc`), as
paho documents for an application's own event loop; `Loops` spreads clients over a fixed number of them.

Every selector change happens on the loop's own thread: other threads (a kiosk's agent publishing) only wake it.
A client whose socket closes is reconnected at most once a second until it is released; a released client is
disconnected on the loop's thread, and `release()` returns once its DISCONNECT is written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import resource
import selectors
import socket
import threading
import time
from typing import Any

import paho.mqtt.client as mqtt

WAIT_S = 0.2  # the longest a loop sleeps: releases and reconnects are looked at this often
MISC_EVERY_S = 1.0  # keep-alive pings and timeouts (paho's loop_misc), as paho's own loop does
RETRY_S = 1.0
RELEASE_S = 5.0


@dataclasses.dataclass
class Served:
    """One client as its loop sees it."""

    client: mqtt.Client
    sock: Any = None  # the socket registered in the selector, if any
    writing: bool = False
    released: bool = False
    next_try: float = 0.0
    gone: threading.Event = dataclasses.field(default_factory=threading.Event)  # set once no longer served


class SharedLoop:
    """One thread and one selector for any number of clients; `close()` after every client is released."""

    def __init__(self, name: str) -> None:
        self._selector = selectors.DefaultSelector()
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self._wake_write.setblocking(False)
        self._selector.register(self._wake_read, selectors.EVENT_READ, None)
        self._lock = threading.Lock()
        self._arriving: list[mqtt.Client] = []
        self._released: dict[int, threading.Event] = {}
        self._served: dict[int, Served] = {}
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def attach(self, made: mqtt.Client) -> None:
        """Connect `made` (after `connect_async()`) on this loop's thread and keep it connected."""
        made.on_socket_register_write = self._wake
        with self._lock:
            self._arriving.append(made)
        self._wake()

    def release(self, made: mqtt.Client) -> None:
        """Disconnect `made` and stop serving it; returns once its DISCONNECT is written (RELEASE_S at most)."""
        gone = threading.Event()
        with self._lock:
            self._released[id(made)] = gone
        self._wake()
        gone.wait(RELEASE_S)

    def close(self) -> None:
        """End the thread and let go of the selector (every client released first)."""
        self._stopping.set()
        self._wake()
        self._thread.join(timeout=10)
        self._selector.close()
        self._wake_read.close()
        self._wake_write.close()

    def _wake(self, *_args: object) -> None:
        with contextlib.suppress(OSError):  # BlockingIOError: already awake (the buffer is full); or closing
            self._wake_write.send(b"x")

    def _run(self) -> None:
        misc_at = time.monotonic()
        while not self._stopping.is_set():
            self._update()
            pending = any(getattr(served.sock, "pending", lambda: 0)() for served in self._served.values()
                          if served.sock is not None)
            for key, mask in self._selector.select(0 if pending else WAIT_S):
                if key.data is None:
                    self._drain()
                    continue
                served = key.data
                if mask & selectors.EVENT_WRITE and served.client.socket() is served.sock:
                    served.client.loop_write()
                if mask & selectors.EVENT_READ and served.client.socket() is served.sock:
                    served.client.loop_read()
            for served in self._served.values():  # TLS may hold decrypted bytes the socket no longer signals
                if served.sock is not None and served.client.socket() is served.sock \
                        and getattr(served.sock, "pending", lambda: 0)():
                    served.client.loop_read()
            if time.monotonic() - misc_at >= MISC_EVERY_S:
                misc_at = time.monotonic()
                for served in self._served.values():
                    if served.client.socket() is not None:
                        served.client.loop_misc()

    def _drain(self) -> None:
        try:
            while self._wake_read.recv(4096):
                pass
        except BlockingIOError:
            pass

    def _update(self) -> None:
        """Bring the selector up to date with the clients' sockets: forget closed ones first (their descriptor
        numbers may come back for a new socket), then register new ones and reconnect lost ones."""
        self._take_requests()
        for served in self._served.values():
            if served.sock is not None and served.client.socket() is not served.sock:
                self._selector.unregister(served.sock)
                served.sock = None
        for key, served in list(self._served.items()):
            self._register(key, served)

    def _take_requests(self) -> None:
        """Clients attached or released since the last turn (by other threads)."""
        with self._lock:
            for made in self._arriving:
                self._served[id(made)] = Served(made)
            self._arriving.clear()
            for key, gone in self._released.items():
                served = self._served.get(key)
                if served is None:
                    gone.set()
                elif not served.released:
                    served.released, served.gone = True, gone
                    served.client.disconnect()  # queued here; written below, and then paho closes the socket
            self._released.clear()

    def _register(self, key: int, served: Served) -> None:
        """Watch the client's socket for reading, and for writing while paho has something to send; reconnect a
        lost client (once a second at most) and drop a released one whose socket has closed."""
        sock = served.client.socket()
        if sock is None:
            if served.released:
                del self._served[key]
                served.gone.set()
                return
            if time.monotonic() < served.next_try:
                return
            served.next_try = time.monotonic() + RETRY_S
            try:
                served.client.reconnect()
            except OSError:
                return  # the broker is away: next try in a second
            sock = served.client.socket()
            if sock is None:
                return
        writing = served.client.want_write()
        events = selectors.EVENT_READ | (selectors.EVENT_WRITE if writing else 0)
        if served.sock is None:
            self._selector.register(sock, events, served)
            served.sock, served.writing = sock, writing
        elif writing != served.writing:
            self._selector.modify(sock, events, served)
            served.writing = writing


def allow_open_files(needed: int) -> tuple[int, int]:
    """Raise this process's open-file limit (most systems start at 1024) to at least `needed`; returns the limits
    before, to put back. Fails when the machine's hard limit is lower."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if needed > hard:
        raise RuntimeError(f"{needed} open files are needed; this machine allows {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, needed), hard))
    return soft, hard


class Loops:
    """A fixed number of `SharedLoop`s; each client attached goes to the next one in turn."""

    def __init__(self, count: int) -> None:
        self._loops = [SharedLoop(f"mqtt loop {number}") for number in range(count)]
        self._by_client: dict[int, SharedLoop] = {}
        self._next = 0

    def attach(self, made: mqtt.Client) -> None:
        """Serve `made` on the next loop."""
        loop = self._loops[self._next % len(self._loops)]
        self._next += 1
        self._by_client[id(made)] = loop
        loop.attach(made)

    def release(self, made: mqtt.Client) -> None:
        """Disconnect `made` on whichever loop serves it (see `SharedLoop.release`)."""
        self._by_client[id(made)].release(made)

    def close(self) -> None:
        """End every loop."""
        for loop in self._loops:
            loop.close()
