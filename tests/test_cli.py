"""The `kiosk` command line as a technician runs it: real processes, exit codes and stderr lines."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+): (?P<key>\S+): (?P<problem>.+)$")


def kiosk(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], check=False,
        input=stdin, capture_output=True, text=True, env=env, timeout=60, cwd=ROOT,
    )


BAD_FILES = {
    "unknown-key": ("[session]\nidle_timout_s = 60\n", 2, "session.idle_timout_s"),
    "wrong-type": ('[session]\nidle_timeout_s = "two minutes"\n', 2, "session.idle_timeout_s"),
    "bad-toml": ("[session\nidle_timeout_s = 60\n", 1, "-"),
    "empty": ("", 1, "-"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_config_check_reports_file_line_key_and_exits_2(tmp_path, case):
    body, line, key = BAD_FILES[case]
    path = tmp_path / f"{case}.toml"
    path.write_text(body, encoding="utf-8")
    result = kiosk("config", "check", str(path))
    assert result.returncode == 2
    (only,) = result.stderr.splitlines()
    found = LINE.match(only)
    assert found, only
    assert (found["file"], int(found["line"]), found["key"]) == (str(path), line, key)
    assert "Traceback" not in result.stderr


def test_config_check_unreadable_file(tmp_path):
    result = kiosk("config", "check", str(tmp_path))  # a directory cannot be read as a file
    assert result.returncode == 2
    assert result.stderr.startswith(f"{tmp_path}:0: -: không đọc được tệp")


def test_config_check_valid_file(tmp_path):
    path = tmp_path / "ok.toml"
    path.write_text("[ui]\nlanguage = \"en\"\n", encoding="utf-8")
    result = kiosk("config", "check", str(path))
    assert (result.returncode, result.stderr) == (0, "")
    assert "hợp lệ" in result.stdout


def test_config_check_without_file_uses_the_site_file(tmp_path):
    site = tmp_path / "site.toml"
    env_site = {"KIOSK_SITE_CONFIG": str(site)}
    os.environ.update(env_site)
    try:
        assert kiosk("config", "check").returncode == 0
        site.write_text("[ui]\nlanguage = 3\n", encoding="utf-8")
        result = kiosk("config", "check")
        assert result.returncode == 2
        assert result.stderr.startswith(f"{site}:2: ui.language:")
    finally:
        os.environ["KIOSK_SITE_CONFIG"] = str(tmp_path / "none.toml")


def test_config_docs_prints_the_reference():
    result = kiosk("config", "docs")
    assert result.returncode == 0
    assert result.stdout == (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")


def test_hash_pin_from_stdin_verifies():
    from kiosk.admin_pin import verify_pin

    result = kiosk("admin", "hash-pin", stdin="482913\n")
    assert result.returncode == 0
    assert verify_pin("482913", result.stdout.strip())


def test_hash_pin_refuses_a_non_pin():
    result = kiosk("admin", "hash-pin", stdin="abc\n")
    assert result.returncode == 2
    assert "4 đến 8 chữ số" in result.stderr


def test_first_config_prints_a_working_pin_once_and_never_overwrites(tmp_path):
    from kiosk.admin_pin import verify_pin
    from kiosk.config import load_layers

    site = tmp_path / "etc" / "kiosk.toml"
    first = kiosk("admin", "first-config", str(site), "--data-dir", "/var/lib/commune-kiosk")
    assert first.returncode == 0, first.stderr
    pin = re.search(r"Mã PIN kỹ thuật viên: (\d{6}) ", first.stdout)
    assert pin is not None, first.stdout
    assert oct(site.stat().st_mode & 0o777) == "0o600"
    loaded = load_layers(site, None)
    assert loaded.problems == ()
    assert verify_pin(pin[1], loaded.config.admin.technician_pin_hash)
    assert loaded.config.paths.data_dir == "/var/lib/commune-kiosk"

    before = site.read_bytes()
    again = kiosk("admin", "first-config", str(site))
    assert again.returncode == 0 and pin[1] not in again.stdout and "giữ nguyên" in again.stdout
    assert site.read_bytes() == before


def test_the_packaged_kiosk_reads_the_site_config_in_etc_unless_told_otherwise(monkeypatch):
    from kiosk import paths

    monkeypatch.setattr(sys, "prefix", "/opt/commune-kiosk")
    monkeypatch.delenv("KIOSK_SITE_CONFIG")
    assert paths.site_config_file() == Path("/etc/commune-kiosk/kiosk.toml")
    monkeypatch.setenv("KIOSK_SITE_CONFIG", "/tmp/elsewhere.toml")
    assert paths.site_config_file() == Path("/tmp/elsewhere.toml")
    monkeypatch.delenv("KIOSK_SITE_CONFIG")
    monkeypatch.setattr(sys, "prefix", "/work/.venv")
    assert paths.site_config_file().name == "kiosk.toml" and not str(paths.site_config_file()).startswith("/etc")
