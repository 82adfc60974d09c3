"""A real kiosk process with a scripted citizen in it, for the per-citizen process tests and bench/soak.py.

`python -m tests.citizen_process KIOSK-ARGS` runs the kiosk (ui.app.run) as the supervisor starts it. Once the
supervisor has put it on screen, it plays the next visit of the plan in the folder $KIOSK_TEST_PLAN through
platform input: taps on the kiosk's QWindow, key taps in the portal's fields. The plan (plan.json, written by the
test) lists the visits; a counter file beside it hands each process the next one, so every visit is played once,
by the process that serves it. The citizen's strings are stored base64-encoded, so the plan file itself never
holds them as text. Each process prints what it did: "shown N PID", "visit N done", "holding N", "idle N".
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.exceptions import TimeoutError as WaitTimeout

from kiosk.cli import build_parser
from kiosk.scanning.kinds import PaperKind
from kiosk.stats.report import followups
from tests.keyboard import type_on_keyboard
from tests.web import click, js, open_birth_registration, type_into, wait_js
from ui.app import run
from ui.confirm import ConfirmPanel
from ui.shell import KioskShell

PLAN_ENV = "KIOSK_TEST_PLAN"
PIN = "246810"
SLOW_MACHINE = 3  # waits last this many times the tests' own: a busy 2-core machine must not fail a visit


def write_plan(folder: Path, visits: list[dict[str, Any]], citizen: dict[str, str],
               one_process: bool = False) -> dict[str, str]:
    """The plan for the kiosk processes started with $KIOSK_TEST_PLAN=folder; the environment to add.
    `one_process`: a kiosk run with --single-process plays every visit itself, one after the other."""
    folder.mkdir(parents=True, exist_ok=True)
    hidden = base64.b64encode(json.dumps(citizen).encode()).decode()
    plan = {"visits": visits, "citizen": hidden, "one_process": one_process}
    (folder / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    (folder / "counter").write_text("0", encoding="ascii")
    return {PLAN_ENV: str(folder)}


def next_visit(folder: Path) -> int:
    """This process's visit number (each process takes the next one)."""
    with (folder / "counter").open("r+", encoding="ascii") as counter:
        fcntl.flock(counter, fcntl.LOCK_EX)
        number = int(counter.read() or 0)
        counter.seek(0)
        counter.write(str(number + 1))
        counter.truncate()
    return number


class Waits:
    """The part of pytest-qt's qtbot that tests/web.py uses, for a process without pytest."""

    @staticmethod
    def waitUntil(condition: Callable[[], object], timeout: int = 5000) -> None:
        deadline = time.monotonic() + SLOW_MACHINE * timeout / 1000
        while not condition():
            if time.monotonic() > deadline:
                raise WaitTimeout(f"waited {timeout} ms")
            QTest.qWait(20)

    @staticmethod
    def wait(ms: int) -> None:
        QTest.qWait(ms)


def say(text: str) -> None:
    print(text, flush=True)


