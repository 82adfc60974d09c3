"""Simulated kiosks for the fleet tests and bench/fleet.py: each one a data folder with its statistics, the real
`FleetAgent` on it, and a clock the test moves day by day."""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.config.schema import FleetSettings
from kiosk.fleet.agent import FleetAgent
from kiosk.fleet.link import Network
from kiosk.lifecycle import EndReason
from kiosk.stats.database import open_database
from kiosk.stats.recorder import Event, StatsRecorder
from tests.fleet.mosquitto import KIOSK_PASSWORD, PROVINCE, Mosquitto

FIRST_DAY = datetime.date(2026, 11, 2)


def settings(broker: Mosquitto, public_key: str, commune: str, kiosk: str, keepalive_s: int = 2,
             url: str = "") -> FleetSettings:
    return FleetSettings(enabled=True, broker_url=url or broker.url, ca_file=str(broker.ca), username=kiosk,
                         password=KIOSK_PASSWORD, province_key=public_key, province=PROVINCE, commune=commune,
                         kiosk_id=kiosk, keepalive_s=keepalive_s)


def record_day(data: Path, day: datetime.date, sessions: int, seed: int = 0) -> None:
    """`sessions` citizens on `day`, with submissions, help calls, scans and survey answers mixed."""
    picker = random.Random(f"{seed}/{day}")
    database = open_database(data)
    moment = [datetime.datetime.combine(day, datetime.time(8)).timestamp()]
    recorder = StatsRecorder(database, clock=lambda: moment[0])
    for _ in range(sessions):
        moment[0] += picker.randint(60, 900)
        recorder.session_started(False, "vi")
        recorder.step("start")
        if picker.random() < 0.3:
            recorder.event(Event.HELP_CALL)
        recorder.event(Event.PAGES_SCANNED, picker.randint(0, 4))
        if picker.random() < 0.5:
            recorder.submission(f"H{picker.randint(10**8, 10**9)}", "khai_sinh")
        moment[0] += picker.randint(60, 600)
        recorder.session_ended(picker.choice([EndReason.CITIZEN, EndReason.TIMEOUT]))
        if picker.random() < 0.6:
            recorder.survey(picker.randint(1, 5), ("easy",))
    database.close()


class Day:
    """The simulated calendar: today() for the agents, moved by hand."""

    def __init__(self, today: datetime.date = FIRST_DAY) -> None:
        self.today = today

    def __call__(self) -> datetime.date:
        return self.today

    def next(self) -> None:
        self.today += datetime.timedelta(days=1)


def make_agent(settings_: FleetSettings, data: Path, day: Callable[[], datetime.date], tick_s: float = 0.2,
               doctor: Callable[[], list[str]] | None = None, network: Network | None = None) -> FleetAgent:
    return FleetAgent(settings_, data, tick_s=tick_s, today=day, doctor=doctor, network=network)


def wait_for(condition: Callable[[], object], timeout: float = 15.0, step: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(step)
