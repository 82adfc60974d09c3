"""What the end-of-submission screen reads off the portal's receipt page: the dossier code and the procedure (as
the statistics read them, kiosk/stats/milestones.py) and the appointment date when the page shows one.

Only what the citizen sees on the receipt is read, and of it only these three: never a name or an address.
"""

from __future__ import annotations

import dataclasses
import re

from kiosk.stats.milestones import submission_in

# The receipt's "Ngày hẹn trả kết quả" row (the portal's "giấy tiếp nhận và hẹn trả kết quả"): a date, perhaps
# with a time or a weekday, up to the row's end.
APPOINTMENT_ROW = re.compile(
    r"(?:Ngày hẹn trả(?: kết quả)?|Hẹn trả kết quả|Ngày trả kết quả)\s*[:\t\n]\s*([^\n\t]*\d[^\n\t]{2,60})",
    re.IGNORECASE,
)


@dataclasses.dataclass(frozen=True)
class Receipt:
    """A receipt page's dossier code, its procedure ("" when not shown) and appointment date ("" when none)."""

    code: str
    procedure: str
    appointment: str


def read_receipt(text: str) -> Receipt | None:
    """The receipt on a page's visible text; None when the page shows no dossier code."""
    found = submission_in(text)
    if found is None:
        return None
    appointment = APPOINTMENT_ROW.search(text)
    return Receipt(found.code, found.procedure, appointment.group(1).strip() if appointment else "")
