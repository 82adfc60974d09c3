"""The pages of one document while the citizen reviews them: order, rotation, deletions, its name.

Plain state (file paths and quarter turns), so the review screen only displays it and every
operation is tested without Qt. `save()` runs the pipeline and files the result in the
session's documents folder, where the portal's attach dialog finds it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from kiosk.documents.files import read_page
from kiosk.documents.pipeline import Result, build, with_text_layer
from kiosk.documents.thumbnails import thumbnail, turned
from kiosk.file_kinds import safe_file_name
from kiosk.session_documents import documents_folder, free_name


@dataclasses.dataclass
class ReviewPage:
    """One scanned page: its image file, its thumbnail (upright as scanned; None until made) and the clockwise
    turn the citizen gave it."""

    path: Path
    turn: int = 0
    small: np.ndarray | None = None

    @property
    def thumbnail(self) -> np.ndarray | None:
        """The thumbnail as the page will be used (turn applied)."""
        return turned(self.small, self.turn) if self.small is not None else None


@dataclasses.dataclass
class PageSet:
    """The pages of the document under review, in order."""

    pages: list[ReviewPage] = dataclasses.field(default_factory=list)
    name: str = ""

    def add(self, path: Path, small: np.ndarray | None = None) -> None:
        """A new page at the end (with its thumbnail, when the scan made one)."""
        self.pages.append(ReviewPage(path, small=small))

    def rotate(self, index: int) -> None:
        """Turn a page a quarter clockwise."""
        self.pages[index].turn = (self.pages[index].turn + 90) % 360

    def move(self, source: int, target: int) -> None:
        """Move a page to another place (drag and drop)."""
        page = self.pages.pop(source)
        self.pages.insert(target, page)

    def delete(self, index: int) -> None:
        """Remove a page."""
        del self.pages[index]

    def replace(self, index: int, path: Path, small: np.ndarray | None = None) -> None:
        """A page scanned again replaces the old one, upright."""
        self.pages[index] = ReviewPage(path, small=small)

    def missing_thumbnails(self) -> list[ReviewPage]:
        """Pages that came without a thumbnail (from a file, not a scan)."""
        return [page for page in self.pages if page.small is None]

    def image(self, index: int) -> np.ndarray:
        """A page's image as it will be used (turn applied)."""
        image, _ = read_page(self.pages[index].path)
        return turned(image, self.pages[index].turn)

    def save(self, session_dir: Path, dpi: float, max_bytes: int | None = None) -> tuple[Path, Result]:
        """Build the document and file it as "<name>.pdf" among the session's documents."""
        if not self.pages:
            raise ValueError("no pages")
        result = build([self.image(index) for index in range(len(self.pages))], dpi, max_bytes=max_bytes)
        stem = safe_file_name(self.name or "Giấy tờ")
        target = free_name(documents_folder(session_dir), stem, "pdf")
        partial = target.with_name(target.name + ".partial")
        try:
            partial.write_bytes(result.data)  # a disk that fills up mid-write leaves no half document behind
            partial.replace(target)
        except OSError:
            partial.unlink(missing_ok=True)
            raise
        return target, result


def add_text_layer(path: Path, result: Result) -> bool:
    """Replace a saved document by its OCR'd version (atomic); False without OCR or when the file is gone."""
    layered = with_text_layer(result)
    if layered is None:
        return False
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(layered)
        partial.replace(path)
    except OSError:  # the session ended meanwhile: its folder is gone, and so should this be
        partial.unlink(missing_ok=True)
        return False
    return True


def thumbnails_of(paths: list[Path]) -> list[np.ndarray]:
    """Thumbnails of page files (each file decoded once: run it off the GUI thread)."""
    return [thumbnail(read_page(path)[0]) for path in paths]
