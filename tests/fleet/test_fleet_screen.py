"""The fleet in the running kiosk: a config the province pushed waits while a citizen is served and is in force
once the kiosk is back at its attract screen; the technician's "Kết nối tỉnh" shows the link (at 1366x768 and
1920x1080; screenshots of the menu and that screen into $FLEET_SHOTS when set). Driven by taps on the kiosk window;
the broker is a real Mosquitto."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint

from kiosk import cli
from kiosk.admin_pin import hash_pin
from tests import layout
from tests.finger import tap
from tests.fleet.conftest import cli_args
from tests.fleet.kiosks import wait_for
from tests.fleet.mosquitto import KIOSK_PASSWORD, PROVINCE
from tests.test_power_menu import on_screen
from tests.test_shell import tap_corner
from ui.fleet_part import FleetPart

TECH_PIN = "482913"


def _part(request, shell) -> FleetPart:
    part = shell.window.findChild(FleetPart)
    request.addfinalizer(part.stop)  # the kiosk's own link ends with the application; here with the test
    return part


def _fleet_config(write_config, broker, public_key, data):
    return write_config(
        f'[admin]\ntechnician_pin_hash = "{hash_pin(TECH_PIN)}"\n[scanner]\nsane_backends = []\n'
        f'[officer]\nchime = false\n[paths]\ndata_dir = "{data}"\n'
        f'[fleet]\nenabled = true\nbroker_url = "{broker.url}"\nca_file = "{broker.ca}"\nusername = "k1"\n'
        f'password = "{KIOSK_PASSWORD}"\nprovince_key = "{public_key}"\nprovince = "{PROVINCE}"\n'
        'commune = "xa-a"\nkiosk_id = "k1"\nkeepalive_s = 4\n')


def test_a_pushed_config_waits_for_the_attract_screen(qtbot, make_shell, write_config, broker, province,
                                                      province_key, tmp_path, capsys, request):
    shell = make_shell(_fleet_config(write_config, broker, province_key[1], tmp_path / "data"))
    part = _part(request, shell)
    qtbot.waitUntil(lambda: any(view.online for view in province.kiosks()), timeout=10_000)
    tap(shell.attract, QPoint(900, 600))  # a citizen starts
    assert shell.current is shell.start
    pushed = tmp_path / "kiosk.toml.pushed"
    pushed.write_text("[session]\nidle_timeout_s = 300\n", encoding="utf-8")
    assert cli.main(["fleet", "push-config", str(pushed), "--to", "*", *cli_args(broker, province_key[0])]) == 0
    qtbot.waitUntil(lambda: part.agent.store.document("config") is not None, timeout=10_000)
    qtbot.wait(300)
    assert shell.config.session.idle_timeout_s == 120  # not under the citizen's feet

    tap(shell.start.finish)
    tap(shell.officer.survey.skip)
    assert shell.current is shell.attract
    assert part.applied == ["config"]
    assert shell.config.session.idle_timeout_s == 300
    wait_for(lambda: part.agent.store.reports()["config"]["reason"] == "fleet.state.applied")
    capsys.readouterr()
    assert cli.main(["fleet", "status", *cli_args(broker)]) == 0
    assert "bị từ chối" not in capsys.readouterr().out


@pytest.mark.parametrize("size", ["1366x768", "1920x1080"])
def test_the_technician_sees_the_link(qtbot, make_shell, write_config, broker, province_key, tmp_path, request, size):
    # The tightest case: practice mode's banner, a citizen's session open (so "Nhận hỗ trợ" too).
    shell = make_shell(_fleet_config(write_config, broker, province_key[1], tmp_path / "data"),
                       "--practice", "--windowed", "--size", size)
    part = _part(request, shell)
    qtbot.waitUntil(lambda: part.agent.store.link_state().connected, timeout=10_000)
    tap(shell.attract, QPoint(900, 600))
    assert shell.current is shell.start
    tap_corner(shell)
    for digit in TECH_PIN:
        tap(shell.pin_pad.digit_buttons[digit])
    tap(shell.pin_pad.ok)
    menu = shell.admin_menu
    assert menu.fleet.isVisible() and menu.fleet.text() == "Kết nối tỉnh"
    assert all(action.isVisible() for action in menu.choices)  # all eleven offered...
    assert [action.text() for action in menu.choices if not on_screen(action)] == []  # ...and every one whole
    layout.assert_laid_out(qtbot, shell.window, f"technician menu {size}")
    folder = Path(os.environ.get("FLEET_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shell.window.grab().save(str(folder / f"technician-menu-{size}.png"))
    tap(menu.fleet)
    screen = part.screen
    assert screen.isVisible() and shell.current is menu
    assert screen.link.text() == f"● Đã kết nối với máy chủ của tỉnh ({broker.url})"
    assert screen.link.property("tone") == "good"  # green: a working link is no warning
    assert "Mã máy: tinh-thu/xa-a/k1" in screen.details.text()
    assert "Số ngày thống kê chờ gửi: 0" in screen.details.text()
    assert screen.refused.text() == "Chưa có lần đẩy nào của tỉnh bị từ chối."
    layout.assert_laid_out(qtbot, shell.window, f"fleet screen {size}")
    shell.window.grab().save(str(folder / f"fleet-screen-{size}.png"))
    tap(screen.back)
    assert not screen.isVisible() and menu.fleet.isVisible()


def test_the_menu_offers_no_province_link_on_a_kiosk_alone(make_shell, write_config):
    shell = make_shell(write_config(f'[admin]\ntechnician_pin_hash = "{hash_pin(TECH_PIN)}"\n'
                                    '[scanner]\nsane_backends = []\n'))
    tap_corner(shell)
    for digit in TECH_PIN:
        tap(shell.pin_pad.digit_buttons[digit])
    tap(shell.pin_pad.ok)
    assert shell.current is shell.admin_menu and shell.admin_menu.doctor.isVisible()
    assert not shell.admin_menu.fleet.isVisible()
    assert shell.window.findChild(FleetPart).agent is None
