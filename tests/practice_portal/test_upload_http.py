"""Upload and form rejections as the server answers them, and CSRF."""

from __future__ import annotations

from tests.practice_portal.conftest import csrf

MB = 1024 * 1024
PDF = b"%PDF-1.7\n"


def pdf_of(size: int) -> bytes:
    return PDF + b"0" * (size - len(PDF))


def test_form_errors_are_shown_next_to_each_field(citizen):
    citizen.log_in()
    page = citizen.fill_form("TH.HT.01", so_dinh_danh="12345", dien_thoai="12", ngay_sinh="31/02/1960",
                             ten_tre="", co_quan="Xã không có")
    assert "/nop-ho-so" in page.url and 'id="form-errors"' in page.text
    assert 'id="so_dinh_danh-error">Số định danh cá nhân phải gồm đúng 12 chữ số.' in page.text
    assert 'id="dien_thoai-error">Số điện thoại di động gồm 10 chữ số' in page.text
    assert 'id="ngay_sinh-error">Ngày không hợp lệ' in page.text
    assert 'id="ten_tre-error">Vui lòng nhập thông tin này.' in page.text
    assert 'id="co_quan-error">Vui lòng chọn tỉnh và cơ quan tiếp nhận.' in page.text
    assert 'value="12345"' in page.text  # what the citizen typed is kept


def test_renamed_file_is_rejected_by_content(citizen):
    citizen.log_in()
    attach = citizen.fill_form("TH.HT.01")
    page = citizen.upload(attach.url, [("tep_giay_chung_sinh", ("giay-chung-sinh.pdf", b"MZ\x90\x00 not a pdf"))])
    assert "giay-chung-sinh.pdf</strong>: Tệp không đúng định dạng" in page.text
    assert "✔" not in page.text


def test_per_file_and_per_dossier_limits_over_http(citizen, portal):
    citizen.log_in()
    attach = citizen.fill_form("TH.HT.01")
    at_limit = citizen.upload(attach.url, [("tep_giay_chung_sinh", ("a.pdf", pdf_of(MB)))])
    assert "Đã nhận tệp <strong>a.pdf" in at_limit.text
    over = citizen.upload(attach.url, [("tep_giay_chung_sinh", ("b.pdf", pdf_of(MB + 1)))])
    assert "b.pdf</strong>: Tệp quá lớn (1.0 MB). Mỗi tệp tối đa 1 MB." in over.text
    second = citizen.upload(attach.url, [("tep_giay_ket_hon", ("c.pdf", pdf_of(MB)))])
    assert "Đã nhận tệp <strong>c.pdf" in second.text
    third = citizen.upload(attach.url, [("tep_uy_quyen", ("d.pdf", pdf_of(10)))])
    assert "d.pdf</strong>: Tổng dung lượng hồ sơ vượt quá 2 MB." in third.text
    stored = sorted(path.stat().st_size for path in portal.context.store.uploads.iterdir())
    assert stored == [MB, MB]


def test_several_files_for_one_document_and_removing_one(citizen, portal):
    citizen.log_in()
    attach = citizen.fill_form("TH.HT.01")
    page = citizen.upload(attach.url, [("tep_giay_chung_sinh", ("trang-1.pdf", PDF + b"1")),
                                       ("tep_giay_chung_sinh", ("trang-2.pdf", PDF + b"2"))])
    assert page.text.count("✔") == 2
    files = portal.context.store.attachments(attach.url.split("/")[-2])
    removed = citizen.post(attach.url.replace("/dinh-kem", "/xoa-tep"),
                           data={"csrf_token": csrf(page.text), "tep": files[0].id})
    assert removed.text.count("✔") == 1 and "trang-2.pdf" in removed.text


def test_the_same_files_sent_again_are_kept_once(citizen, portal):
    """Issue 20, trap 8: two files, Tiếp tục, the toolbar's "Quay lại", Tiếp tục again: the receipt said four."""
    citizen.log_in()
    attach = citizen.fill_form("TH.HT.01")
    files = [("tep_giay_chung_sinh", ("trang-1.pdf", PDF + b"1")), ("tep_giay_chung_sinh", ("trang-2.pdf", PDF + b"2"))]
    citizen.upload(attach.url, files)
    again = citizen.upload(attach.url, files)  # what a form restored by the browser sends
    assert again.text.count("✔") == 2
    assert len(portal.context.store.attachments(attach.url.split("/")[-2])) == 2
    other = citizen.upload(attach.url, [("tep_giay_ket_hon", ("trang-1.pdf", PDF + b"1"))])  # another slot: its own
    assert other.text.count("✔") == 3


def test_traversal_name_is_stored_inside_the_session(citizen, portal, tmp_path):
    citizen.log_in()
    attach = citizen.fill_form("TH.HT.01")
    page = citizen.upload(attach.url, [("tep_giay_chung_sinh", ("../../../../tmp/evil.pdf", PDF))])
    assert "✔ evil.pdf" in page.text
    (stored,) = portal.context.store.uploads.iterdir()
    assert stored.parent == portal.context.store.uploads and stored.suffix == ".pdf"
    assert not (tmp_path.parent / "evil.pdf").exists()


def test_post_without_csrf_token_is_refused(citizen):
    citizen.log_in()
    page = citizen.get("/nop-ho-so", params={"ma_thu_tuc": "TH.HT.01"})
    assert csrf(page.text)
    refused = citizen.post("/nop-ho-so", data={"ma_thu_tuc": "TH.HT.01", "ho_ten": "An"})
    assert refused.status_code == 400
    assert "thiếu mã bảo vệ (CSRF)" in refused.text
    wrong = citizen.post("/nop-ho-so", data={"ma_thu_tuc": "TH.HT.01", "csrf_token": "forged"})
    assert wrong.status_code == 400
    logout = citizen.post("/dang-xuat", data={})
    assert logout.status_code == 400


def test_portal_without_a_session_says_so_in_vietnamese(citizen, portal):
    portal.use_folder(None)
    page = citizen.get("/p/home/dvc-tra-cuu-ho-so.html", params={"ma_ho_so": "TH-1"})
    assert page.status_code == 503 and "Chưa sẵn sàng" in page.text
