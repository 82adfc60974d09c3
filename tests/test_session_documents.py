"""Session documents: listing by content, page counts, lossless JPEG extraction."""

from __future__ import annotations

from kiosk.session_documents import (
    card_pairs,
    embedded_jpeg,
    file_card_sides,
    free_name,
    list_documents,
    offers,
    page_count,
)
from tests.pdfs import JPEG_1PX, pdf_wrapping_jpeg


def test_lists_by_content_with_pages(tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "giay-chung-sinh.pdf").write_bytes(pdf_wrapping_jpeg(JPEG_1PX, pages=3))
    (folder / "anh.jpg").write_bytes(JPEG_1PX)
    (folder / "virus.pdf").write_bytes(b"MZ not a pdf")
    documents = {doc.name: doc for doc in list_documents(tmp_path)}
    assert set(documents) == {"giay-chung-sinh.pdf", "anh.jpg"}
    assert documents["giay-chung-sinh.pdf"].pages == 3 and documents["giay-chung-sinh.pdf"].kind == "pdf"
    assert documents["anh.jpg"].pages == 1 and documents["anh.jpg"].kind == "jpeg"


def test_embedded_jpeg_is_taken_out_byte_for_byte(tmp_path):
    one = tmp_path / "one.pdf"
    one.write_bytes(pdf_wrapping_jpeg(JPEG_1PX))
    assert embedded_jpeg(one) == JPEG_1PX
    two = tmp_path / "two.pdf"
    two.write_bytes(pdf_wrapping_jpeg(JPEG_1PX, pages=2))
    assert embedded_jpeg(two) is None
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 garbage")
    assert embedded_jpeg(broken) is None and page_count(broken) == 0


def test_free_name_never_overwrites(tmp_path):
    (tmp_path / "bien-nhan.pdf").write_bytes(b"%PDF")
    assert free_name(tmp_path, "bien-nhan", "pdf").name == "bien-nhan (2).pdf"
    assert free_name(tmp_path, "anh", "jpeg").name == "anh.jpg"


def test_a_cards_two_sides_are_one_offer_for_several_images_and_two_for_one(tmp_path):
    scans = tmp_path / "scans"
    scans.mkdir()
    sides = (scans / "front.jpg", scans / "back.jpg")
    for side in sides:
        side.write_bytes(JPEG_1PX)
    sheet = tmp_path / "documents" / "CCCD.pdf"
    sheet.parent.mkdir()
    sheet.write_bytes(pdf_wrapping_jpeg())
    front, back = file_card_sides(tmp_path, sheet, sides, ("mặt trước", "mặt sau"))
    assert (front.name, back.name) == ("CCCD (mặt trước).jpg", "CCCD (mặt sau).jpg")
    pairs = card_pairs(tmp_path)
    assert pairs == {front.name: back.name}
    documents = list_documents(tmp_path)
    (pair,) = [offer for offer in offers(documents, {"jpeg"}, pairs, multiple=True) if offer.also]
    assert pair.document.name == front.name and [side.name for side in pair.also] == [back.name]
    assert {o.document.name for o in offers(documents, {"jpeg"}, pairs, multiple=True)} == {"CCCD.pdf", front.name}
    single = offers(documents, {"jpeg"}, pairs, multiple=False)
    assert {o.document.name for o in single} == {"CCCD.pdf", front.name, back.name} and not any(o.also for o in single)
    assert [o.document.name for o in offers(documents, {"pdf"}, pairs, multiple=True)] == ["CCCD.pdf"]
