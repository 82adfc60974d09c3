"""Small real PDF and JPEG files for tests, made with pikepdf (no image library needed)."""

from __future__ import annotations

import io

import pikepdf

# A 1x1 grey baseline JPEG.
JPEG_1PX = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d"
    "1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100ffc4001f000001050101"
    "0101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d010203000411051221314106"
    "13516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455"
    "565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9ba"
    "c2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9"
)


def pdf_wrapping_jpeg(jpeg: bytes = JPEG_1PX, pages: int = 1, marker: str = "") -> bytes:
    """A PDF whose every page is the JPEG (as a scanner's PDF is); `marker` goes into its metadata."""
    pdf = pikepdf.new()
    for _ in range(pages):
        image = pikepdf.Stream(pdf, jpeg, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=1, Height=1,
                               ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8, Filter=pikepdf.Name.DCTDecode)
        content = pikepdf.Stream(pdf, b"q 100 0 0 100 0 0 cm /Im0 Do Q")
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 100, 100], Contents=content,
                                  Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)))
        pdf.pages.append(pikepdf.Page(page))
    if marker:
        pdf.docinfo["/Title"] = marker
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()
