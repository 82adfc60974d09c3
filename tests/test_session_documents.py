"""Session documents: listing by content, page counts, lossless JPEG extraction."""

from __future__ import annotations

import io

import pikepdf

from kiosk.session_documents import embedded_jpeg, free_name, list_documents, page_count

# A tiny real JPEG (1x1 grey), written by hand-free means: PIL is not a dependency, so build it with pikepdf.
JPEG_1PX = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d"
    "1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100ffc4001f000001050101"
    "0101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d010203000411051221314106"
    "13516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455"
    "565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9ba"
    "c2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9"
)


def pdf_wrapping_jpeg(jpeg: bytes, pages: int = 1) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        image = pikepdf.Stream(pdf, jpeg, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=1, Height=1,
                               ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8, Filter=pikepdf.Name.DCTDecode)
        content = pikepdf.Stream(pdf, b"q 100 0 0 100 0 0 cm /Im0 Do Q")
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 100, 100], Contents=content,
                                  Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)))
        pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


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
