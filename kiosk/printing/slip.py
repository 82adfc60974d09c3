"""The citizen's slip ("In phiếu hẹn"): one A5 page to take home with the dossier code in large type, a QR code a
phone's camera opens as the portal's tracking page for that code, the procedure, when it was submitted, the
appointment date when the receipt shows one, the commune centre's name and hotline, and how to track it.

Nothing of the citizen beyond what the receipt page showed them: no name, no address. The PDF is written into the
session's folder (wiped with the session) and printed from there like the portal's receipt. Qt-free.
"""

from __future__ import annotations

import dataclasses
import io
import time
from collections.abc import Callable
from pathlib import Path

import segno
from fpdf import FPDF

from kiosk.pdf_fonts import vietnamese_fonts
from kiosk.session import make_folder

Translate = Callable[..., str]
FOLDER = "slips"  # in the session's folder, apart from its documents: the slip is not a paper to attach
FILE_NAME = "phieu-hen.pdf"
PAGE_MM = (148.0, 210.0)  # A5: a receipt printer's second tray; an A4 printer gets it fitted to the page
MARGIN_MM = 12.0
QR_MM = 56.0  # at ~1.2 mm a module a phone reads it from half a metre; the test reads it back at 150 dpi
CODE_PT, CODE_MIN_PT = 30, 14  # a long code steps down until it fits the line


@dataclasses.dataclass(frozen=True)
class SlipFacts:
    """What goes on the slip: the receipt's code, procedure and appointment, the tracking address for the QR, and
    when the receipt was seen (seconds since the epoch)."""

    code: str
    procedure: str
    appointment: str
    tracking_url: str
    submitted_at: float


@dataclasses.dataclass(frozen=True)
class Centre:
    """The commune centre, from the config (`centre.name`, `centre.hotline`)."""

    name: str
    hotline: str


def qr_png(text: str) -> bytes:
    """`text` as a QR code PNG with the standard quiet zone (paper gets folded and photographed at an angle)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def slip_pdf(facts: SlipFacts, centre: Centre, tr: Translate, practice: bool = False) -> bytes:
    """The slip as a one-page PDF, its words from the catalogue in the citizen's language."""
    regular, bold = vietnamese_fonts()
    pdf = FPDF(format=PAGE_MM)
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.add_font("body", "", str(regular))
    pdf.add_font("body", "B", str(bold))
    pdf.add_page()
    pdf.set_title(tr("slip.title"))  # never the code: a PDF's title travels with it
    _heading(pdf, centre, tr, practice)
    _dossier(pdf, facts, tr)
    _tracking(pdf, facts.tracking_url, tr)
    if centre.hotline:
        pdf.set_font("body", "B", 13)
        pdf.cell(0, 7, tr("slip.hotline", hotline=centre.hotline), align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _heading(pdf: FPDF, centre: Centre, tr: Translate, practice: bool) -> None:
    if practice:
        pdf.set_font("body", "B", 10)
        pdf.set_fill_color(250, 204, 21)
        pdf.cell(0, 7, tr("slip.practice"), align="C", fill=True, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.set_font("body", "B", 11)
    pdf.multi_cell(0, 6, centre.name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "B", 20)
    pdf.cell(0, 11, tr("slip.title"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 10)
    pdf.multi_cell(0, 5, tr("slip.keep"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _dossier(pdf: FPDF, facts: SlipFacts, tr: Translate) -> None:
    """The code as large as its line allows, then the procedure, the time and the appointment."""
    pdf.set_font("body", "", 12)
    pdf.cell(0, 7, tr("slip.code"), align="C", new_x="LMARGIN", new_y="NEXT")
    size = CODE_PT
    pdf.set_font("body", "B", size)
    while size > CODE_MIN_PT and pdf.get_string_width(facts.code) > PAGE_MM[0] - 2 * MARGIN_MM:
        size -= 1
        pdf.set_font("body", "B", size)
    pdf.cell(0, size * 0.5, facts.code, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("body", "", 11)
    if facts.procedure:
        pdf.multi_cell(0, 6, tr("slip.procedure", procedure=facts.procedure), align="L", new_x="LMARGIN",
                       new_y="NEXT")
    when = time.strftime("%H:%M %d/%m/%Y", time.localtime(facts.submitted_at))
    pdf.multi_cell(0, 6, tr("slip.submitted", when=when), align="L", new_x="LMARGIN", new_y="NEXT")
    if facts.appointment:
        pdf.set_font("body", "B", 13)
        pdf.multi_cell(0, 7, tr("slip.appointment", date=facts.appointment), align="L", new_x="LMARGIN",
                       new_y="NEXT")
    pdf.ln(4)


def _tracking(pdf: FPDF, url: str, tr: Translate) -> None:
    """The QR code, and beside it how to track in two lines."""
    top = pdf.get_y()
    pdf.image(io.BytesIO(qr_png(url)), x=MARGIN_MM, y=top, w=QR_MM, h=QR_MM)
    beside, text_width = MARGIN_MM + QR_MM + 4, PAGE_MM[0] - 2 * MARGIN_MM - QR_MM - 4
    pdf.set_xy(beside, top + 2)
    pdf.set_font("body", "B", 12)
    pdf.multi_cell(text_width, 6, tr("slip.track.title"), align="L", new_x="LEFT", new_y="NEXT")
    pdf.set_font("body", "", 10.5)
    for line in ("slip.track.phone", "slip.track.kiosk"):
        pdf.set_xy(beside, pdf.get_y() + 1.5)
        pdf.multi_cell(text_width, 5.2, tr(line), align="L", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(MARGIN_MM, max(pdf.get_y(), top + QR_MM) + 5)


def write_slip(session_dir: Path, document: bytes) -> Path:
    """Keep the slip's PDF in the session's folder (private, wiped at the session's end); its path."""
    path = make_folder(session_dir / FOLDER) / FILE_NAME
    path.write_bytes(document)
    path.chmod(0o600)
    return path
