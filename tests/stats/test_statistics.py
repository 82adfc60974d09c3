"""The statistics database, report and export, with a fake clock and real SQLite files."""

from __future__ import annotations

import csv
import datetime
import sqlite3
import subprocess
import sys
import time

import pytest
from openpyxl import load_workbook

from kiosk.i18n import Translator
from kiosk.lifecycle import EndReason
from kiosk.stats.database import FILE_NAME, MIGRATIONS, migrate, open_database
from kiosk.stats.export import write_csv, write_xlsx
from kiosk.stats.milestones import STEP_ORDER, looks_like_receipt, submission_in
from kiosk.stats.recorder import Event, Outcome, StatsRecorder
from kiosk.stats.report import build_report, followups

DAY = datetime.date(2026, 11, 20)


class Clock:
    def __init__(self) -> None:
        self.now = datetime.datetime.combine(DAY, datetime.time(8)).timestamp()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def recorder(tmp_path):
    return StatsRecorder(open_database(tmp_path), Clock())


def test_the_database_is_wal_at_the_newest_schema_and_migrating_twice_is_harmless(tmp_path):
    db = open_database(tmp_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert migrate(db) == len(MIGRATIONS)
    db.close()
    assert open_database(tmp_path).execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_outcomes_steps_events_and_survey(recorder):
    clock = recorder.clock
    recorder.session_started(practice=True, language="vi")
    recorder.step("start")
    clock.advance(30)
    recorder.step("portal")
    clock.advance(90)
    recorder.step("login")
    recorder.event(Event.HELP_CALL)
    recorder.event(Event.PAGES_SCANNED, 3)
    recorder.event(Event.DEVICE_ERROR, detail="PaperJam")
    clock.advance(60)
    recorder.submission("TH-261120-000001", "Đăng ký khai sinh")
    assert recorder.session_ended(EndReason.CITIZEN) is Outcome.SUBMITTED
    recorder.survey(5, ("easy", "videos_clear", "scanner_good", "needed_officer"))
    recorder.session_started(practice=False, language="en")
    recorder.step("start")
    clock.advance(200)
    assert recorder.session_ended(EndReason.TIMEOUT) is Outcome.TIMED_OUT
    recorder.session_started(practice=False, language="vi")
    recorder.event(Event.TAKEOVER)
    assert recorder.session_ended(EndReason.CITIZEN) is Outcome.OFFICER
    recorder.session_started(practice=False, language="vi")
    assert recorder.session_ended(EndReason.CITIZEN) is Outcome.ABANDONED
    report = build_report(recorder.db, DAY, DAY)
    (day,) = report.days
    assert (day.sessions, day.submitted, day.timed_out, day.handed_to_officer, day.abandoned) == (4, 1, 1, 1, 1)
    assert (day.help_calls, day.pages_scanned, day.device_errors, day.surveys) == (1, 3, 1, 1)
    assert day.completion_rate == 0.25 and day.rating_average == 5
    assert report.reasons["easy"] == 1 and report.reasons["needed_officer"] == 0  # at most three reasons
    steps = {row.step: row for row in report.steps}
    assert [row.step for row in report.steps][:3] == ["start", "portal", "login"]
    assert steps["start"].reached == 2 and steps["start"].median_seconds == 115  # 30 s and 200 s
    assert steps["start"].dropped_here == 1  # the timed-out session stopped at the start screen
    assert steps["login"].median_seconds == 60


def test_identifiers_only_no_free_text(recorder):
    recorder.session_started(practice=False, language="vi")
    with pytest.raises(ValueError):
        recorder.step("Nguyễn Văn An")
    with pytest.raises(ValueError):
        recorder.event(Event.DEVICE_ERROR, detail="0912 345 678")


def test_followups_expire_after_the_retention_time(recorder):
    clock = recorder.clock
    recorder.session_started(practice=False, language="vi")
    recorder.submission("TH-261120-000001", "Đăng ký khai sinh")
    clock.advance(10 * 86400)
    recorder.submission("TH-261130-000002", "Chứng thực bản sao")
    clock.advance(21 * 86400)  # the first is 31 days old, the second 21
    assert recorder.purge_followups(30) == 1
    listed = followups(recorder.db, clock())
    assert [entry.code for entry in listed] == ["TH-261130-000002"]
    assert listed[0].age_hours == pytest.approx(21 * 24)


def test_weeks_add_up_the_days(recorder):
    clock = recorder.clock
    for _ in range(3):
        recorder.session_started(practice=False, language="vi")
        recorder.session_ended(EndReason.CITIZEN)
        clock.advance(86400)
    report = build_report(recorder.db, DAY, DAY + datetime.timedelta(days=6))
    weeks = report.weeks()
    assert sum(week.sessions for week in weeks) == 3 and report.total.sessions == 3


PERSONAL = ("Nguyễn Thị Bình", "0912345678", "001190012345", "TH-261120-000009")


def test_exports_open_and_hold_no_personal_data(recorder, tmp_path):
    recorder.session_started(practice=True, language="vi")
    recorder.step("start")
    recorder.submission("TH-261120-000009", "Đăng ký khai sinh")
    recorder.session_ended(EndReason.CITIZEN)
    recorder.survey(4, ("easy",))
    report = build_report(recorder.db, DAY - datetime.timedelta(days=1), DAY)
    tr = Translator("vi")
    write_csv(report, tmp_path / "r.csv", tr)
    write_xlsx(report, tmp_path / "r.xlsx", tr)
    rows = list(csv.reader((tmp_path / "r.csv").open(encoding="utf-8-sig")))
    assert rows[0][:3] == ["Ngày", "Lượt sử dụng", "Nộp thành công"]
    assert rows[2][0] == "2026-11-20" and rows[2][1:3] == ["1", "1"] and rows[-1][0] == "Tổng"
    book = load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["Theo ngày", "Các bước", "Khảo sát"]
    assert book["Theo ngày"].cell(3, 2).value == 1
    cells = [str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value]
    text = (tmp_path / "r.csv").read_text(encoding="utf-8-sig") + "\n".join(cells)
    assert not any(secret in text for secret in PERSONAL)
    raw = (tmp_path / FILE_NAME).read_bytes()
    assert b"0912345678" not in raw and "Nguyễn Thị Bình".encode() not in raw


WRITER = """
import sys, time
from pathlib import Path
from kiosk.stats.database import open_database
from kiosk.stats.recorder import Event, StatsRecorder
recorder = StatsRecorder(open_database(Path(sys.argv[1])))
recorder.session_started(practice=False, language="vi")
print("ready", flush=True)
while True:
    recorder.event(Event.PAGES_SCANNED)
"""


def test_killing_the_writer_mid_write_leaves_a_readable_database(tmp_path):
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "ready"
    time.sleep(0.5)
    writer.kill()
    writer.wait()
    db = sqlite3.connect(tmp_path / FILE_NAME)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    written = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert written > 10
    db.close()
    assert build_report(open_database(tmp_path), DAY, datetime.date.today()).total.pages_scanned == written


def test_receipts_are_recognised():
    assert looks_like_receipt("Biên nhận hồ sơ TH-261120-000001")
    text = ("Nộp hồ sơ thành công\nMã hồ sơ của bạn — hãy ghi lại hoặc in biên nhận:\nTH-261120-000001\n"
            "Thủ tục\tĐăng ký khai sinh\nNgười nộp\tNguyễn Văn An\n")
    found = submission_in(text)
    assert found is not None and (found.code, found.procedure) == ("TH-261120-000001", "Đăng ký khai sinh")
    assert submission_in("Mã hồ sơ: chưa có") is None


def test_kiosk_stats_export_writes_csv_and_xlsx(tmp_path, capsys):
    from kiosk.cli import main

    recorder = StatsRecorder(open_database(tmp_path / "data"), Clock())
    for _ in range(3):
        recorder.session_started(practice=False, language="vi")
        recorder.session_ended(EndReason.CITIZEN)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    common = ["--config", str(config), "stats", "export", "--from", "2026-11-14", "--to", "2026-11-20"]
    assert main([*common, "--format", "csv", "-o", str(tmp_path / "week.csv")]) == 0
    rows = list(csv.reader((tmp_path / "week.csv").open(encoding="utf-8-sig")))
    assert len(rows) == 1 + 7 + 1 and rows[7][:2] == ["2026-11-20", "3"]
    assert main([*common, "--format", "xlsx", "-o", str(tmp_path / "week.xlsx")]) == 0
    assert load_workbook(tmp_path / "week.xlsx")["Theo ngày"].cell(8, 2).value == 3
    assert main([*common[:4], "--from", "20/11/2026", "--to", "2026-11-20", "-o", str(tmp_path / "x.csv")]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_every_journey_step_has_a_report_place_and_a_name():
    from kiosk.guide.journey import load
    from kiosk.i18n import Translator

    tr = Translator("vi")
    for step in load().steps:
        assert step.id in STEP_ORDER
        assert tr(f"stats.step.{step.id}") != f"stats.step.{step.id}"
