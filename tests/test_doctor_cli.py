"""`kiosk doctor` as a technician runs it: a real process against a real SANE test scanner, a real practice portal
on 127.0.0.1, a portal address that never answers, real tmpfs mounts and a real X display (Xvfb)."""

from __future__ import annotations

import email.utils
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.config.schema import PracticeSettings
from kiosk.practice_portal import PracticePortal

ROOT = Path(__file__).resolve().parents[1]
TITLES = {  # the Vietnamese title each line starts with, after its verdict
    "display": "Màn hình", "fonts": "Phông chữ tiếng Việt", "scanner": "Máy quét", "portal": "Cổng Dịch vụ công",
    "printer": "Máy in", "sessions": "Chỗ trống cho giấy tờ của công dân (RAM)",
    "statistics": "Chỗ trống cho thống kê", "clock": "Đồng hồ", "watchdog": "Tự khởi động lại khi treo",
    "version": "Phiên bản",
}


class Result:
    """The doctor's exit code and its lines by check name ("OK"/"LỖI" verdict, then the text after the title)."""

    def __init__(self, done: subprocess.CompletedProcess[str]) -> None:
        self.code = done.returncode
        self.stdout, self.stderr = done.stdout, done.stderr
        self.lines: dict[str, tuple[bool, str]] = {}
        for line in done.stdout.splitlines():
            for name, title in TITLES.items():
                for verdict, ok in (("[ Tốt ]  ", True), ("[ Lỗi ]  ", False)):
                    if line.startswith(f"{verdict}{title}: "):
                        self.lines[name] = (ok, line.removeprefix(f"{verdict}{title}: "))

    def passed(self, name: str) -> bool:
        return self.lines[name][0]

    def text(self, name: str) -> str:
        return self.lines[name][1]


def doctor(config: Path, *flags: str, display: bool = False, **env: str) -> Result:
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("DISPLAY", "WAYLAND_DISPLAY", "WATCHDOG_USEC")}
    if display:
        environment["DISPLAY"] = os.environ["DISPLAY"]  # pytest-xvfb's 1920x1080 screen
    environment.update(env, LANG="C.UTF-8")
    done = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), *flags, "doctor"],
                          capture_output=True, text=True, env=environment, timeout=90, cwd=ROOT, check=False)
    result = Result(done)
    assert "Traceback" not in done.stderr + done.stdout
    assert set(result.lines) == set(TITLES), done.stdout  # one line for every check, even the failed ones
    return result


@pytest.fixture
def ram_folder(tmp_path):
    """Mount a real tmpfs of the given size (MB) and return its path; unmounted after the test."""
    mounted = []

    def mount(size_mb: int) -> Path:
        folder = tmp_path / f"ram-{size_mb}"
        folder.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(folder)], check=True)
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.fixture
def portal(tmp_path):
    server = PracticePortal(PracticeSettings())
    server.start(tmp_path / "portal-state")
    yield server
    server.stop()


def config_file(tmp_path: Path, sessions: Path, start_url: str, backends: str = '["test"]') -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[session]\nroot_dir = "{sessions}"\n[paths]\ndata_dir = "{tmp_path / "data"}"\n'
                    f'[portal]\nstart_url = "{start_url}"\n[scanner]\nsane_backends = {backends}\n', encoding="utf-8")
    return path


def test_all_checks_pass_on_a_ready_kiosk_and_exit_0(tmp_path, ram_folder, portal):
    result = doctor(config_file(tmp_path, ram_folder(300), portal.home_url), display=True,
                    WATCHDOG_USEC="30000000")  # as inside the systemd unit, which sets it
    assert result.code == 0, result.stdout
    assert result.text("display") == "1920×1080"
    assert result.text("fonts").startswith("có Noto Sans")
    assert "frontend-tester" in result.text("scanner")
    assert result.text("portal") == f"kết nối được {portal.home_url}"
    assert result.text("clock").startswith("đúng giờ (lệch ")
    assert result.text("sessions").startswith("còn 300 MB trong RAM")
    assert result.text("watchdog") == "đã bật (sau 30 giây)"
    assert result.text("version") == "0.1.0 (bản phát triển)"
    assert result.stdout.rstrip().endswith("Tất cả đều tốt.")


