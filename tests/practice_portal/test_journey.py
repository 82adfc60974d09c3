"""The whole citizen journey over real HTTP: VNeID login on the SSO origin, dossier, receipt, tracking."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from kiosk.practice_portal import PracticePortal
from tests.practice_portal.conftest import Citizen, csrf

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def test_home_and_every_page_wear_the_practice_label(citizen):
    for path in ("/", "/p/home/dvc-tthc-category.html?keyword=khai+sinh", "/dang-nhap",
                 "/p/home/dvc-tra-cuu-ho-so.html", "/khong-co-trang-nay"):
        page = citizen.get(path)
        assert "BẢN TẬP HUẤN — không phải Cổng Dịch vụ công thật" in page.text, path


@pytest.mark.usefixtures("portal")
def test_login_needs_web_login_enabled_in_the_phone(citizen):
    citizen.get(f"{citizen.sso_url}/phone")
    rid = citizen.open_qr()
    refused = citizen.phone_confirm(rid)
    assert "chưa cho phép đăng nhập trên trang web" in refused.text
    assert "Cài đặt đăng nhập trên web" in refused.text
    assert citizen.get(f"{citizen.sso_url}/qr/status/{rid}").json() == {"status": "refused"}
    citizen.enable_web_login()
    rid = citizen.open_qr()  # "Tải lại": a new QR
    assert "Đăng nhập thành công" in citizen.phone_confirm(rid).text
    status = citizen.get(f"{citizen.sso_url}/qr/status/{rid}").json()
    assert status["status"] == "approved"
    home = citizen.get(status["redirect"])
    assert urlsplit(home.url).path == "/p/home/dvc-trang-chu.html"
    assert 'id="user-name"' in home.text


def test_qr_code_expires_and_reload_gives_a_new_one(citizen, portal, portal_clock):
    citizen.get(f"{citizen.sso_url}/phone")
    rid = citizen.open_qr()
    portal_clock.now += portal.context.qr_lifetime_s + 1
    assert citizen.get(f"{citizen.sso_url}/qr/status/{rid}").json() == {"status": "expired"}
    scan = citizen.get(f"{citizen.sso_url}/phone/scan", params={"rid": rid})
    assert 'id="phone-expired"' in scan.text
    fresh = citizen.open_qr()
    assert fresh != rid
    assert citizen.get(f"{citizen.sso_url}/qr/status/{fresh}").json() == {"status": "pending"}


def test_sso_cookie_lives_on_the_sso_origin_only(citizen):
    citizen.log_in()
    jar = {(cookie.domain, cookie.name) for cookie in citizen.http.cookies}
    sso_host = urlsplit(citizen.sso_url).hostname
    portal_host = urlsplit(citizen.portal_url).hostname
    assert (sso_host, "practice_sso_session") in jar
    assert (portal_host, "practice_sso_session") not in jar
    assert (portal_host, "session") in jar


def test_code_can_only_be_redeemed_once(citizen):
    citizen.get(f"{citizen.sso_url}/phone")
    citizen.enable_web_login()
    rid = citizen.open_qr()
    citizen.phone_confirm(rid)
    redirect = citizen.get(f"{citizen.sso_url}/qr/status/{rid}").json()["redirect"]
    code = dict(part.split("=") for part in urlsplit(redirect).query.split("&"))["code"]
    first = citizen.post(f"{citizen.sso_url}/oauth2/token", data={"code": code})
    assert first.status_code == 200 and first.json()["personal_id"].startswith("099")
    assert citizen.post(f"{citizen.sso_url}/oauth2/token", data={"code": code}).status_code == 400


def test_submitting_needs_login_and_comes_back_to_the_form(citizen):
    page = citizen.get("/nop-ho-so", params={"ma_thu_tuc": "TH.HT.01"})
    assert urlsplit(page.url).path == "/dang-nhap"
    back = citizen.log_in(next_path="/nop-ho-so?ma_thu_tuc=TH.HT.01")
    assert 'id="dossier-form"' in back.text


def test_whole_journey_free_procedure(citizen, portal, portal_clock):
    citizen.log_in()
    attach = citizen.fill_form("TH.HT.01")
    assert "/dinh-kem" in attach.url
    done = citizen.upload(attach.url, [("tep_giay_chung_sinh", ("Giấy chứng sinh.pdf", PDF))], go_on=True)
    assert done.url.endswith("/xac-nhan"), done.url
    assert "Giấy chứng sinh.pdf" in done.text
    receipt = citizen.post(done.url, data={"csrf_token": csrf(done.text)})
    assert "/bien-nhan/" in receipt.url
    code = urlsplit(receipt.url).path.rsplit("/", 1)[1]
    assert code.startswith("TH-") and code in receipt.text
    pdf = citizen.get(f"/bien-nhan/{code}.pdf")
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 2000
    mine = citizen.get("/p/home/dvc-quan-ly-ho-so.html")
    assert code in mine.text

    stranger = type(citizen)(portal)
    tracked = stranger.get("/p/home/dvc-tra-cuu-ho-so.html", params={"ma_ho_so": code.lower()})
    assert 'id="status">Đã tiếp nhận<' in tracked.text
    assert "Nguyễn Văn An" not in tracked.text  # the public page shows no personal data
    portal_clock.now += 60
    assert 'id="status">Đang xử lý<' in stranger.get("/p/home/dvc-tra-cuu-ho-so.html", params={"ma_ho_so": code}).text
    portal_clock.now += 600
    assert 'id="status">Đã có kết quả<' in stranger.get("/p/home/dvc-tra-cuu-ho-so.html", params={"ma_ho_so": code}).text
    assert stranger.get(f"/bien-nhan/{code}").url.endswith("/dang-nhap?next=/bien-nhan/" + code + "?")
    unknown = stranger.get("/p/home/dvc-tra-cuu-ho-so.html", params={"ma_ho_so": "TH-000000-000000"})
    assert "Chưa tìm thấy hồ sơ" in unknown.text and "chỉ giữ những hồ sơ tập nộp trong lượt này" in unknown.text
    assert "Hãy kiểm tra lại mã" not in unknown.text  # what may be wrong, never "you typed it wrong"


def test_procedure_with_a_fee_goes_through_practice_payment(citizen):
    citizen.log_in()
    attach = citizen.fill_form("TH.HT.05")
    pay = citizen.upload(attach.url, [], go_on=True)
    assert "/p/home/dvc-thanh-toan-phi-le-phi-ho-so.html" in pay.url
    assert "15.000 đồng" in pay.text and "<svg" in pay.text
    skipped = citizen.get(attach.url.replace("/dinh-kem", "/xac-nhan"))
    assert "/dvc-thanh-toan-phi-le-phi-ho-so.html" in skipped.url  # no confirm before paying
    confirm = citizen.post(pay.url.split("?")[0], data={"csrf_token": csrf(pay.text), "ho_so": pay.url.split("=")[-1]})
    assert confirm.url.endswith("/xac-nhan")
    assert "đã thanh toán (tập)" in confirm.text


def test_required_documents_must_be_attached(citizen):
    citizen.log_in()
    attach = citizen.fill_form("TH.HT.01")
    page = citizen.upload(attach.url, [], go_on=True)
    assert page.url == attach.url
    assert 'id="missing"' in page.text


def test_new_session_folder_means_a_clean_portal(citizen, portal, tmp_path):
    citizen.log_in()
    citizen.fill_form("TH.HT.01")
    portal.use_folder(tmp_path / "next-citizen")
    again = type(citizen)(portal)
    assert "Bạn chưa nộp hồ sơ nào" in again.log_in(next_path="/p/home/dvc-quan-ly-ho-so.html").text


@pytest.mark.usefixtures("portal")
def test_the_form_marks_its_required_fields_with_a_star_as_the_guide_says(citizen):
    import re

    citizen.log_in()
    page = citizen.get("/nop-ho-so", params={"ma_thu_tuc": "TH.HT.01"}).text
    labels = dict(re.findall(r'<label for="([a-z_]+)">(.*?)</label>', page, re.S))
    starred = {field for field, text in labels.items() if 'class="required"' in text}
    assert {"tinh", "co_quan", "ho_ten", "so_dinh_danh", "ngay_sinh", "dien_thoai", "dia_chi"} <= starred
    assert "email" in labels and "email" not in starred  # "(không bắt buộc)": no star
    assert "Ô có dấu <span class=\"required\">*</span> là bắt buộc" in page  # the same words as the guide


def test_a_practice_code_is_tracked_in_a_later_session_from_a_book_that_names_nobody(tmp_path, portal_settings,
                                                                                      portal_clock):
    book = tmp_path / "data" / "practice-tracking.sqlite"
    portal = PracticePortal(portal_settings, clock=portal_clock, book=book)
    portal.start(tmp_path / "monday")
    try:
        citizen = Citizen(portal)
        citizen.log_in()
        attach = citizen.fill_form("TH.HT.01")
        done = citizen.upload(attach.url, [("tep_giay_chung_sinh", ("Giấy chứng sinh.pdf", PDF))], go_on=True)
        receipt = citizen.post(done.url, data={"csrf_token": csrf(done.text)})
        code = urlsplit(receipt.url).path.rsplit("/", 1)[1]
        portal.use_folder(tmp_path / "friday")  # the session ended, its folder (and store) with it; a new citizen
        portal_clock.now += 4 * 86_400
        tracked = Citizen(portal).get("/p/home/dvc-tra-cuu-ho-so.html", params={"ma_ho_so": code})
        assert 'id="status">Đã có kết quả<' in tracked.text and 'id="earlier"' in tracked.text
        assert "Đăng ký khai sinh" in tracked.text
        unknown = Citizen(portal).get("/p/home/dvc-tra-cuu-ho-so.html", params={"ma_ho_so": "TH-000000-000000"})
        assert "trên máy này trong 60 ngày qua" in unknown.text
    finally:
        portal.stop()
    held = book.read_bytes()
    assert code.encode() in held
    for personal in ("Nguyễn Văn An".encode(), b"099123456789", "Giấy chứng sinh".encode()):
        assert personal not in held  # codes, procedures and times only
    later = PracticePortal(portal_settings, clock=lambda: portal_clock.now + 61 * 86_400, book=book)
    later.start(tmp_path / "two-months-on")
    try:  # a code is kept for 60 days, then dropped
        gone = Citizen(later).get("/p/home/dvc-tra-cuu-ho-so.html", params={"ma_ho_so": code})
        assert "Chưa tìm thấy hồ sơ" in gone.text
    finally:
        later.stop()
