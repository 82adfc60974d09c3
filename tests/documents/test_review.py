"""The review state without Qt: order, turns, deletions, rescans, saving among the session's documents."""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.documents.review import PageSet
from kiosk.session_documents import list_documents
from tests.pages import text_page


def pages_on_disk(tmp_path, count):
    paths = []
    for index in range(count):
        path = tmp_path / f"page{index}.png"
        image = text_page(150, seed=index)
        cv2.putText(image, str(index), (50, 50), cv2.FONT_HERSHEY_SIMPLEX, 1, 0, 2)
        cv2.imwrite(str(path), image)
        paths.append(path)
    return paths


def test_operations(tmp_path):
    a, b, c = pages_on_disk(tmp_path, 3)
    pages = PageSet()
    for path in (a, b, c):
        pages.add(path)
    pages.move(2, 0)
    assert [page.path for page in pages.pages] == [c, a, b]
    pages.rotate(1)
    pages.rotate(1)
    assert pages.pages[1].turn == 180
    assert np.array_equal(pages.image(1), cv2.rotate(cv2.imread(str(a)), cv2.ROTATE_180))
    pages.delete(0)
    assert [page.path for page in pages.pages] == [a, b]
    pages.replace(0, c)
    assert pages.pages[0].path == c and pages.pages[0].turn == 0


def test_save_files_the_document_for_the_attach_dialog(tmp_path):
    pages = PageSet(name="Giấy chứng sinh")
    for path in pages_on_disk(tmp_path, 2):
        pages.add(path)
    session = tmp_path / "session"
    session.mkdir()
    target, result = pages.save(session, 150)
    assert target.name == "Giấy chứng sinh.pdf"
    (document,) = list_documents(session)
    assert document.pages == 2 and document.kind == "pdf"
    again, _ = pages.save(session, 150)
    assert again.name == "Giấy chứng sinh (2).pdf"  # never overwrites
