"""Fixtures for the printing tests: a private, real cupsd (tests/cups_server.py) per test, with CUPS_SERVER set."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.cups_server import CupsServer


@pytest.fixture
def cups(monkeypatch):
    """A running private cupsd with one cups-pdf queue, `receipts`, as CUPS's default destination. Its folder is
    not pytest's tmp_path: cupsd's filters run as user lp, who cannot enter root's private pytest folders."""
    folder = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
    server = CupsServer(folder).start()
    monkeypatch.setenv("CUPS_SERVER", str(server.socket))
    try:
        server.add_pdf_queue("receipts", default=True)
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder)
