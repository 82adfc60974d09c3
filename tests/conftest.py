"""Shared test set-up: private XDG folders, a fail-on-error-log guard, and the kiosk shell fixture."""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Keep every test away from the real user's config, logs, cache and runtime folders.
_HOME = Path(tempfile.mkdtemp(prefix="kiosk-tests-"))
for _name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
    os.environ[_name] = str(_HOME / _name.lower())
os.environ["KIOSK_SITE_CONFIG"] = str(_HOME / "no-site-config.toml")

os.environ.pop("XDG_RUNTIME_DIR", None)


from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402

from ui.app import prepare_environment  # noqa: E402

prepare_environment()  # the same QtWebEngine environment as the kiosk itself

# QtWebEngine, loaded later by the portal browser, needs this before the QApplication exists.
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


class _ProblemCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def fail_on_problem_logs(request: pytest.FixtureRequest):
    """Any WARNING or ERROR log record fails the test (a page script error is one), unless the test is marked
    `expected_log_warnings` (warnings only) or `expected_log_errors` (both): it provokes them on purpose."""
    collector = _ProblemCollector()
    logging.getLogger().addHandler(collector)
    yield collector
    logging.getLogger().removeHandler(collector)
    allowed = logging.WARNING
    if request.node.get_closest_marker("expected_log_warnings") is not None:
        allowed = logging.ERROR
    if request.node.get_closest_marker("expected_log_errors") is not None:
        allowed = logging.CRITICAL + 1
    problems = [record for record in collector.records if record.levelno >= allowed]
    if problems:
        lines = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in problems)
        pytest.fail(f"unexpected log lines:\n{lines}")


@pytest.fixture(autouse=True)
def fresh_pin_pad():
    """Wrong PINs and a locked pad outlive a kiosk process (kiosk/admin_pin.py); not one test."""
    yield
    from kiosk import paths
    from kiosk.admin_pin import PIN_STATE_FILE

    (paths.default_data_dir() / PIN_STATE_FILE).unlink(missing_ok=True)


class FakeClock:
    """A monotonic clock the test moves forward by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def write_config(tmp_path: Path):
    """Write a config file whose session folders live under tmp_path; returns its path."""

    def write(extra: str = "") -> Path:
        path = tmp_path / "kiosk.toml"
        sessions = tmp_path / "sessions"
        path.write_text(f'[session]\nroot_dir = "{sessions}"\n{extra}', encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_shell(qtbot, clock: FakeClock):
    """Build the real shell (window, screens, lockdown) from a config file, shown on the Xvfb screen."""
    from kiosk.cli import build_parser
    from kiosk.config import load_layers
    from ui.app import application, build_shell

    shells = []

    def make(config: Path, *flags: str):
        args = build_parser().parse_args(["--config", str(config), *flags])
        app = application()
        shell = build_shell(app, args, load_layers(None, config), clock=clock)
        qtbot.addWidget(shell.window)
        shell.window.restore()
        qtbot.waitExposed(shell.window)
        shells.append(shell)
        return shell

    yield make
    for shell in shells:
        shell.shutdown()
        shell.window.exit_allowed = True
        shell.window.close()
    # Collect the shell's reference cycles here, on the GUI thread: left to chance, Python's
    # collector may run them in a server thread, where Qt refuses to stop their timers.
    shells.clear()
    gc.collect()


@pytest.fixture
def cups(monkeypatch):
    """A running private cupsd (tests/cups_server.py) with one cups-pdf queue, `receipts`, as CUPS's default
    destination, and CUPS_SERVER pointing at it."""
    from tests.cups_server import private_cups

    with private_cups() as server:
        monkeypatch.setenv("CUPS_SERVER", str(server.socket))
        server.add_pdf_queue("receipts", default=True)
        yield server


@pytest.fixture(scope="session")
def rendered_videos(qapp, tmp_path_factory):  # noqa: ARG001 - the recording needs the QApplication
    """The tutorial videos recorded from the practice portal and rendered once for the test run, as `make videos`
    does (QtWebEngine + espeak-ng + ffmpeg, ~30 s): their manifest's path."""
    from ui.tutorial.render import render

    out = tmp_path_factory.mktemp("videos")
    render(out)
    return out / "manifest.toml"


def pytest_unconfigure() -> None:
    """The run's private home goes with it (each run made one in /tmp and left it there)."""
    shutil.rmtree(_HOME, ignore_errors=True)
