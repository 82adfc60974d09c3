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
