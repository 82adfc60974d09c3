"""The documents of a session the portal's attach dialog may offer: what they are, and conversions.

Everything lives in the session's `documents/` folder (scans, saved downloads, conversions),
so it goes when the session goes. Page counts and JPEG extraction use pikepdf; a PDF page is
never re-encoded when the JPEG inside it can be taken out as it is.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pikepdf

from kiosk.file_kinds import SUFFIXES, sniff_file
from kiosk.session import make_folder

FOLDER = "documents"


@dataclasses.dataclass(frozen=True)
class SessionDocument:
    """One file the citizen may attach."""

    path: Path
    name: str
    kind: str
    pages: int
    size: int


def documents_folder(session_dir: Path) -> Path:
    """The session's documents folder (made private on first use)."""
    return make_folder(session_dir / FOLDER)


def page_count(path: Path) -> int:
    """Pages of a PDF (0 when it cannot be read); 1 for an image."""
    if sniff_file(path) != "pdf":
        return 1
    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    except (pikepdf.PdfError, OSError):
        return 0


def list_documents(session_dir: Path) -> list[SessionDocument]:
    """Recognised files of the session, oldest first (unreadable or unknown files are left out)."""
    found = []
    for path in sorted(documents_folder(session_dir).iterdir(), key=lambda p: (p.stat().st_mtime, p.name)):
        kind = sniff_file(path) if path.is_file() else None
        if kind is None:
            continue
        found.append(SessionDocument(path, path.name, kind, page_count(path), path.stat().st_size))
    return found


def free_name(folder: Path, stem: str, kind: str) -> Path:
    """`stem.ext` in `folder`, or `stem (2).ext`… when taken."""
    suffix = SUFFIXES[kind]
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem} ({number}){suffix}"
        number += 1
    return candidate


def embedded_jpeg(path: Path) -> bytes | None:
    """The JPEG of a one-page PDF whose page is a single JPEG image (as scans are), taken out unchanged."""
    try:
        with pikepdf.open(path) as pdf:
            if len(pdf.pages) != 1:
                return None
            images = list(pdf.pages[0].get_images().values())
            if len(images) != 1:
                return None
            stream = images[0]
            if not isinstance(stream, pikepdf.Stream):
                return None
            image = pikepdf.PdfImage(stream)
            if image.filters != ["/DCTDecode"]:
                return None
            out = io.BytesIO()
            image.extract_to(stream=out)
            return out.getvalue()
    except (pikepdf.PdfError, OSError, ValueError):
        return None


@dataclasses.dataclass(frozen=True)
class Offer:
    """A document the attach dialog offers, and the kind it must be converted to first (if any)."""

    document: SessionDocument
    convert_to: str | None = None


def offers(documents: list[SessionDocument], accepted: set[str]) -> list[Offer]:
    """What fits an `accept=` list: matching documents, and one-page PDFs as JPEG when only images are wanted."""
    found = []
    for document in documents:
        if document.kind in accepted:
            found.append(Offer(document))
        elif document.kind == "pdf" and document.pages == 1 and "jpeg" in accepted:
            found.append(Offer(document, "jpeg"))
    return found
