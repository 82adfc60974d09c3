"""Session documents: listing by content, page counts, lossless JPEG extraction."""

from __future__ import annotations

from kiosk.session_documents import embedded_jpeg, free_name, list_documents, page_count
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
