"""The pages of one document while the citizen reviews them: order, rotation, deletions, its name.

Plain state (file paths and quarter turns), so the review screen only displays it and every
operation is tested without Qt. `save()` runs the pipeline and files the result in the
session's documents folder, where the portal's attach dialog finds it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import cv2
import numpy as np

from kiosk.documents.files import read_page
from kiosk.documents.pipeline import Result, build, with_text_layer
from kiosk.file_kinds import safe_file_name
from kiosk.session_documents import documents_folder, free_name

TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


@dataclasses.dataclass
class ReviewPage:
    """One scanned page: its image file and the clockwise turn the citizen gave it."""

    path: Path
    turn: int = 0


@dataclasses.dataclass
class PageSet:
    """The pages of the document under review, in order."""

    pages: list[ReviewPage] = dataclasses.field(default_factory=list)
    name: str = ""

    def add(self, path: Path) -> None:
        """A new page at the end."""
        self.pages.append(ReviewPage(path))

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

    def replace(self, index: int, path: Path) -> None:
        """A page scanned again replaces the old one, upright."""
        self.pages[index] = ReviewPage(path)

    def image(self, index: int) -> np.ndarray:
        """A page's image as it will be used (turn applied)."""
        image, _ = read_page(self.pages[index].path)
        turn = self.pages[index].turn
        return cv2.rotate(image, TURNS[turn]) if turn else image

    def save(self, session_dir: Path, dpi: float, max_bytes: int | None = None) -> tuple[Path, Result]:
        """Build the document and file it as "<name>.pdf" among the session's documents."""
        if not self.pages:
            raise ValueError("no pages")
        result = build([self.image(index) for index in range(len(self.pages))], dpi, max_bytes=max_bytes)
        stem = safe_file_name(self.name or "Giấy tờ")
        target = free_name(documents_folder(session_dir), stem, "pdf")
        target.write_bytes(result.data)
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
