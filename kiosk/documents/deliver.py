"""What the kiosk hands to the portal and keeps for the citizen: a session document as the portal's file picker
accepts it, and a downloaded file saved among the session's documents.

A one-page scan PDF goes to an images-only upload slot as the picture inside it: taken out unchanged when it is
a JPEG, else (a 1-bit text page) turned into a JPEG. Any other PDF page is drawn by the caller's renderer (the
kiosk passes QtPdf's). Everything written here lives in the session folder. Slow work: run it off the GUI thread.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pikepdf

from kiosk.session import make_folder
from kiosk.session_documents import Offer, documents_folder, embedded_jpeg, free_name

CONVERTED = "converted"
JPEG_QUALITY = 85
PageRenderer = Callable[[Path], bytes | None]  # a one-page PDF -> that page as JPEG bytes (None: cannot)


def single_image_jpeg(path: Path) -> bytes | None:
    """The page of a one-page PDF that holds exactly one image (as the kiosk's scans do), as JPEG bytes."""
    embedded = embedded_jpeg(path)
    if embedded is not None:
        return embedded
    try:
        with pikepdf.open(path) as pdf:
            if len(pdf.pages) != 1:
                return None
            images = list(pdf.pages[0].get_images().values())
            if len(images) != 1 or not isinstance(images[0], pikepdf.Stream):
                return None
            picture = pikepdf.PdfImage(images[0]).as_pil_image()
    except (pikepdf.PdfError, OSError, ValueError, NotImplementedError):
        return None
    out = io.BytesIO()
    picture.convert("L" if picture.mode in ("1", "L") else "RGB").save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def deliverable(session_dir: Path, offer: Offer, render: PageRenderer) -> Path | None:
    """The file to hand to the portal for `offer`: the document itself, or its page as a JPEG (in the session's
    `converted/` folder). None when the page cannot be turned into a picture."""
    path = offer.document.path
    if offer.convert_to is None:
        return path
    jpeg = single_image_jpeg(path) or render(path)
    if jpeg is None:
        return None
    target = free_name(make_folder(session_dir / CONVERTED), path.stem, "jpeg")
    target.write_bytes(jpeg)
    return target


def keep_download(session_dir: Path, source: Path) -> Path:
    """Copy a downloaded PDF among the session's documents (where the attach dialog lists it)."""
    target = free_name(documents_folder(session_dir), source.stem, "pdf")
    shutil.copyfile(source, target)
    return target

