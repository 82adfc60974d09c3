"""Is a citizen screen laid out or clipped? One checker for every screen test at every size.

`layout_problems(window)` lists, in words a developer can act on, every visible text or button that:
- does not fit its rectangle (font metrics with the widget's own word wrap; a word wider than the label),
- is cut by a parent that is not a scroll area, or lies (partly) outside the window,
- overlaps another visible text or button (both on show: a widget under an overlay is not on show),
and every item of a visible list whose text is elided or cut.

`decoded_qr_codes(window)` reads the window as the screen shows it (a screen grab, as a phone's camera would)
with OpenCV's QR detector.
"""

from __future__ import annotations

import contextlib

import cv2
import numpy as np
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics, QImage
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QListWidget, QStyleOptionViewItem, QWidget
from pytestqt.exceptions import TimeoutError as WaitTimeout

WRAP = Qt.TextFlag.TextWordWrap


def _name(widget: QWidget) -> str:
    if widget.objectName() == "qt_scrollarea_viewport" and widget.parentWidget() is not None:
        return f"the scroll area {widget.parentWidget().objectName()!r}"
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    short = text if len(text) <= 40 else text[:39] + "…"
    return f"{type(widget).__name__} {widget.objectName() or ''}{' ' if widget.objectName() else ''}{short!r}"


def _shows_text(widget: QWidget) -> bool:
    if not widget.isVisible() or widget.width() <= 0 or widget.height() <= 0:
        return False
    if isinstance(widget, QLabel):
        return bool(widget.text().strip()) and widget.pixmap().isNull()
    return isinstance(widget, QAbstractButton) and bool(widget.text().strip())


