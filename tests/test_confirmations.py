"""One tap never throws away what a citizen made (issue 20, trap 4): the question over the window, the safe choice
first, and a question whose screen went (the idle timeout) throws nothing away."""

from __future__ import annotations

from PySide6.QtCore import QPoint

from kiosk.scanning.kinds import PaperKind
from kiosk.session_documents import documents_folder, list_documents
from tests.finger import tap
from tests.pdfs import pdf_wrapping_jpeg
from ui.confirm import ConfirmPanel

FAST_SCANNER = '[scanner]\nsane_backends = []\nbatch_dpi = 100\na4_dpi = 100\n'


def panel(shell) -> ConfirmPanel:
    return ConfirmPanel.over(shell.window)


def test_finishing_after_making_a_document_asks_and_the_safe_choice_keeps_everything(make_shell, write_config):
    shell = make_shell(write_config(), "--windowed", "--size", "1366x768")
    shell.begin_session()
    session = shell.lifecycle.session
    (documents_folder(session.directory) / "Giấy tờ.pdf").write_bytes(pdf_wrapping_jpeg())
    tap(shell.start.finish)
    question = panel(shell)
    assert question.asking and question.question.text() == "Kết thúc và xoá hết giấy tờ của bạn khỏi máy này?"
    assert question.keep.text() == "Không, tôi làm tiếp" and question.keep.width() > question.discard.width()
    tap(shell.start.tiles["submit"])  # the screen under the question takes no tap
    assert shell.current is shell.start and question.asking
    tap(question.keep)
    assert not question.asking and shell.lifecycle.session is session and session.directory.exists()
    tap(shell.start.finish)
    tap(question.discard)
    assert shell.lifecycle.session is None and not session.directory.exists()


def test_finishing_having_made_nothing_ends_at_once(make_shell, write_config):
    shell = make_shell(write_config())
    shell.begin_session()
    tap(shell.start.finish)
    assert shell.lifecycle.session is None and not panel(shell).asking


def test_a_question_left_unanswered_goes_with_its_screen_and_throws_nothing_away(qtbot, make_shell, write_config,
                                                                                clock):
    shell = make_shell(write_config())
    shell.begin_session()
    session = shell.lifecycle.session
    (documents_folder(session.directory) / "Giấy tờ.pdf").write_bytes(pdf_wrapping_jpeg())
    tap(shell.start.finish)
    assert panel(shell).asking
    clock.advance(shell.lifecycle.idle_timeout_s + 1)
    qtbot.waitUntil(lambda: shell.current is shell.idle_warning)
    assert not panel(shell).asking  # the warning's "Tôi vẫn đang dùng" is not hidden under an old question
    tap(shell.idle_warning.stay)
    qtbot.waitUntil(lambda: shell.current is shell.start)
    assert not panel(shell).asking and shell.lifecycle.session is session and list_documents(session.directory)


def test_back_from_ten_scanned_pages_asks_before_throwing_them_away(qtbot, make_shell, write_config):
    shell = make_shell(write_config(FAST_SCANNER), "--practice", "--windowed", "--size", "1920x1080")
    shell.begin_session()
    tap(shell.start.tiles["scan"])
    scan = shell.scanning.flow.scan
    tap(scan.tiles[PaperKind.BATCH])
    tap(scan.buttons["scan"])
    review = shell.scanning.flow.review
    qtbot.waitUntil(lambda: shell.current is review, timeout=30_000)
    tap(review.buttons["back"])
    question = panel(shell)
    assert question.asking and question.question.text() == "Bỏ 10 trang đã quét?"
    tap(question.keep)
    assert shell.current is review and len(review.pages.pages) == 10
    tap(review.buttons["back"])
    tap(question.discard)
    qtbot.waitUntil(lambda: shell.current is not review)
    assert list_documents(shell.lifecycle.session.directory) == []
    assert question.mapTo(shell.window, QPoint(0, 0)) == QPoint(0, 0)
