"""The layout checker itself (tests/layout.py) on a small real window: it must see each kind of trap it exists for,
or the screen tests that trust it could never fail."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from tests import layout
from ui.qr import qr_png

TEXT = "Hãy mang các thứ dưới đây đến Công an xã, rồi quay lại nhé."


def shown(qtbot, window: QWidget) -> QWidget:
    window.resize(400, 300)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_whole_label_and_button_pass(qtbot):
    window = shown(qtbot, QWidget())
    column = QVBoxLayout(window)
    text = QLabel(TEXT)
    text.setWordWrap(True)
    column.addWidget(text)
    column.addWidget(QPushButton("Kết thúc"))
    column.addStretch(1)
    layout.assert_laid_out(qtbot, window, "a plain column")


def test_cut_text_a_squeezed_button_overlap_outside_and_an_elided_list_item_are_seen(qtbot):
    window = shown(qtbot, QWidget())
    cut = QLabel(TEXT, window)
    cut.setWordWrap(True)
    cut.setGeometry(10, 10, 150, 20)  # three lines of text in one line's height
    squeezed = QPushButton("Xem lại các bước", window)
    squeezed.setGeometry(10, 40, 40, 30)
    over = QLabel("Chưa có", window)
    over.setGeometry(20, 45, 80, 20)  # on the button's text
    outside = QPushButton("Tiếp", window)
    outside.setGeometry(300, 230, 140, 50)  # its right part beyond the window's edge
    steps = QListWidget(window)
    steps.setGeometry(10, 120, 160, 100)
    steps.setWordWrap(True)
    steps.addItems(["4. Đăng nhập", "5. Tìm thủ tục hành chính ở cấp xã"])
    # A row height measured for another width (before a scroll bar came, say): the wrapped text ends in "…".
    steps.item(1).setSizeHint(QSize(150, steps.fontMetrics().height()))
    for widget in (cut, squeezed, over, outside, steps):
        widget.show()
    problems = "\n".join(layout.layout_problems(window)) + f"\n(window {window.width()}x{window.height()})"
    assert "QLabel 'Hãy mang" in problems and "px high label" in problems
    assert "QPushButton 'Xem lại các bước' does not fit" in problems
    assert "overlaps QLabel 'Chưa có'" in problems
    assert "QPushButton 'Tiếp' lies outside the window" in problems, problems
    assert "item 2 '5. Tìm thủ tục hành chính ở cấp xã'" in problems and "item 1 " not in problems


def test_a_squashed_qr_code_does_not_read_and_a_whole_one_does(qtbot):
    window = shown(qtbot, QWidget())
    code = QPixmap.fromImage(QImage.fromData(qr_png("Thẻ căn cước gắn chip (bản gốc)", scale=3)))
    whole = QLabel(window)
    whole.setPixmap(code)
    whole.setGeometry(10, 10, code.width(), code.height())
    whole.show()
    qtbot.waitUntil(lambda: layout.decoded_qr_codes(window) == ["Thẻ căn cước gắn chip (bản gốc)"], timeout=3000)
    whole.setFixedHeight(code.height() // 2)  # what the 1366x768 layout did to the checklist's code
    qtbot.waitUntil(lambda: layout.decoded_qr_codes(window) == [], timeout=3000)
