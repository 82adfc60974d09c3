"""Validation rules, catalogue search and upload checks as units (both sides of every limit)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.file_kinds import safe_file_name
from kiosk.practice_portal import uploads
from kiosk.practice_portal.catalogue import FormField, fold, load_catalogue
from kiosk.practice_portal.validation import MESSAGES, check_value

TODAY = dt.date(2026, 11, 22)


def rule(kind: str, value: str, **extra) -> str | None:
    return check_value(FormField("x", "X", kind, **extra), value, TODAY)


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("personal_id", "09912345678", "personal_id"),       # 11 digits
        ("personal_id", "099123456789", None),               # 12 digits
        ("personal_id", "0991234567890", "personal_id"),     # 13 digits
        ("personal_id", "09912345678a", "personal_id"),
        ("phone", "091234567", "phone"),                      # 9 digits
        ("phone", "0912345678", None),
        ("phone", "09123456789", "phone"),                    # 11 digits
        ("phone", "0212345678", "phone"),                     # landline prefix
        ("phone", "+84 912 345 678", None),
        ("past_date", "22/11/2026", None),                    # today
        ("past_date", "23/11/2026", "date_future"),           # tomorrow
        ("past_date", "31/02/2020", "date"),
        ("past_date", "2020-02-29", None),
        ("past_date", "31/12/1899", "date_old"),
        ("past_date", "01/01/1900", None),
        ("future_date", "21/11/2026", "date_past"),
        ("future_date", "22/11/2026", None),
        ("name", "A" * 100, None),
        ("name", "A" * 101, "name_long"),
        ("name", "Nguyễn Thị Ánh", None),
        ("name", "Nguyễn 2", "name"),
        ("text", "x" * 500, None),
        ("text", "x" * 501, "text_long"),
        ("text", "   ", "required"),
        ("email", "", None),
        ("email", "an@example.vn", None),
        ("email", "an@", "email"),
        ("count", "0", "count"),
        ("count", "1", None),
        ("count", "20", None),
        ("count", "21", "count"),
    ],
)
def test_each_rule_on_both_sides_of_its_limit(kind, value, expected):
    extra = {"required": False} if kind == "email" else {}
    assert rule(kind, value, **extra) == expected


def test_choice_must_be_in_the_list():
    assert rule("choice", "Nam", choices=("Nam", "Nữ")) is None
    assert rule("choice", "Khác", choices=("Nam", "Nữ")) == "choice"


def test_every_message_is_vietnamese_text():
    assert all(message.endswith(".") and len(message) > 10 for message in MESSAGES.values())


def test_catalogue_has_twelve_real_commune_procedures_with_documents():
    catalogue = load_catalogue()
    assert len(catalogue.procedures) >= 12
    assert {p.level for p in catalogue.procedures} == {"toàn trình", "một phần"}
    for procedure in catalogue.procedures:
        assert procedure.field in catalogue.fields
        assert procedure.documents and procedure.fee_text and procedure.time


@pytest.mark.parametrize("keyword", ["khai sinh", "KHAI SINH", "khai sinh", "đăng ký khai sinh", "dang ky khai sinh"])
def test_search_with_and_without_diacritics(keyword):
    names = [p.name for p in load_catalogue().search(keyword)]
    assert names == ["Đăng ký khai sinh"]


def test_search_by_field_and_nothing_found():
    catalogue = load_catalogue()
    assert {p.field for p in catalogue.search(field="chung_thuc")} == {"chung_thuc"}
    assert catalogue.search("xin visa") == []
    assert fold("Đồng Tháp") == "dong thap"


LIMITS = uploads.UploadLimits(max_file_bytes=1000, max_dossier_bytes=1500)
PDF = b"%PDF-1.7\n"


def test_type_is_decided_by_content_not_name():
    assert uploads.check(b"PK\x03\x04zipfile", 100, 0, LIMITS).startswith("Tệp không đúng định dạng")
    assert uploads.check(PDF, 100, 0, LIMITS) is None
    assert uploads.check(b"\x89PNG\r\n\x1a\n", 100, 0, LIMITS) is None
    only_pdf = uploads.UploadLimits(allowed=("pdf",))
    assert uploads.check(b"\xff\xd8\xff\xe0", 100, 0, only_pdf).startswith("Tệp không đúng định dạng")


def test_size_limits_on_both_sides():
    assert uploads.check(PDF, 1000, 0, LIMITS) is None
    assert uploads.check(PDF, 1001, 0, LIMITS).startswith("Tệp quá lớn")
    assert uploads.check(PDF, 500, 1000, LIMITS) is None
    assert uploads.check(PDF, 501, 1000, LIMITS).startswith("Tổng dung lượng hồ sơ vượt quá")
    assert uploads.check(b"", 0, 0, LIMITS) == "Tệp rỗng, không có nội dung."


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\system.ini", "system.ini"),
        ("/abs/path/Giấy chứng sinh.pdf", "Giấy chứng sinh.pdf"),
        ("..", "tep-dinh-kem"),
        ("bad\x00name\n.pdf", "badname.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_names_are_neutralised(name, shown):
    assert safe_file_name(name) == shown
