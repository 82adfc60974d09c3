"""The real `kiosk` process starts and paints its attract screen whatever the config files hold."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

BAD = {
    "unknown-key": b"[session]\nidle_timout_s = 60\n",
    "wrong-type": b'[session]\nidle_timeout_s = "soon"\n',
    "bad-toml": b"[session\n",
    "empty": b"",
    "not-utf8": b"# Vi\xe9t\n",
}


def start_kiosk(tmp_path: Path, *args: str, site: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "KIOSK_SITE_CONFIG": str(site or tmp_path / "no-site.toml"),
        "TMPDIR": str(tmp_path),
    }
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--windowed", "--exit-after-paint", *args], check=False,
        capture_output=True, text=True, env=env, timeout=60, cwd=ROOT,
    )


def log_text(tmp_path: Path) -> str:
    return (tmp_path / "state" / "commune-kiosk" / "log" / "kiosk.log").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", BAD)
def test_kiosk_starts_on_defaults_with_a_bad_config(tmp_path, case):
    path = tmp_path / f"{case}.toml"
    path.write_bytes(BAD[case])
    result = start_kiosk(tmp_path, "--config", str(path))
    assert result.returncode == 0, result.stderr
    assert "attract-painted" in result.stdout
    assert "Traceback" not in result.stderr
    assert f"config: {path}:" in log_text(tmp_path)


def test_kiosk_starts_with_an_unreadable_site_file(tmp_path):
    site = tmp_path / "site.toml"
    site.mkdir()
    result = start_kiosk(tmp_path, site=site)
    assert result.returncode == 0, result.stderr
    assert "attract-painted" in result.stdout
    assert f"{site}:0: -: cannot read the file" in log_text(tmp_path)


def test_leftover_session_folders_are_wiped_at_start(tmp_path):
    sessions = tmp_path / "commune-kiosk-sessions"
    leftover = sessions / "session-abc-123"
    leftover.mkdir(parents=True)
    (leftover / "scan.pdf").write_bytes(b"%PDF citizen")
    result = start_kiosk(tmp_path, "--practice")
    assert result.returncode == 0, result.stderr
    assert not leftover.exists()
    audit = (tmp_path / "state" / "commune-kiosk" / "log" / "audit.log").read_text(encoding="utf-8")
    assert "kiosk exited (start-up bench)" in audit


def test_the_supervisor_logs_where_the_kiosk_processes_do(tmp_path):
    """`paths.log_dir` holds the supervisor's lines too (it used the default folder)."""
    import time

    logs = tmp_path / "logs"
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\nlog_dir = "{logs}"\n', encoding="utf-8")
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "KIOSK_SITE_CONFIG": str(tmp_path / "no-site.toml"), "TMPDIR": str(tmp_path)}
    kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "--windowed", "--config", str(config)], env=env,
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while "supervisor: kiosk process" not in ((logs / "kiosk.log").read_text(encoding="utf-8")
                                                  if (logs / "kiosk.log").exists() else ""):
            assert time.monotonic() < deadline and kiosk.poll() is None
            time.sleep(0.2)
    finally:
        kiosk.terminate()
        assert kiosk.wait(timeout=30) == 0
    assert not (tmp_path / "state" / "commune-kiosk" / "log" / "kiosk.log").exists()
