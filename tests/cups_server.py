"""A private, real CUPS scheduler for tests: its own ServerRoot, spool, logs and a Unix socket in a temporary
folder, a cups-pdf queue whose PDFs land in that folder, and `CUPS_SERVER` pointing at it (no systemd, nothing of
the machine's own CUPS touched, except cups-pdf's per-queue config, which cups-pdf reads only from /etc/cups).

The scheduler runs the settings shipped in installer/cupsd-kiosk.conf.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KIOSK_SETTINGS = REPO / "installer" / "cupsd-kiosk.conf"
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd")
CUPS_PDF_CONFIGS = Path("/etc/cups")
SYSTEM_SERVER_BIN = Path("/usr/lib/cups")
# A backend as a printer out of paper answers: it says so (STATE: +media-empty-error, as the usb and ipp backends
# relay a printer's report) and fails the job, which stops the queue (ErrorPolicy stop-printer).
PAPER_OUT_BACKEND = """#!/bin/sh
if [ $# -eq 0 ]; then echo 'direct paperout "Unknown" "Test printer out of paper"'; exit 0; fi
cat >/dev/null
echo "STATE: +media-empty-error" >&2
echo "ERROR: Out of paper" >&2
exit 1
"""
START_LIMIT_S = 10.0


class CupsServer:
    """`start()` runs cupsd in the foreground as a child; `stop()` ends it and removes what it made outside."""

    def __init__(self, folder: Path, refuse_purge: bool = False) -> None:
        """`refuse_purge`: Purge-Jobs only for CUPS's SystemGroup, as in CUPS's default policy (the kiosk's user is
        not in it)."""
        self.folder = folder
        self.refuse_purge = refuse_purge
        self.socket = folder / "cups.sock"
        self.out = folder / "pdf-out"  # cups-pdf's output: the "paper tray" the tests read
        self.instance = f"kiosktest{uuid.uuid4().hex[:8]}"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        """The environment a CUPS client needs to talk to this scheduler."""
        return {**os.environ, "CUPS_SERVER": str(self.socket), "LC_ALL": "C"}

    def start(self) -> CupsServer:
        """Write the configuration and start cupsd; returns once it answers."""
        root, spool = self.folder / "root", self.folder / "spool"
        self.folder.chmod(0o755)  # cupsd runs its filters as user lp: they read the spool inside this folder
        for folder in (root, spool / "tmp", self.folder / "cache", self.folder / "state", self.folder / "log",
                       self.out, self.folder / "pdf-spool"):
            folder.mkdir(parents=True, exist_ok=True)
        log = self.folder / "log"
        server_bin = self._server_bin()
        (root / "cups-files.conf").write_text(
            f"ServerBin {server_bin}\nServerRoot {root}\nRequestRoot {spool}\nTempDir {spool / 'tmp'}\nCacheDir {self.folder / 'cache'}\n"
            f"StateDir {self.folder / 'state'}\nPrintcap {self.folder / 'printcap'}\n"
            f"AccessLog {log / 'access_log'}\nErrorLog {log / 'error_log'}\nPageLog {log / 'page_log'}\n")
        (root / "cupsd.conf").write_text(
            f"Listen {self.socket}\nLogLevel info\nBrowsing No\nWebInterface No\n"
            + KIOSK_SETTINGS.read_text()
            + "<Location />\n Order allow,deny\n Allow all\n</Location>\n"
            "<Policy default>\n"
            + (" <Limit Purge-Jobs>\n  AuthType Default\n  Require user @SYSTEM\n </Limit>\n" if self.refuse_purge
               else "")
            + " <Limit All>\n  Order allow,deny\n  Allow all\n </Limit>\n</Policy>\n")
        # cups-pdf reads /etc/cups/cups-pdf-<instance>.conf for a queue whose device is cups-pdf:/<instance>.
        self.cups_pdf_config.write_text(
            f"Out {self.out}\nAnonDirName {self.out}\nSpool {self.folder / 'pdf-spool'}\nLog {log}\n"
            "UserUMask 0077\n")
        self.process = subprocess.Popen(["cupsd", "-f", "-c", str(root / "cupsd.conf"), "-s",
                                         str(root / "cups-files.conf")],
                                        stdout=subprocess.DEVNULL, stderr=(log / "stderr").open("wb"))
        deadline = time.monotonic() + START_LIMIT_S
        while "scheduler is running" not in self.tool("lpstat", "-r").stdout:
            assert self.process.poll() is None, (log / "stderr").read_text()
            assert time.monotonic() < deadline, "cupsd did not answer"
            time.sleep(0.05)
        return self

    def _server_bin(self) -> Path:
        """The system's filters and backends, plus the out-of-paper backend."""
        server_bin = self.folder / "server-bin"
        backends = server_bin / "backend"
        backends.mkdir(parents=True, exist_ok=True)
        for part in SYSTEM_SERVER_BIN.iterdir():
            if part.name != "backend":
                (server_bin / part.name).symlink_to(part)
        for backend in (SYSTEM_SERVER_BIN / "backend").iterdir():
            (backends / backend.name).symlink_to(backend)
        paper_out = backends / "paperout"
        paper_out.write_text(PAPER_OUT_BACKEND)
        paper_out.chmod(0o755)
        return server_bin

    def add_paper_out_queue(self, name: str) -> str:
        """A queue whose printer is out of paper (it reports so when a job reaches it)."""
        self.tool("lpadmin", "-p", name, "-E", "-v", "paperout:/", "-m", "raw", check=True)
        return name

    @property
    def cups_pdf_config(self) -> Path:
        return CUPS_PDF_CONFIGS / f"cups-pdf-{self.instance}.conf"

    def add_pdf_queue(self, name: str, default: bool = False) -> str:
        """A cups-pdf queue, enabled and accepting; CUPS's default destination when `default`."""
        self.tool("lpadmin", "-p", name, "-E", "-v", f"cups-pdf:/{self.instance}", "-P", str(CUPS_PDF_PPD),
                  check=True)
        if default:
            self.tool("lpadmin", "-d", name, check=True)
        return name

    def tool(self, *command: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        """Run a CUPS tool against this scheduler."""
        return subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=10, check=check)

    def printed(self, count: int = 1, limit_s: float = 20.0) -> list[Path]:
        """Wait for `count` PDFs in cups-pdf's output (gs writes them a moment after CUPS's 'completed')."""
        deadline = time.monotonic() + limit_s
        while True:
            done = sorted(path for path in self.out.iterdir() if path.suffix == ".pdf")
            if len(done) >= count and all(path.stat().st_size > 0 for path in done):
                return done
            assert time.monotonic() < deadline, f"cups-pdf wrote {len(done)} of {count} PDFs"
            time.sleep(0.1)

    def jobs_left(self) -> str:
        """Every job CUPS still knows on any queue, ended ones included ('' when none)."""
        return self.tool("lpstat", "-W", "all", "-o").stdout

    def spool_files(self) -> list[str]:
        """What the scheduler keeps in its spool (job control files cNNNNN, documents dNNNNN-NNN)."""
        return sorted(path.name for path in (self.folder / "spool").iterdir() if path.name != "tmp")

    def stop(self) -> None:
        """End cupsd (SIGTERM, as systemd would) and remove the cups-pdf config."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with contextlib.suppress(FileNotFoundError):
            self.cups_pdf_config.unlink()


@contextlib.contextmanager
def private_cups(refuse_purge: bool = False) -> Iterator[CupsServer]:
    """A started CupsServer in a folder of its own, removed afterwards. Not under pytest's tmp_path: cupsd's
    filters run as user lp, who cannot enter root's private pytest folders."""
    folder = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
    server = CupsServer(folder, refuse_purge)
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(folder)
