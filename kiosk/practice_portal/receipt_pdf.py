"""The dossier receipt (giấy biên nhận) as a PDF, with a font that covers Vietnamese."""

from __future__ import annotations

import io
import time

from fpdf import FPDF

from kiosk.pdf_fonts import vietnamese_fonts
from kiosk.practice_portal.web import PRACTICE_LABEL
from kiosk.printing.slip import qr_png

FPDF_A4_WIDTH_MM = 210
QR_MM = 32

def receipt_pdf(rows: list[tuple[str, str]], code: str, submitted: float, qr_text: str = "") -> bytes:
    """A one-page A4 receipt: title, practice label, the dossier code large, then label/value rows; with
    `qr_text`, a QR code of it in the top right corner, as the portal's receipts carry one since Circular
    01/2023/TT-VPCP (the practice portal puts its tracking page of the code there)."""
    regular, bold = vietnamese_fonts()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("body", "", str(regular))
    pdf.add_font("body", "B", str(bold))
    pdf.add_page()
    pdf.set_title(f"Biên nhận hồ sơ {code}")
    if qr_text:
        pdf.image(io.BytesIO(qr_png(qr_text)), x=FPDF_A4_WIDTH_MM - 15 - QR_MM, y=26, w=QR_MM, h=QR_MM)
    pdf.set_font("body", "B", 11)
    pdf.set_fill_color(250, 204, 21)
    pdf.cell(0, 9, PRACTICE_LABEL, align="C", fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("body", "B", 18)
    pdf.cell(0, 10, "GIẤY BIÊN NHẬN HỒ SƠ", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 11)
    when = time.strftime("%H:%M ngày %d/%m/%Y", time.localtime(submitted))
    pdf.cell(0, 7, f"Nộp trực tuyến lúc {when}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("body", "", 12)
    pdf.cell(0, 8, "Mã hồ sơ", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "B", 24)
    pdf.cell(0, 14, code, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for label, value in rows:
        pdf.set_font("body", "B", 11)
        pdf.cell(60, 8, label)
        pdf.set_font("body", "", 11)
        pdf.multi_cell(0, 8, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("body", "", 10)
    pdf.multi_cell(
        0, 6,
        "Hãy giữ mã hồ sơ để tra cứu tại mục «Tra cứu hồ sơ» trên Cổng. "
        "Đây là hồ sơ tập huấn: không có cơ quan nào giải quyết hồ sơ này.",
    )
    return bytes(pdf.output())
