"""Which step of the journey a portal page is, and whether it is a submission receipt.

Provisional: the guided-journey issue brings the journey file with a recogniser per step; until then
these patterns cover the practice portal and the real portal's known addresses (shared PORTAL.md).
Only step names and, for a receipt, the dossier code and procedure name leave this module.
"""

from __future__ import annotations

import dataclasses
import re

PORTAL_STEPS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(pattern)) for name, pattern in (
    ("login", r"/oauth2/|sso\.dancuquocgia|/dang-nhap"),
    ("procedure", r"dvc-tthc-category|dvc-chi-tiet-thu-tuc|dvc-tthc-thu-tuc"),
    ("form", r"/nop-ho-so/?(\?|$)"),
    ("attach", r"/dinh-kem"),
    ("payment", r"thanh-toan"),
    ("confirm", r"/xac-nhan"),
    ("tracking", r"tra-cuu-ho-so|quan-ly-ho-so"),
))
# The order steps are listed in (reports): the kiosk's own screens, then the portal's journey.
STEP_ORDER = ("start", "scan", "review", "portal", "login", "procedure", "form", "attach", "payment", "confirm",
              "submitted", "tracking")
RECEIPT_TITLE = re.compile(r"biên nhận|nộp hồ sơ thành công", re.IGNORECASE)
CODE_AFTER_LABEL = re.compile(r"Mã hồ sơ[^\n]*?[:\n]\s*([A-Z0-9][A-Z0-9.\-]{5,40})")
PROCEDURE_ROW = re.compile(r"Thủ tục\s*[:\t]\s*([^\n\t]{3,200})")


@dataclasses.dataclass(frozen=True)
class Submission:
    """What the follow-up list keeps of a receipt page."""

    code: str
    procedure: str


def step_for_url(url: str) -> str | None:
    """The journey step a portal address belongs to, if any."""
    return next((name for name, pattern in PORTAL_STEPS if pattern.search(url)), None)


def looks_like_receipt(title: str) -> bool:
    """Whether a page title is a submission receipt (then its text is read once for the code)."""
    return bool(RECEIPT_TITLE.search(title))


def submission_in(text: str) -> Submission | None:
    """The dossier code and procedure on a receipt page's text; None when there is no code."""
    code = CODE_AFTER_LABEL.search(text)
    if code is None or not any(char.isdigit() for char in code.group(1)):
        return None
    procedure = PROCEDURE_ROW.search(text)
    return Submission(code.group(1), procedure.group(1).strip() if procedure else "")
