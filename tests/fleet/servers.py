"""Real loopback servers for the fleet tests: an HTTP file server that honours `Range` and can drop the
connection part-way through a file once, and a TCP relay to the broker that can go silent (a cut cable: no FIN,
no RST, nothing), so only the keep-alive can tell."""

from __future__ import annotations

import http.server
import re
import select
import socket
import threading
import time
from pathlib import Path

RANGE = re.compile(r"bytes=(\d+)-$")


class FileServer(http.server.ThreadingHTTPServer):
    """Serves `folder` on 127.0.0.1; `drop_after[name] = n` cuts the next download of `name` after n bytes."""

    daemon_threads = True

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.drop_after: dict[str, int] = {}
        self.requests: list[tuple[str, str]] = []  # (path, Range header or "")
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                name = self.path.lstrip("/")
                path = server.folder / name
                wanted = self.headers.get("Range", "")
                server.requests.append((name, wanted))
                if not path.is_file():
                    self.send_error(404)
                    return
                data = path.read_bytes()
                start = 0
                found = RANGE.match(wanted)
                if found:
                    start = int(found.group(1))
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(data) - start))
                self.end_headers()
                cut = server.drop_after.pop(name, None)
                if cut is not None:
                    self.wfile.write(data[start:start + cut])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                self.wfile.write(data[start:])

            def log_message(self, *_args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{name}"

    def close(self) -> None:
        self.shutdown()
        self.server_close()


class SilentRelay:
    """127.0.0.1:port -> the broker; `go_silent()` stops passing bytes both ways but keeps every socket open."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.silent = threading.Event()
        self.closing = threading.Event()
        self.sockets: list[socket.socket] = []
        self.threads = [threading.Thread(target=self._accept, daemon=True)]
        self.threads[0].start()

    def _accept(self) -> None:
        self.listener.settimeout(0.2)
        while not self.closing.is_set():
            try:
                near, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            far = socket.create_connection(("127.0.0.1", self.target_port))
            self.sockets += [near, far]
            pump = threading.Thread(target=self._pump, args=(near, far), daemon=True)
            self.threads.append(pump)
            pump.start()

    def _pump(self, near: socket.socket, far: socket.socket) -> None:
        pair = {near: far, far: near}
        while not self.closing.is_set():
            ready, _, _ = select.select(list(pair), [], [], 0.1)
            if self.silent.is_set():
                time.sleep(0.05)
                continue  # bytes stay unread in the kernel: a cut cable, not a closed connection
            for sock in ready:
                try:
                    data = sock.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                pair[sock].sendall(data)

    def go_silent(self) -> None:
        self.silent.set()

    def close(self) -> None:
        """Every thread ended before any socket closes: a thread still in select() or recv() on a closed socket's
        number would act on whatever the next test opens under that number (its broker connection, once)."""
        self.closing.set()
        for thread in self.threads:
            thread.join(timeout=5)
        self.listener.close()
        for sock in self.sockets:
            sock.close()
