"""The technician's printer screen on a real, private cupsd, opened through the corner, the PIN pad and "Máy in"
by platform input: the queues CUPS lists, one chosen and saved into the site config (the next print uses it), a
test page printed and read back, and the last jobs by id, state and time — never a job's title. At 1366×768 and
1920×1080; a screenshot of it into $PRINTER_SHOTS when set."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from kiosk.admin_pin import hash_pin
from tests import layout
from tests.finger import Finger
from tests.printing.printed_pages import page_count, page_text
from tests.test_shell import tap_corner

TECH_PIN = "482913"
CONFIG = f'[admin]\ntechnician_pin_hash = "{hash_pin(TECH_PIN)}"\n[scanner]\nsane_backends = []\n'
CITIZEN_TITLE = "bien-nhan-TH-261204-000777"


@pytest.fixture
def site_config(tmp_path, monkeypatch):
    path = tmp_path / "site" / "kiosk.toml"
    monkeypatch.setenv("KIOSK_SITE_CONFIG", str(path))
    return path


def open_printer_screen(qtbot, shell, finger):
    tap_corner(shell)
    for digit in TECH_PIN:
        finger.tap(shell.pin_pad.digit_buttons[digit])
    finger.tap(shell.pin_pad.ok)
    assert shell.current is shell.admin_menu
    menu = shell.admin_menu
    assert menu.printer.text() == "Máy in"
    on_window = shell.window.rect()
    assert all(on_window.contains(action.geometry().translated(action.mapTo(shell.window, action.rect().topLeft())
                                                               - action.geometry().topLeft()))
               for action in menu.choices if action.isVisible())
    finger.tap(menu.printer)
    screen = shell.printers.screen
    assert shell.current is screen
    qtbot.waitUntil(lambda: screen.queue_list.count() >= 2 and screen.message.text() == "", timeout=10_000)
    return screen


def rows(widget) -> list[str]:
    return [widget.item(row).text() for row in range(widget.count())]


def tap_row(finger, items, row: int) -> None:
    rect = items.visualItemRect(items.item(row))
    finger.tap_point(items.viewport().mapTo(finger.window, rect.center()))
    finger.qtbot.waitUntil(lambda: items.item(row).isSelected(), timeout=5000)


@pytest.mark.parametrize("size", ["1366x768", "1920x1080"])
def test_choose_a_queue_print_a_test_page_and_see_the_last_jobs(qtbot, make_shell, write_config, cups, site_config,
                                                                tmp_path, size):
    cups.add_pdf_queue("counter")
    cups.tool("lp", "-d", "counter", "-t", CITIZEN_TITLE, "-H", "hold", "/etc/hostname", check=True)  # a held job
    shell = make_shell(write_config(CONFIG), "--practice", "--windowed", "--size", size)
    finger = Finger(qtbot, shell.window)
    screen = open_printer_screen(qtbot, shell, finger)
    assert rows(screen.queue_list) == ["Mặc định của CUPS (receipts)", "counter — sẵn sàng",
                                       "receipts — sẵn sàng (mặc định)"]  # as lpstat lists them
    assert screen.queue_list.item(0).isSelected()  # printer.queue is empty: CUPS's default
    assert screen.current.text() == "Phiếu và biên nhận in trên: mặc định của CUPS (receipts)"
    assert not screen.use.isEnabled()  # the queue in force already
    layout.assert_laid_out(qtbot, shell.window, f"printer screen {size}")

    tap_row(finger, screen.queue_list, 1)
    finger.tap(screen.use)
    qtbot.waitUntil(lambda: screen.message.text() == "Đã lưu: phiếu và biên nhận sẽ in trên counter.", timeout=10_000)
    assert tomllib.loads(site_config.read_text(encoding="utf-8"))["printer"] == {"queue": "counter"}
    assert shell.config.printer.queue == "counter"  # the shell read the site file again: the next print goes there
    assert screen.current.text() == "Phiếu và biên nhận in trên: counter"
    assert rows(screen.job_list)[0].startswith("Việc in 1 · đang bị giữ · ")

    finger.tap(screen.test)
    qtbot.waitUntil(lambda: screen.message.text().startswith("Đã in xong trang thử (việc in 2 trên counter)"),
                    timeout=30_000)
    (paper,) = cups.printed()
    assert page_count(paper) == 1
    assert "TRANG IN THỬ" in page_text(paper)
    qtbot.waitUntil(lambda: rows(screen.job_list)[:1] == [rows(screen.job_list)[0]]
                    and rows(screen.job_list)[0].startswith("Việc in 2 · đã in xong · "), timeout=10_000)
    shown = " ".join(rows(screen.job_list) + rows(screen.queue_list) + [screen.message.text(), screen.current.text()])
    assert CITIZEN_TITLE not in shown and "root" not in shown  # no title, no user
    folder = Path(os.environ.get("PRINTER_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shell.window.grab().save(str(folder / f"printer-screen-{size}.png"))
    finger.tap(screen.back)
    assert shell.current is shell.admin_menu


@pytest.mark.usefixtures("site_config")
def test_with_cups_not_running_the_screen_says_so_in_plain_words_and_stays_usable(qtbot, make_shell, write_config,
                                                                                  cups):
    shell = make_shell(write_config(CONFIG), "--practice", "--windowed", "--size", "1366x768")
    finger = Finger(qtbot, shell.window)
    open_printer_screen(qtbot, shell, finger)
    screen = shell.printers.screen
    cups.stop()
    finger.tap(screen.refresh)
    qtbot.waitUntil(lambda: screen.message.text().startswith("Máy in chưa hoạt động."), timeout=5000)
    assert "CUPS" in screen.message.text()  # the technician's detail after the plain words
    finger.tap(screen.back)
    assert shell.current is shell.admin_menu
