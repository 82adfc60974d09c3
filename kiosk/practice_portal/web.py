"""What both practice web apps share: their context, CSRF tokens, error pages and identities."""

from __future__ import annotations

import dataclasses
import hmac
import random
import secrets
import time
from http import HTTPStatus
from pathlib import Path

from flask import Flask, abort, render_template, request, session

from kiosk.practice_portal.catalogue import Catalogue
from kiosk.practice_portal.store import Store
from kiosk.practice_portal.tracking_book import TrackingBook
from kiosk.practice_portal.uploads import UploadLimits

HERE = Path(__file__).parent
PRACTICE_LABEL = "BẢN TẬP HUẤN — không phải Cổng Dịch vụ công thật"


@dataclasses.dataclass
class Context:
    """Shared by the portal and SSO apps; `store` is swapped for each citizen session, `book` (the codes tracking
    finds in later sessions) outlives them."""

    catalogue: Catalogue
    limits: UploadLimits
    qr_lifetime_s: int
    status_step_s: int
    portal_url: str = ""
    sso_url: str = ""
    store: Store | None = None
    book: TrackingBook | None = None

    def require_store(self) -> Store:
        """The current session's store; 503 while no session is open."""
        if self.store is None:
            abort(503)
        return self.store


def create_app(name: str, secret: bytes, error_template: str = "error.html") -> Flask:
    """A Flask app with the shared templates, static files, CSRF check and Vietnamese error pages."""
    app = Flask(name, template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    app.secret_key = secret
    # Uploaded files are spooled to disk by Werkzeug; text fields stay small.
    app.config["MAX_FORM_MEMORY_SIZE"] = 1024 * 1024
    app.jinja_env.globals.update(practice_label=PRACTICE_LABEL, csrf_token=csrf_token)
    app.jinja_env.filters["datetime"] = lambda seconds: time.strftime("%H:%M %d/%m/%Y", time.localtime(seconds))

    @app.before_request
    def check_csrf() -> None:
        exempt = request.endpoint in app.config.get("CSRF_EXEMPT", ())
        if request.method == "POST" and not exempt and not _csrf_ok(request.form.get("csrf_token", "")):
            abort(400, description="csrf")

    def error_page(error: Exception) -> tuple[str, int]:
        code = getattr(error, "code", 500) or 500
        title, text = ERRORS.get(code, ERRORS[500])
        if code == HTTPStatus.BAD_REQUEST and getattr(error, "description", "") == "csrf":
            text = "Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ (CSRF). Hãy tải lại trang rồi thử lại."
        return render_template(error_template, title=title, text=text, code=code), code

    for code in (400, 403, 404, 413, 500, 503):
        app.register_error_handler(code, error_page)
    return app


def csrf_token() -> str:
    """The session's CSRF token, made on first use."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return str(session["csrf"])


def _csrf_ok(sent: str) -> bool:
    expected = session.get("csrf")
    return bool(expected) and hmac.compare_digest(str(expected), sent)


ERRORS = {
    400: ("Yêu cầu không hợp lệ", "Trang đã cũ hoặc thiếu mã bảo vệ. Hãy quay lại và thử lại."),
    403: ("Không có quyền truy cập", "Bạn không được xem trang này."),
    404: ("Không tìm thấy trang", "Địa chỉ này không có trên Cổng. Hãy quay về trang chủ."),
    413: ("Tệp quá lớn", "Tệp gửi lên vượt quá giới hạn cho phép. Hãy quét lại với chất lượng thấp hơn hoặc chia nhỏ."),
    500: ("Có lỗi xảy ra", "Hệ thống gặp sự cố. Hãy thử lại hoặc nhờ cán bộ hỗ trợ."),
    503: ("Chưa sẵn sàng", "Bản tập huấn đang khởi động lại cho người dùng mới. Hãy thử lại sau giây lát."),
}


FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = ("Văn", "Thị", "Hữu", "Minh", "Thu", "Đức", "Ngọc")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hạnh", "Lan", "Nam", "Phúc", "Tâm", "Thảo", "Vinh")


def practice_identity() -> tuple[str, str]:
    """A generated name and a 12-digit number starting 099 (no province has that code)."""
    rng = random.SystemRandom()
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return name, "099" + "".join(rng.choice("0123456789") for _ in range(9))
