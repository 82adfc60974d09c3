"""A 200 MB upload to the real `kiosk practice-portal` process is refused without holding it in memory."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.practice_portal.conftest import Citizen, csrf

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
UPLOAD_MB = 200
RSS_BUDGET_MB = 50


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


class StreamingMultipart:
    """A multipart body of one big PDF-looking file, produced chunk by chunk (never whole in memory)."""

    boundary = "kioskboundary7MA4YWxkTrZu0gW"

    def __init__(self, field: str, name: str, size: int, token: str) -> None:
        head = (f"--{self.boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
                f"--{self.boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n"
                "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n").encode()
        self._parts = [head, None, f"\r\n--{self.boundary}--\r\n".encode()]
        self._filler = size - len(b"%PDF-1.7\n")
        self.length = len(head) + self._filler + len(self._parts[2])
        self._chunk = b"0" * MB

    def __len__(self) -> int:
        return self.length

    def __iter__(self):
        yield self._parts[0]
        left = self._filler
        while left > 0:
            piece = self._chunk[: min(MB, left)]
            left -= len(piece)
            yield piece
        yield self._parts[2]


@pytest.fixture
def portal_process(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text("[practice]\nmax_file_mb = 1.0\nmax_dossier_mb = 2.0\n", encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(tmp_path), "KIOSK_SITE_CONFIG": str(tmp_path / "none.toml")}
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(config), "practice-portal", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )
    line = process.stdout.readline()
    url = re.search(r"(http://127\.0\.0\.1:\d+)", line)
    assert url, line + process.stderr.read()
    yield process, url.group(1)
    process.terminate()
    process.wait(timeout=10)


def test_oversized_upload_rejected_with_small_peak_memory(portal_process):
    import requests

    process, base = portal_process
    sso = requests.get(f"{base}/dang-nhap/vneid", timeout=10).url.split("/oauth2")[0]
    citizen = Citizen(urls=(base, sso))
    citizen.log_in()
    attach = citizen.fill_form("TH.HT.01")
    assert "/dinh-kem" in attach.url
    http = citizen.http
    before = peak_rss_mb(process.pid)
    body = StreamingMultipart("tep_giay_chung_sinh", "to-qua.pdf", UPLOAD_MB * MB, csrf(attach.text))
    answer = http.post(attach.url, data=body, timeout=120,
                       headers={"Content-Type": f"multipart/form-data; boundary={body.boundary}"})
    after = peak_rss_mb(process.pid)
    assert answer.status_code == 200
    assert "to-qua.pdf</strong>: Tệp quá lớn (200.0 MB). Mỗi tệp tối đa 1 MB." in answer.text
    growth = after - before
    print(f"peak RSS before {before:.1f} MB, after a {UPLOAD_MB} MB upload {after:.1f} MB (+{growth:.1f} MB)")
    assert growth < RSS_BUDGET_MB
