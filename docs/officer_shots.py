"""Screenshots of the officer features (used by take_screenshots.py): the help banner, an officer at work,
the survey, and the dashboard with its follow-up list, over two weeks of generated sample statistics."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from kiosk.lifecycle import EndReason
from kiosk.stats.recorder import REASONS, Event, StatsRecorder

JOURNEY = ("start", "portal", "vneid_level2", "login", "procedure", "form", "attach", "payment", "submit")
PROCEDURES = ("Đăng ký khai sinh", "Chứng thực bản sao từ bản chính", "Đăng ký kết hôn",
              "Cấp bản sao trích lục hộ tịch")


def seed_sample_statistics(recorder: StatsRecorder, now: float, days: int = 14) -> None:
    """Two weeks of plausible use: most citizens reach the form, fewer submit; some call an officer."""
    rng = random.Random(7)
    clock = {"t": now - days * 86400}
    recorder.clock = lambda: clock["t"]
    serial = 0
    for day in range(days):
        clock["t"] = now - (days - day) * 86400 + 8 * 3600
        for _ in range(rng.randint(6, 16)):
            clock["t"] += rng.randint(600, 2400)
            recorder.session_started(practice=False, language="vi")
            reached = rng.choices(range(1, len(JOURNEY) + 2), weights=(2, 3, 3, 2, 3, 2, 1, 2, 2, 6))[0]
            for step in JOURNEY[:reached]:
                recorder.step(step)
                clock["t"] += rng.randint(20, 240)
            if rng.random() < 0.3:
                recorder.event(Event.HELP_CALL)
            if reached > 5:
                recorder.event(Event.PAGES_SCANNED, rng.randint(1, 6))
                recorder.event(Event.DOCUMENTS_ATTACHED, rng.randint(1, 3))
            if rng.random() < 0.08:
                recorder.event(Event.DEVICE_ERROR, detail=rng.choice(("PaperJam", "FeederEmpty", "Offline")))
            if reached > len(JOURNEY):
                serial += 1
                stamp = time.strftime("%y%m%d", time.localtime(clock["t"]))
                recorder.submission(f"H10.{stamp}-{serial:05d}", rng.choice(PROCEDURES))
            reason = rng.choice((EndReason.CITIZEN, EndReason.CITIZEN, EndReason.TIMEOUT, EndReason.STAFF))
            recorder.session_ended(reason)
            if rng.random() < 0.6:
                recorder.survey(rng.choices(range(1, 6), weights=(1, 1, 3, 6, 8))[0],
                                tuple(rng.sample(REASONS, rng.randint(0, 3))))
    # Today's submissions, a few of them older than 8 hours.
    for hours in (11, 9, 3, 1):
        clock["t"] = now - hours * 3600
        serial += 1
        recorder.session_started(practice=False, language="vi")
        recorder.submission(f"H10.{time.strftime('%y%m%d')}-{serial:05d}", rng.choice(PROCEDURES))
        recorder.session_ended(EndReason.CITIZEN)
    recorder.clock = time.time


def shoot_officer(shell, save: Callable[[str], None], spin: Callable[[float], None]) -> None:
    """The help banner (also after a switch to English), the take-over strip, the survey (faces, then reasons with
    the province's QR), the dashboard and its export asking for a USB stick."""
    officer = shell.officer
    seed_sample_statistics(officer.recorder, time.time())
    if shell.lifecycle.session is None:
        shell.begin_session()
    shell.window.stack.setCurrentWidget(shell.start)
    officer.call_officer("start")
    save("help-banner")
    shell.set_language("en")  # the banner follows the citizen's language switch
    save("help-banner-english")
    shell.set_language("vi")
    officer.take_over()
    save("officer-assisting")
    officer.hand_back()
    shell.lifecycle.end(EndReason.CITIZEN)
    save("survey")
    officer.survey.choose(4)
    for reason in ("easy", "scanner_good"):
        officer.survey.reasons[reason].setChecked(True)
    save("survey-reasons")
    officer.survey.submit()
    officer.open_dashboard()
    officer.dashboard._range(30)  # the 30-day view, as an officer would choose
    spin(0.3)
    save("dashboard")
    officer.dashboard.export("xlsx")  # no USB stick in the screenshot machine: the screen asks for one
    save("dashboard-export-no-usb")