def test_a_portal_nobody_answers_fails_within_its_limit_with_the_fix(tmp_path, ram_folder):
    with socket.socket() as silent:  # accepts connections (the kernel's backlog) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        result = doctor(config_file(tmp_path, ram_folder(300), url))
    assert result.code == 1
    assert not result.passed("portal")
    assert result.text("portal").startswith(f"{url} không trả lời sau 3 giây — Cách sửa: Kiểm tra dây mạng")
    assert not result.passed("clock")  # no Date header to compare with, no timedatectl in this container


def test_a_closed_port_and_no_display_say_what_to_do(tmp_path, ram_folder):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/"  # bound, not listening: refused
        result = doctor(config_file(tmp_path, ram_folder(300), url))
    assert result.code == 1
    assert result.text("portal").startswith(f"không kết nối được {url} — Cách sửa:")
    assert result.text("display") == ('không mở được màn hình từ đây — Cách sửa: Kiểm tra màn hình ngay trên kiosk: '
                                      'mở menu kỹ thuật và chọn "Kiểm tra máy".')
    assert not result.passed("watchdog") and "systemctl start commune-kiosk" in result.text("watchdog")


def test_practice_mode_checks_the_practice_portal_and_the_test_scanner(tmp_path, ram_folder):
    result = doctor(config_file(tmp_path, ram_folder(300), "http://127.0.0.1:9/", backends="[]"), "--practice")
    assert result.passed("portal") and result.text("portal").startswith("chế độ thực hành")
    assert result.passed("scanner") and "frontend-tester" in result.text("scanner")


def test_no_scanner_found_is_a_plain_fix(tmp_path, ram_folder):
    result = doctor(config_file(tmp_path, ram_folder(300), "http://127.0.0.1:9/", backends="[]"))
    assert result.text("scanner") == ("không tìm thấy máy quét nào — Cách sửa: Bật máy quét, cắm chặt dây USB "
                                      "(hoặc dây mạng), chờ 10 giây rồi kiểm tra lại.")


def test_session_folders_must_be_in_ram_with_room(tmp_path, ram_folder):
    small = doctor(config_file(tmp_path, ram_folder(1), "http://127.0.0.1:9/"))
    assert not small.passed("sessions")
    assert small.text("sessions").startswith("chỉ còn 1 MB ở ")
    on_disk = doctor(config_file(tmp_path, tmp_path / "sessions", "http://127.0.0.1:9/"))
    assert not on_disk.passed("sessions")
    assert "nằm trên ổ đĩa" in on_disk.text("sessions") and "session.root_dir" in on_disk.text("sessions")


def test_english_lines(tmp_path, ram_folder):
    result_done = subprocess.run(
        [sys.executable, "-m", "kiosk", "--lang", "en", "--config",
         str(config_file(tmp_path, ram_folder(300), "http://127.0.0.1:9/")), "doctor"],
        capture_output=True, text=True, timeout=90, cwd=ROOT, check=False,
        env={key: value for key, value in os.environ.items() if key != "DISPLAY"})
    assert result_done.returncode == 1
    assert "[FAIL]  Public-service portal: cannot connect to http://127.0.0.1:9/ — Fix:" in result_done.stdout
    assert "[ OK ]  Version: 0.1.0" in result_done.stdout


class SkewedServer:
    """A portal on 127.0.0.1 whose HTTP Date header is `skew_s` off the real time."""

    def __init__(self, skew_s: float) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            def date_time_string(self, timestamp=None) -> str:  # noqa: ARG002 - the server's clock, set wrong
                return email.utils.formatdate(time.time() + skew_s, usegmt=True)

            def do_HEAD(self) -> None:
                self.send_response(200)
                self.end_headers()

            def log_message(self, *_args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def __enter__(self) -> SkewedServer:
        return self

    def __exit__(self, *_exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_clock_far_from_the_portal_s_fails_with_the_fix(tmp_path, ram_folder):
    with SkewedServer(-3 * 3600) as portal_behind:  # this computer is 3 hours ahead of the portal
        result = doctor(config_file(tmp_path, ram_folder(300), portal_behind.url))
    assert result.passed("portal")
    assert result.text("clock") == ("sai khoảng 180 phút so với Cổng — Cách sửa: Bật tự đồng bộ giờ: timedatectl "
                                    "set-ntp true, rồi kiểm tra lại. Sai giờ làm trang Cổng không mở được.")
