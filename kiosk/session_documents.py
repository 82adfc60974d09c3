"""The documents of a session the portal's attach dialog may offer: what they are, and conversions.

Everything lives in the session's `documents/` folder (scans, saved downloads, conversions),
so it goes when the session goes. Page counts and JPEG extraction use pikepdf; a PDF page is
never re-encoded when the JPEG inside it can be taken out as it is.
"""

from __future__ import annotations

import dataclasses
import io
import json
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
    also: tuple[SessionDocument, ...] = ()  # sent with it: the back of an ID card with its front


def offers(documents: list[SessionDocument], accepted: set[str], pairs: dict[str, str] | None = None,
           multiple: bool = False) -> list[Offer]:
    """What fits an `accept=` list: matching documents, and one-page PDFs as JPEG when only images are wanted.
    A slot taking several images gets each ID card's two sides (`pairs`: front name -> back name) as one offer;
    a slot taking one image gets them apart, and the citizen picks which."""
    found = []
    for document in documents:
        if document.kind in accepted:
            found.append(Offer(document))
        elif document.kind == "pdf" and document.pages == 1 and "jpeg" in accepted:
            found.append(Offer(document, "jpeg"))
    if not multiple or not pairs:
        return found
    by_name = {offer.document.name: offer for offer in found if offer.convert_to is None}
    for front, back in pairs.items():
        if front in by_name and back in by_name:
            index = found.index(by_name[front])
            found[index] = Offer(by_name[front].document, also=(by_name[back].document,))
            found.remove(by_name[back])
    return found


PAIRS = "card-pairs"  # in the documents folder: which two images are one card's sides


def file_card_sides(session_dir: Path, document: Path, sides: tuple[Path, Path], side_names: tuple[str, str]
                    ) -> tuple[Path, Path]:
    """File an ID card's two side images beside its document (`<document> (<side name>).jpg`) and remember that
    they are a pair."""
    folder = documents_folder(session_dir)
    filed = tuple(free_name(folder, f"{document.stem} ({name})", "jpeg") for name in side_names)
    for source, target in zip(sides, filed, strict=True):
        target.write_bytes(source.read_bytes())
    pairs = make_folder(folder / PAIRS)
    (pairs / f"{filed[0].stem}.json").write_text(json.dumps({"front": filed[0].name, "back": filed[1].name}),
                                                 encoding="utf-8")
    return filed[0], filed[1]


def card_pairs(session_dir: Path) -> dict[str, str]:
    """The ID card side pairs filed in the session: front image name -> back image name."""
    folder = documents_folder(session_dir) / PAIRS
    found = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            pair = json.loads(path.read_text(encoding="utf-8"))
            found[str(pair["front"])] = str(pair["back"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return found