def _window_rect(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _visible_rect(widget: QWidget, window: QWidget) -> tuple[QRect, QWidget | None]:
    """The part of the widget its parents let through, and the first parent that cuts it (None: not cut).
    A scroll area's viewport cuts too: half a line at its edge is a cut text (wholly scrolled away is not)."""
    rect, cutter = _window_rect(widget, window), None
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        inside = rect.intersected(_window_rect(parent, window))
        if inside != rect and cutter is None:
            cutter = parent
        rect = inside
        parent = parent.parentWidget()
    return rect, cutter


def _label_text_problem(label: QLabel) -> str:
    inner = label.contentsRect()
    metrics = QFontMetrics(label.font())
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or (label.textFormat() == Qt.TextFormat.AutoText
                                                         and GuiQt.mightBeRichText(text)):
        return "" if label.height() >= label.heightForWidth(label.width()) or not label.wordWrap() else "cut"
    if label.wordWrap():
        longest = max((metrics.horizontalAdvance(word) for word in text.split()), default=0)
        if longest > inner.width():
            return f"a word is {longest} px wide in a {inner.width()} px label"
        needed = metrics.boundingRect(QRect(0, 0, inner.width(), 100_000), int(WRAP), text).height()
    else:
        lines = text.split("\n")
        wide = max(metrics.horizontalAdvance(line) for line in lines)
        if wide > inner.width():
            return f"{wide} px of text in a {inner.width()} px label"
        needed = metrics.lineSpacing() * len(lines)
    if needed > inner.height():
        return f"{needed} px of text in a {inner.height()} px high label"
    return ""


def _button_text_problem(button: QAbstractButton) -> str:
    hint = button.sizeHint()
    if button.width() < hint.width():
        return f"{button.width()} px wide, its text needs {hint.width()} px"
    metrics = QFontMetrics(button.font())
    if button.height() < metrics.height():
        return f"{button.height()} px high, one line of its text needs {metrics.height()} px"
    return ""


def _text_rect(widget: QWidget, window: QWidget) -> QRect:
    """Where the text is drawn (a label's text can be much smaller than its rectangle), in window coordinates."""
    if isinstance(widget, QLabel) and widget.pixmap().isNull():
        inner = widget.contentsRect()
        flags = int(widget.alignment()) | (int(WRAP) if widget.wordWrap() else 0)
        drawn = QFontMetrics(widget.font()).boundingRect(inner, flags, widget.text()).intersected(inner)
        return drawn.translated(widget.mapTo(window, QPoint(0, 0)))
    return _window_rect(widget, window)


def _screen_of(widget: QWidget, window: QWidget) -> QWidget:
    """The kiosk screen (or the window, for what lies over the screens) the widget belongs to."""
    from ui.widgets import Screen

    parent: QWidget | None = widget
    while parent is not None and parent is not window and not isinstance(parent, Screen):
        parent = parent.parentWidget()
    return parent if parent is not None else window


def _on_show(widget: QWidget, window: QWidget) -> bool:
    """Whether the widget's centre is not hidden by something laid over its screen (a question, a banner). A text
    or button of the same screen over it still counts as on show: that is an overlap to report."""
    top = window.childAt(widget.mapTo(window, widget.rect().center()))
    if top is None:
        return False
    if top is widget or widget.isAncestorOf(top) or top.isAncestorOf(widget):
        return True
    return _shows_text(top) and _screen_of(top, window) is _screen_of(widget, window)


def _list_problems(view: QListWidget) -> list[str]:
    problems = []
    metrics = QFontMetrics(view.font())
    viewport = view.viewport().rect()
    for row in range(view.count()):
        item = view.item(row)
        rect = view.visualItemRect(item)
        if item.isHidden() or not rect.intersects(viewport):
            continue
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = rect
        inner = view.style().subElementRect(view.style().SubElement.SE_ItemViewItemText, option, view)
        width = max(1, min(inner.width(), rect.width()) - 2 * view.style().pixelMetric(
            view.style().PixelMetric.PM_FocusFrameHMargin, None, view) - 2)
        flags = int(WRAP) if view.wordWrap() else 0
        needed = metrics.boundingRect(QRect(0, 0, width, 100_000), flags, item.text())
        if needed.height() > rect.height() or (not view.wordWrap() and needed.width() > width):
            problems.append(f"list {view.objectName()!r}: item {row + 1} {item.text()!r} needs "
                            f"{needed.width()}x{needed.height()} px, has {rect.width()}x{rect.height()}")
    return problems


def layout_problems(window: QWidget) -> list[str]:
    """Every clipped, overlapping or outside text or button on show in the window (empty: laid out well)."""
    problems: list[str] = []
    candidates = [widget for widget in window.findChildren(QWidget) if _shows_text(widget)]
    shown = [widget for widget in candidates if not _visible_rect(widget, window)[0].isEmpty()
             and _on_show(widget, window)]
    bounds = window.rect()
    for widget in shown:
        name = _name(widget)
        rect, cutter = _visible_rect(widget, window)
        if not bounds.contains(rect):
            problems.append(f"{name} lies outside the window: {rect.getRect()} in {bounds.getRect()}")
        if cutter is not None:
            problems.append(f"{name} is cut by its parent {_name(cutter)}")
        issue = _label_text_problem(widget) if isinstance(widget, QLabel) else _button_text_problem(widget)
        if issue:
            problems.append(f"{name} does not fit: {issue}")
    drawn = [(widget, _text_rect(widget, window)) for widget in shown]
    for number, (first, first_rect) in enumerate(drawn):
        for second, second_rect in drawn[number + 1:]:
            if first.isAncestorOf(second) or second.isAncestorOf(first):
                continue
            if first_rect.intersects(second_rect):
                problems.append(f"{_name(first)} overlaps {_name(second)}")
    for view in window.findChildren(QListWidget):
        if view.isVisible() and _on_show(view, window):
            problems.extend(_list_problems(view))
    return problems


def screen_grab(window: QWidget) -> np.ndarray:
    """The window as the screen shows it (BGR), not as the widgets would paint themselves."""
    QApplication.processEvents()
    screen = window.screen()
    origin = window.mapToGlobal(QPoint(0, 0))
    pixmap = screen.grabWindow(0, origin.x(), origin.y(), window.width(), window.height())
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_RGB888)
    array = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    rgb = array[:, :image.width() * 3].reshape(image.height(), image.width(), 3)
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def decoded_qr_codes(window: QWidget) -> list[str]:
    """The texts of the QR codes OpenCV reads in a screen grab of the window."""
    detector = cv2.QRCodeDetector()
    found, texts, _points, _codes = detector.detectAndDecodeMulti(screen_grab(window))
    if found and any(texts):
        return [text for text in texts if text]
    text, _points, _code = detector.detectAndDecode(screen_grab(window))
    return [text] if text else []


def assert_laid_out(qtbot, window: QWidget, where: str = "") -> None:
    """Once the layouts have settled (a moment after a change), nothing on show is cut, overlapping or outside."""
    with contextlib.suppress(WaitTimeout):
        qtbot.waitUntil(lambda: not layout_problems(window), timeout=3000)
    problems = layout_problems(window)
    assert not problems, f"{where}:\n" + "\n".join(problems)