class Citizen:
    """Plays one visit of the plan on `shell`'s window once it is on screen."""

    def __init__(self, shell: KioskShell, folder: Path, advance: Callable[[float], None]) -> None:
        self.shell = shell
        self.folder = folder
        self.advance = advance  # moves the kiosk's clock on (an idle timeout without the wait)
        self.waits = Waits()
        shell.attract.first_painted.connect(lambda: QTimer.singleShot(300, self.play))

    def tap(self, widget: QWidget, at: QPoint | None = None) -> None:
        """A tap where `widget` is on screen, delivered to the kiosk's QWindow as the platform would."""
        top = widget.window()
        handle = top.windowHandle()
        assert handle is not None
        point = widget.mapTo(top, at if at is not None else widget.rect().center())
        QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)

    def until(self, condition: Callable[[], object], timeout: int = 20_000) -> None:
        self.waits.waitUntil(condition, timeout)

    def play(self) -> None:
        plan = json.loads((self.folder / "plan.json").read_text(encoding="utf-8"))
        number = next_visit(self.folder)
        say(f"shown {number} {os.getpid()}")
        if number >= len(plan["visits"]):
            say(f"idle {number}")
            return
        visit = plan["visits"][number]
        shell = self.shell
        self.tap(shell.attract)
        self.until(lambda: shell.current is shell.start)
        end = visit.get("end", "citizen")
        try:
            if visit.get("scan"):
                self.scan()
            if visit.get("portal"):
                citizen = json.loads(base64.b64decode(plan["citizen"]))
                self.fill_in(citizen, submit=bool(visit.get("submit")), keyboard=bool(visit.get("keyboard")))
        except WaitTimeout as error:  # told, and the visit ended as a citizen would, so a long run goes on
            where = js(self.waits, shell.browser.browser.view, "location.pathname") if shell.current is shell.browser else ""
            say(f"visit {number} failed: {error} on {shell.current.objectName()} {where}")
            end = "citizen"
        if end == "hold":
            say(f"holding {number}")
            return
        self.end(end)
        self.until(lambda: shell.current in (shell.officer.survey, shell.attract))
        say(f"visit {number} done")  # before the last tap: the supervisor may end this process right after it
        if shell.current is not shell.attract:
            self.tap(shell.officer.survey.skip)
        if plan.get("one_process"):  # no supervisor (--single-process): this process serves the next visit too
            QTimer.singleShot(1000, self.play)

    def scan(self) -> None:
        """A ten-sheet batch from the SANE test scanner's feeder, filed as "Giấy tờ.pdf"."""
        shell = self.shell
        self.tap(shell.start.tiles["scan"])
        scan = shell.scanning.flow.scan
        self.tap(scan.tiles[PaperKind.BATCH])
        self.tap(scan.buttons["scan"])
        review = shell.scanning.flow.review
        self.until(lambda: shell.current is review, 60_000)
        self.tap(review.buttons["save"])
        self.until(lambda: shell.current is shell.start, 60_000)

    def fill_in(self, citizen: dict[str, str], submit: bool, keyboard: bool) -> None:
        """Log in to the practice portal, type the citizen into a birth registration, and submit it."""
        shell = self.shell
        waits = self.waits
        self.tap(shell.start.tiles["submit"])
        self.until(lambda: shell.current is shell.browser)
        view = shell.browser.browser.view
        wait_js(waits, view, "document.getElementById('login-link') || document.getElementById('user-name')")
        open_birth_registration(waits, view)
        js(waits, view, """(() => { const set = (id, v) => { const e = document.getElementById(id); e.value = v;
            e.dispatchEvent(new Event('change')); }; set('tinh', 'Tỉnh Lào Cai'); set('co_quan', 'Xã Bắc Hà');
            set('gioi_tinh_tre', 'Nữ'); set('ho_ten', ''); set('so_dinh_danh', ''); return true; })()""")
        for field, text in (("ho_ten", citizen["name"]), ("so_dinh_danh", citizen["number"]),
                            ("ngay_sinh", "05/09/1960"), ("dien_thoai", citizen["phone"]),
                            ("dia_chi", "Thôn 1, xã Bắc Hà"), ("ten_tre", citizen["name"]),
                            ("ngay_sinh_tre", "01/01/2025"), ("noi_sinh", "Trạm y tế")):
            type_into(waits, view, f"#{field}", text)
        if keyboard:  # the place of birth again, by taps on the on-screen keyboard this time
            js(waits, view, "(document.getElementById('noi_sinh').value = '', true)")
            click(waits, view, "#noi_sinh")
            type_on_keyboard(waits, shell.window.keyboard, "Trạm y tế")
            wait_js(waits, view, "document.getElementById('noi_sinh').value === 'Trạm y tế'")
            say("typed on the on-screen keyboard")
        if not submit:
            return
        click(waits, view, "#form-next")
        wait_js(waits, view, "document.getElementById('attach-form')")
        panel = shell.browser.attach

        def choose() -> None:
            if not panel.running:
                QTimer.singleShot(50, choose)
                return
            panel.items.item(0).setSelected(True)
            self.tap(panel.attach)

        QTimer.singleShot(50, choose)
        click(waits, view, "#tep_giay_chung_sinh")
        wait_js(waits, view, "document.getElementById('tep_giay_chung_sinh').files.length === 1")
        click(waits, view, "#attach-next")
        wait_js(waits, view, "document.getElementById('submit-dossier')")
        click(waits, view, "#submit-dossier")
        wait_js(waits, view, "document.getElementById('dossier-code')")
        code = js(waits, view, "document.getElementById('dossier-code').textContent")
        self.until(lambda: code in [entry.code for entry in followups(shell.officer.db, 0)])  # the receipt was seen

    def end(self, how: str) -> None:
        shell = self.shell
        if how == "citizen":
            if shell.current is not shell.start:  # from the portal: "Menu", then "Kết thúc"
                self.tap(shell.browser.toolbar_buttons["menu"])
                self.until(lambda: shell.current is shell.start)
            self.tap(shell.start.finish)
            question = ConfirmPanel.over(shell.window)
            if question.asking:  # they made something here: "Kết thúc và xoá"
                self.tap(question.discard)
        elif how == "timeout":
            lifecycle = shell.lifecycle
            self.advance(lifecycle.idle_timeout_s + 1)
            self.until(lambda: shell.current is shell.idle_warning)
            self.advance(lifecycle.warning_s + 1)
        elif how == "staff":
            corner = shell.admin_corner.center()
            for _ in range(5):
                QTest.mouseClick(shell.window.windowHandle(), Qt.MouseButton.LeftButton,
                                 Qt.KeyboardModifier.NoModifier, corner)
            self.until(lambda: shell.current is shell.pin_pad)
            for digit in PIN:
                self.tap(shell.pin_pad.digit_buttons[digit])
            self.tap(shell.pin_pad.ok)
            self.until(lambda: shell.current is shell.admin_menu)
            self.tap(shell.admin_menu.end_session)
        else:
            raise ValueError(how)
        self.until(lambda: shell.lifecycle.session is None)


def main() -> int:
    folder = Path(os.environ[PLAN_ENV])
    offset = [0.0]

    def advance(seconds: float) -> None:
        offset[0] += seconds

    args = build_parser().parse_args(sys.argv[1:])
    return run(args, attach=lambda shell: Citizen(shell, folder, advance),
               clock=lambda: time.monotonic() + offset[0])


if __name__ == "__main__":
    sys.exit(main())
