"""Whether a portal page is a submission receipt, and the order steps are reported in.

Which journey step a page is comes from the guide (kiosk/guide/journey.toml); here only the receipt is
read, and only its dossier code and procedure name leave this module.
"""

from __future__ import annotations

import dataclasses
import re

# The order steps are listed in (reports): the kiosk's own screens, then the guide's journey
# (kiosk/guide/journey.toml), then the submission itself.
STEP_ORDER = ("start", "scan", "review", "portal", "vneid_level2", "activate", "web_login", "login", "procedure",
              "form", "attach", "payment", "submit", "submitted", "track")
RECEIPT_TITLE = re.compile(r"biên nhận|nộp hồ sơ thành công", re.IGNORECASE)
CODE_AFTER_LABEL = re.compile(r"Mã hồ sơ[^\n]*?[:\n]\s*([A-Z0-9][A-Z0-9.\-]{5,40})")
PROCEDURE_ROW = re.compile(r"Thủ tục\s*[:\t]\s*([^\n\t]{3,200})")


@dataclasses.dataclass(frozen=True)
class Submission:
    """What the follow-up list keeps of a receipt page."""

    code: str
    procedure: str


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
