"""A running practice portal on loopback and a citizen's browser-like HTTP client for it."""

from __future__ import annotations

import dataclasses
import re

import pytest
import requests

from kiosk.config.schema import PracticeSettings
from kiosk.practice_portal import PracticePortal

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
RID = re.compile(r'const rid = "([^"]+)"')


def csrf(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


class Clock:
    def __init__(self) -> None:
        self.now = 1_780_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def portal_clock() -> Clock:
    return Clock()


@pytest.fixture
def portal_settings() -> PracticeSettings:
    return dataclasses.replace(PracticeSettings(), max_file_mb=1.0, max_dossier_mb=2.0, status_step_s=60)


@pytest.fixture
def portal(tmp_path, portal_settings, portal_clock):
    server = PracticePortal(portal_settings, clock=portal_clock)
    server.start(tmp_path / "practice-portal")
    yield server
    server.stop()


class Citizen:
    """A requests session that walks the portal like a browser (cookies per host, redirects)."""

    def __init__(self, portal: PracticePortal | None = None, *, urls: tuple[str, str] | None = None) -> None:
        """A citizen of an in-process portal, or of one at `urls` (portal, SSO), e.g. another process."""
        self.portal = portal
        self.http = requests.Session()
        if portal is not None:
            urls = (portal.context.portal_url, portal.context.sso_url)
        assert urls is not None
        self.portal_url, self.sso_url = urls

    def get(self, url: str, **kwargs) -> requests.Response:
        return self.http.get(url if url.startswith("http") else self.portal_url + url, timeout=10, **kwargs)

    def post(self, url: str, **kwargs) -> requests.Response:
        return self.http.post(url if url.startswith("http") else self.portal_url + url, timeout=30, **kwargs)

    def open_qr(self, next_path: str = "/p/home/dvc-trang-chu.html") -> str:
        page = self.get("/dang-nhap/vneid", params={"next": next_path})
        assert page.url.startswith(self.sso_url + "/oauth2/authorize")
        return RID.search(page.text).group(1)

    def phone_confirm(self, rid: str) -> requests.Response:
        scan = self.get(f"{self.sso_url}/phone/scan", params={"rid": rid})
        return self.post(f"{self.sso_url}/phone/confirm", data={"rid": rid, "csrf_token": csrf(scan.text)})

    def enable_web_login(self) -> None:
        page = self.get(f"{self.sso_url}/phone/settings")
        self.post(f"{self.sso_url}/phone/settings", data={"web_login": "on", "csrf_token": csrf(page.text)})

    def log_in(self, next_path: str = "/p/home/dvc-trang-chu.html") -> requests.Response:
        """The whole VNeID login: QR, phone (enabling web login first), back on the portal."""
        self.get(f"{self.sso_url}/phone")
        self.enable_web_login()
        rid = self.open_qr(next_path)
        self.phone_confirm(rid)
        status = self.get(f"{self.sso_url}/qr/status/{rid}").json()
        assert status["status"] == "approved"
        return self.get(status["redirect"])

    def fill_form(self, code: str, **overrides: str) -> requests.Response:
        page = self.get("/nop-ho-so", params={"ma_thu_tuc": code})
        values = {
            "csrf_token": csrf(page.text), "ma_thu_tuc": code, "tinh": "Tỉnh Lào Cai", "co_quan": "Xã Bắc Hà",
            "ho_ten": "Nguyễn Văn An", "so_dinh_danh": "099123456789", "ngay_sinh": "05/09/1960",
            "dien_thoai": "0912345678", "email": "", "dia_chi": "Thôn 1, xã Bắc Hà",
            "ten_tre": "Nguyễn Thị Bình", "ngay_sinh_tre": "01/01/2025", "gioi_tinh_tre": "Nữ",
            "noi_sinh": "Trạm y tế xã Bắc Hà",
            "muc_dich": "Đăng ký kết hôn",
        }
        values.update(overrides)
        return self.post("/nop-ho-so", data=values)

    def upload(self, attach_url: str, files: list[tuple[str, tuple[str, bytes]]], go_on: bool = False):
        page = self.get(attach_url)
        data = {"csrf_token": csrf(page.text)}
        if go_on:
            data["tiep_tuc"] = "1"
        return self.post(attach_url, data=data, files=files)


@pytest.fixture
def citizen(portal) -> Citizen:
    return Citizen(portal)
