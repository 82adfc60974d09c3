"""What the portal gets for an images-only upload slot, and a download kept among the session's documents."""

from __future__ import annotations

import io

from PIL import Image

from kiosk.documents.deliver import CONVERTED, deliverable, keep_download, single_image_jpeg
from kiosk.documents.pipeline import build
from kiosk.session_documents import Offer, documents_folder, list_documents
from tests.pages import text_page
from tests.pdfs import JPEG_1PX, pdf_wrapping_jpeg


def test_a_scanned_text_page_in_1_bit_becomes_a_legible_jpeg(tmp_path):
    pdf = tmp_path / "to-khai.pdf"
    pdf.write_bytes(build([text_page(150)], 150).data)  # the kiosk's own scans: 1-bit CCITT G4 pages
    jpeg = single_image_jpeg(pdf)
    assert jpeg is not None and jpeg[:3] == b"\xff\xd8\xff"
    picture = Image.open(io.BytesIO(jpeg))
    assert picture.size[1] > 1000 and picture.mode == "L"


def test_a_jpeg_scan_is_handed_over_unchanged_and_a_pdf_slot_gets_the_pdf(tmp_path):
    session = tmp_path / "session"
    session.mkdir()
    (documents_folder(session) / "giay.pdf").write_bytes(pdf_wrapping_jpeg())
    (document,) = list_documents(session)
    as_image = deliverable(session, Offer(document, "jpeg"), lambda _path: None)
    assert as_image is not None and as_image.parent == session / CONVERTED
    assert as_image.read_bytes() == JPEG_1PX
    assert deliverable(session, Offer(document), lambda _path: None) == document.path


def test_a_page_that_is_not_a_scan_is_drawn_by_the_renderer_or_refused(tmp_path):
    session = tmp_path / "session"
    session.mkdir()
    receipt = documents_folder(session) / "bien-nhan.pdf"
    receipt.write_bytes(pdf_wrapping_jpeg(pages=2))  # not a one-image page: the renderer is asked
    (document,) = list_documents(session)
    drawn = deliverable(session, Offer(document, "jpeg"), lambda path: b"\xff\xd8\xff drawn " + path.name.encode())
    assert drawn is not None and drawn.read_bytes().endswith(b"bien-nhan.pdf")
    assert deliverable(session, Offer(document, "jpeg"), lambda _path: None) is None


def test_a_download_is_kept_under_a_free_name(tmp_path):
    session, source = tmp_path / "session", tmp_path / "bien-nhan.pdf"
    session.mkdir()
    source.write_bytes(pdf_wrapping_jpeg())
    first, second = keep_download(session, source), keep_download(session, source)
    assert (first.name, second.name) == ("bien-nhan.pdf", "bien-nhan (2).pdf")
    assert first.read_bytes() == source.read_bytes()
