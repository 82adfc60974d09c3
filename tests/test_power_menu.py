""""Tắt máy" and "Khởi động lại" in the technician menu, driven through the PIN pad by taps on the window.

The test machine cannot be switched off: a `systemctl` first on PATH stands in for the real one and records what
the kiosk asked (and whether the citizen's session folder was still there at that moment). What reaches logind
from there, and the polkit rule that lets user `kiosk` ask, are tests/test_deb_package.py's and the report's.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest

from kiosk import power
from kiosk.admin_pin import hash_pin
from tests.finger import tap
from ui.confirm import ConfirmPanel

TECH_PIN = "482913"
OFFICER_PIN = "2468"


def config(write_config, tmp_path):
    return write_config(f'[admin]\ntechnician_pin_hash = "{hash_pin(TECH_PIN)}"\n'
                        f'officer_pin_hash = "{hash_pin(OFFICER_PIN)}"\n'
                        f'[officer]\nchime = false\n[paths]\ndata_dir = "{tmp_path / "data"}"\n')


@pytest.fixture
def systemctl(tmp_path, monkeypatch):
    """A `systemctl` on PATH that writes its arguments (and what it found) to a file, then exits as told."""

    class Stand:
        record = tmp_path / "systemctl-calls"
        watched = tmp_path / "nothing"  # the session folder, once there is one
        script = tmp_path / "bin" / "systemctl"

        def answer(self, status: int, said: str = "") -> None:
            self.script.parent.mkdir(exist_ok=True)
            self.script.write_text(
                "#!/bin/sh\n"
                f'printf "%s\\n" "$*" >> "{self.record}"\n'
                f'if [ -e "{self.watched}" ]; then echo "session folder still there" >> "{self.record}"; fi\n'
                f'printf "%s\\n" "{said}" >&2\nexit {status}\n', encoding="utf-8")
            self.script.chmod(0o755)

        def calls(self) -> list[str]:
            return self.record.read_text(encoding="utf-8").splitlines() if self.record.exists() else []

    stand = Stand()
    stand.answer(0)
    monkeypatch.setenv("PATH", f"{stand.script.parent}{os.pathsep}{os.environ['PATH']}")
    return stand


def open_menu(shell, pin):
    for _ in range(5):  # the hidden corner
        QTest.mouseClick(shell.window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(5, 5))
    assert shell.current is shell.pin_pad
    for digit in pin:
        tap(shell.pin_pad.digit_buttons[digit])
    tap(shell.pin_pad.ok)
    assert shell.current is shell.admin_menu


def on_screen(widget) -> bool:
    window = widget.window()
    return widget.isVisible() and QRect(0, 0, window.width(), window.height()).contains(
        QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()))


def test_power_off_asks_first_then_wipes_the_session_then_asks_logind(qtbot, make_shell, write_config, tmp_path,
                                                                      systemctl):
    shell = make_shell(config(write_config, tmp_path), "--practice", "--windowed", "--size", "1366x768")
    tap(shell.attract)
    session = shell.lifecycle.session
    assert session is not None and session.directory.exists()
    systemctl.watched = session.directory
    systemctl.answer(0)
    open_menu(shell, TECH_PIN)
    menu = shell.admin_menu
    assert shell.window.practice_banner.isVisible()
    # Every button offered (ten: "Kết nối tỉnh" only on a kiosk of a fleet) on a 1366x768 screen under the banner.
    offered = [action for action in menu.choices if action.isVisible()]
    assert len(offered) == 10 and not menu.fleet.isVisible()
    assert all(on_screen(action) for action in offered), [a.text() for a in offered if not on_screen(a)]
    assert (menu.power_off.text(), menu.reboot.text()) == ("Tắt máy", "Khởi động lại")
    tap(menu.power_off)
    question = ConfirmPanel.over(shell.window)
    assert question.asking
    assert question.question.text() == "Tắt máy kiosk?\nGiấy tờ của người dân đang dùng máy sẽ bị xoá."
    assert question.keep.text() == "Không, để máy chạy" and question.discard.text() == "Tắt máy"
    assert question.keep.width() > question.discard.width()
    assert question.keep.mapTo(shell.window, QPoint(0, 0)).x() < question.discard.mapTo(shell.window, QPoint(0, 0)).x()
    tap(question.keep)
    assert not question.asking and systemctl.calls() == []
    assert shell.lifecycle.session is session and session.directory.exists()
    tap(menu.power_off)
    tap(question.discard)
    qtbot.waitUntil(lambda: len(systemctl.calls()) > 0, timeout=20_000)
    assert systemctl.calls() == ["--no-ask-password poweroff"]  # and the session folder was gone by then
    assert shell.lifecycle.session is None and not session.directory.exists()
    assert shell.current is menu and menu.status.text() == "Đang tắt máy…"
    assert not menu.take_over.isVisible()  # no session left to take over


@pytest.mark.expected_log_warnings  # the refusal is logged with systemctl's words
def test_a_refused_reboot_tells_the_technician_in_plain_words(qtbot, make_shell, write_config, tmp_path, systemctl,
                                                               fail_on_problem_logs):
    systemctl.answer(1, "Call to Reboot failed: Access denied")
    shell = make_shell(config(write_config, tmp_path))
    open_menu(shell, TECH_PIN)
    menu = shell.admin_menu
    tap(menu.reboot)
    question = ConfirmPanel.over(shell.window)
    assert question.question.text() == "Khởi động lại máy kiosk?"  # no session: nothing to lose
    assert (question.keep.text(), question.discard.text()) == ("Không, để máy chạy", "Khởi động lại")
    tap(question.discard)
    refused = "Máy chưa khởi động lại được. Có thể máy đang cài bản cập nhật: đợi vài phút rồi thử lại."
    qtbot.waitUntil(lambda: menu.status.text() == refused, timeout=20_000)
    assert systemctl.calls() == ["--no-ask-password reboot"]
    assert "Access denied" not in menu.problems.text() + menu.status.text()
    assert shell.current is menu and shell.window.isVisible()
    logged = [record.getMessage() for record in fail_on_problem_logs.records]
    assert logged == ["the computer did not reboot: systemctl reboot: Call to Reboot failed: Access denied"]


def test_the_menu_says_when_a_restart_is_needed_and_officers_get_no_power_items(make_shell, write_config, tmp_path,
                                                                                systemctl, monkeypatch):
    flag = tmp_path / "reboot-required"
    monkeypatch.setattr(power, "REBOOT_REQUIRED", flag)
    shell = make_shell(config(write_config, tmp_path))
    menu = shell.admin_menu
    open_menu(shell, TECH_PIN)
    assert "cần khởi động lại" not in menu.problems.text()
    tap(menu.back)
    flag.write_text("*** System restart required ***\n", encoding="utf-8")
    open_menu(shell, TECH_PIN)
    assert menu.problems.text().endswith(
        "Đã cài bản cập nhật bảo mật: cần khởi động lại máy. Hãy khởi động lại lúc không có người dân dùng máy.")
    tap(menu.back)
    open_menu(shell, OFFICER_PIN)
    assert not menu.power_off.isVisible() and not menu.reboot.isVisible()
    assert "cần khởi động lại" not in menu.problems.text()
    assert systemctl.calls() == []


def test_the_file_the_menu_watches_is_the_one_unattended_upgrades_writes():
    """Its kernel hook (a dependency of the package) touches /var/run/reboot-required; /var/run is /run."""
    hook = Path("/etc/kernel/postinst.d/unattended-upgrades").read_text(encoding="utf-8")
    (written,) = re.findall(r"touch (\S+)", hook)
    assert Path(written).resolve() == power.REBOOT_REQUIRED
