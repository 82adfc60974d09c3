"""Practice mode without Qt: one running portal, a clean state folder per citizen session."""

from __future__ import annotations

import threading

import requests

from kiosk.config.schema import PracticeSettings
from kiosk.practice_mode import PracticeMode
from kiosk.session import Session


def test_each_session_gets_a_clean_portal_and_loses_it_at_the_end(tmp_path):
    mode = PracticeMode(PracticeSettings())
    first = Session(tmp_path)
    starting = threading.Thread(target=mode.start)  # the kiosk starts it as a background task
    starting.start()
    mode.attach(first)  # possibly before the servers are up: they pick the session up when ready
    starting.join(10)
    assert mode.portal is not None and mode.error is None
    try:
        assert mode.portal.context.store.folder == first.directory / "practice-portal"
        assert (first.directory / "practice-portal" / "practice-portal.sqlite3").exists()
        first.end("citizen")
        assert mode.portal.context.store is None
        assert requests.get(mode.home_url, timeout=5).status_code == 200
        second = Session(tmp_path)
        mode.attach(second)
        assert mode.portal.context.store.folder == second.directory / "practice-portal"
        second.end("timeout")
    finally:
        mode.stop()
    assert mode.portal is None
