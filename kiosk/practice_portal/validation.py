"""E-form validation with the Vietnamese messages shown next to each field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from kiosk.practice_portal.catalogue import FormField

APPLICANT_FIELDS = (
    FormField("ho_ten", "Họ và tên người nộp", "name"),
    FormField("so_dinh_danh", "Số định danh cá nhân", "personal_id"),
    FormField("ngay_sinh", "Ngày sinh", "past_date"),
    FormField("dien_thoai", "Số điện thoại di động", "phone"),
    FormField("email", "Thư điện tử (không bắt buộc)", "email", required=False),
    FormField("dia_chi", "Địa chỉ liên hệ", "text"),
)

NAME_MAX = 100
TEXT_MAX = 500
COUNT_MAX = 20
EARLIEST_YEAR = 1900

_PERSONAL_ID = re.compile(r"^\d{12}$")
_PHONE = re.compile(r"^0[35789]\d{8}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NAME = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")

MESSAGES = {
    "required": "Vui lòng nhập thông tin này.",
    "name": "Họ tên chỉ gồm chữ cái và dấu cách.",
    "name_long": f"Họ tên dài quá {NAME_MAX} ký tự.",
    "personal_id": "Số định danh cá nhân phải gồm đúng 12 chữ số.",
    "date": "Ngày không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/09/1960.",
    "date_future": "Ngày này chưa đến. Hãy kiểm tra lại.",
    "date_past": "Ngày này đã qua. Hãy chọn từ hôm nay trở đi.",
    "date_old": f"Năm phải từ {EARLIEST_YEAR} trở đi.",
    "phone": "Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09.",
    "email": "Địa chỉ thư điện tử không hợp lệ, ví dụ: ten@example.com.",
    "text_long": f"Nội dung dài quá {TEXT_MAX} ký tự.",
    "choice": "Vui lòng chọn một mục trong danh sách.",
    "count": f"Hãy nhập một số từ 1 đến {COUNT_MAX}.",
}


def parse_date(text: str) -> dt.date | None:
    """A date typed as dd/mm/yyyy (or the yyyy-mm-dd an HTML date input sends)."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def check_value(field: FormField, raw: str, today: dt.date) -> str | None:  # noqa: PLR0911, PLR0912 - one rule each
    """The message key for what is wrong with one value, or None."""
    value = raw.strip()
    if not value:
        return "required" if field.required else None
    kind = field.type
    if kind == "name":
        if len(value) > NAME_MAX:
            return "name_long"
        return None if _NAME.match(value) else "name"
    if kind == "personal_id":
        return None if _PERSONAL_ID.match(value) else "personal_id"
    if kind == "phone":
        compact = re.sub(r"[ .]", "", value)
        compact = "0" + compact[3:] if compact.startswith("+84") else compact
        return None if _PHONE.match(compact) else "phone"
    if kind == "email":
        return None if _EMAIL.match(value) else "email"
    if kind in ("past_date", "future_date"):
        date = parse_date(value)
        if date is None:
            return "date"
        if date.year < EARLIEST_YEAR:
            return "date_old"
        if kind == "past_date" and date > today:
            return "date_future"
        if kind == "future_date" and date < today:
            return "date_past"
        return None
    if kind == "choice":
        return None if value in field.choices else "choice"
    if kind == "count":
        return None if value.isdigit() and 1 <= int(value) <= COUNT_MAX else "count"
    return "text_long" if len(value) > TEXT_MAX else None


def validate(fields: Iterable[FormField], values: Mapping[str, str], today: dt.date) -> dict[str, str]:
    """Field id -> Vietnamese message for every field that is wrong."""
    errors = {}
    for field in fields:
        problem = check_value(field, values.get(field.id, ""), today)
        if problem:
            errors[field.id] = MESSAGES[problem]
    return errors
