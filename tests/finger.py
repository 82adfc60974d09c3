"""A citizen's finger on the kiosk: every tap, long press, scroll and key goes to the kiosk's QWindow at a point in
its coordinates, as the platform delivers a touch screen's or a mouse's input. Nothing here calls a widget's slot,
sets a selection or clicks from JavaScript: scripts only *read* where an element of the page is.

Before each tap the finger checks that what lies under the point is what it means to tap, so a button covered by
another widget, or pushed off the window, fails the test the way it fails the citizen.
"""

from __future__ import annotations

import json

import shiboken6
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QPointingDevice, QWheelEvent, QWindow
from PySide6.QtTest import QTest
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget
from pytestqt.exceptions import TimeoutError as WaitTimeout

from tests.keyboard import _alternatives, _centre, _labels, _shown, _uppercased, in_band, type_on_physical_keyboard
from tests.web import js, wait_js
from ui.keyboard import KeyboardPanel

LEFT, NONE = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
WHEEL_STEP = 120  # one notch of a mouse wheel
WHEEL_LATCH_MS = 700  # Chromium's wheel scroll transaction lasts 500 ms after the last notch


_TOUCH: list[QPointingDevice] = []


def touch_screen() -> QPointingDevice:
    """The kiosk's touch screen, as the platform would announce it (one for the test run)."""
    if not _TOUCH:
        _TOUCH.append(QTest.createTouchDevice())
    return _TOUCH[0]


def address(window: QWindow) -> int:
    """A window's identity that outlives its Python wrapper (a closed list's window is soon deleted)."""
    return int(shiboken6.getCppPointer(window)[0])


def tap(widget: QWidget, where: QPoint | None = None) -> None:
    """A tap where `widget` is on screen (its centre, or `where` in it), delivered to its window's QWindow as the
    platform delivers a touch or a click: whatever covers the widget there gets it, as it would get the citizen's
    finger. (`Finger.tap` also checks that the widget is what lies there.)"""
    name = widget.objectName() or type(widget).__name__
    assert widget.isVisible(), f"{name} is hidden: the citizen cannot tap it"
    window = widget.window()
    handle = window.windowHandle()
    assert handle is not None, f"{name} is in no shown window"
    QTest.mouseClick(handle, LEFT, NONE, widget.mapTo(window, where if where is not None else widget.rect().center()))


class Finger:
    """Input for one kiosk window, delivered to its QWindow."""

    def __init__(self, qtbot, window: QWidget) -> None:
        self.qtbot = qtbot
        self.window = window

    @property
    def handle(self) -> QWindow:
        handle = self.window.windowHandle()
        assert handle is not None, "the kiosk window has no platform window"
        return handle

    def at(self, widget: QWidget, point: QPoint | None = None) -> QPoint:
        """Where a point of `widget` (its centre by default) is in the window."""
        return widget.mapTo(self.window, point if point is not None else widget.rect().center())

    def tap_point(self, point: QPoint) -> None:
        QTest.mouseMove(self.handle, point)
        QTest.mouseClick(self.handle, LEFT, NONE, point)
        self.qtbot.wait(30)

    def tap(self, widget: QWidget) -> None:
        """Tap the middle of a visible widget, after checking that it is what lies there."""
        self.qtbot.waitUntil(widget.isVisible, timeout=10_000)
        point = self.at(widget)
        assert self.window.rect().contains(point), f"{widget.objectName() or widget} lies outside the window at {point}"
        under = self.window.childAt(point)
        assert under is not None and (under is widget or widget.isAncestorOf(under)), \
            f"a tap on {widget.objectName() or type(widget).__name__} would land on {under}"
        self.tap_point(point)

    def drag(self, area: QWidget, dy: int) -> None:
        """A finger laid on the middle of `area` (a scroll area's viewport) and slid `dy` pixels (negative: up,
        which scrolls further down), slowly enough not to fling, then lifted once the content has stopped."""
        start = self.at(area)
        steps = max(4, abs(dy) // 20)
        QTest.touchEvent(self.handle, touch_screen()).press(0, start).commit()
        for step in range(1, steps + 1):
            self.qtbot.wait(16)
            QTest.touchEvent(self.handle, touch_screen()).move(0, start + QPoint(0, dy * step // steps)).commit()
        self.qtbot.wait(200)  # held still: lifted without a flick
        QTest.touchEvent(self.handle, touch_screen()).release(0, start + QPoint(0, dy)).commit()
        self.qtbot.wait(300)

    def press(self, point: QPoint) -> None:
        QTest.mouseMove(self.handle, point)
        QTest.mousePress(self.handle, LEFT, NONE, point)

    def slide_and_lift(self, point: QPoint) -> None:
        QTest.mouseMove(self.handle, point)
        QTest.mouseRelease(self.handle, LEFT, NONE, point)
        self.qtbot.wait(30)

    def keys(self, text: str) -> None:
        """ASCII text on the physical keyboard (Telex makes the marks)."""
        type_on_physical_keyboard(self.handle, text)
        self.qtbot.wait(30)

    def key(self, key: Qt.Key) -> None:
        QTest.keyClick(self.handle, key)
        self.qtbot.wait(30)

    def wheel(self, point: QPoint, notches: int) -> None:
        """Turn the mouse wheel over `point`: positive notches scroll the page down."""
        QTest.mouseMove(self.handle, point)  # the page scrolls what lies under the pointer
        self.qtbot.wait(30)
        global_point = QPointF(self.handle.mapToGlobal(point))
        event = QWheelEvent(QPointF(point), global_point, QPoint(), QPoint(0, -WHEEL_STEP * notches), Qt.MouseButton.NoButton,
                            NONE, Qt.ScrollPhase.NoScrollPhase, False)
        QCoreApplication.sendEvent(self.handle, event)
        self.qtbot.wait(80)

    # --- the portal's page -------------------------------------------------------------------------------------

    def web_box(self, view: QWebEngineView, selector: str, frame: str = "") -> tuple[QPoint, int, int] | None:
        """The element's centre in window coordinates and its top and bottom in the view, read from the page
        (inside the iframe `frame` when given)."""
        box = js(self.qtbot, view, f"""(() => {{
            let doc = document, dx = 0, dy = 0;
            if ({json.dumps(frame)}) {{
                const f = document.querySelector({json.dumps(frame)});
                const o = f.getBoundingClientRect();
                doc = f.contentDocument; dx = o.left; dy = o.top;
            }}
            const e = doc.querySelector({json.dumps(selector)});
            if (!e) return null;
            const r = e.getBoundingClientRect();
            return [dx + r.left + r.width / 2, dy + r.top + r.height / 2, dy + r.top, dy + r.bottom]; }})()""")
        if not box:
            return None
        zoom = view.zoomFactor()
        centre = view.mapTo(self.window, QPoint(round(box[0] * zoom), round(box[1] * zoom)))
        return centre, round(box[2] * zoom), round(box[3] * zoom)

    def show_on_page(self, view: QWebEngineView, selector: str, frame: str = "") -> QPoint:
        """Scroll with the wheel, as a citizen does, until the element is in sight and clear of the view's bottom
        edge (where a drop-down list would have no room), or the page ends; its centre once the page is at rest."""
        doc = f"document.querySelector({json.dumps(frame)})?.contentDocument" if frame else "document"
        wait_js(self.qtbot, view, f"{doc}.querySelector({json.dumps(selector)})")
        visible = self.visible_height(view)

        def box() -> tuple[QPoint, int, int]:
            found = self.web_box(view, selector, frame)
            assert found is not None, f"{selector} left the page"
            return found

        scrolled = False
        for _ in range(40):
            found = box()
            centre, top, bottom = found
            if top < 0:
                self.wheel(self.at(view), -1)
            elif bottom > visible * 0.7:
                self.wheel(self.at(view), 1)
            else:
                return self._at_rest(box, scrolled)
            scrolled = True
            try:
                self.qtbot.waitUntil(lambda was=found: box() != was, timeout=1500)
            except WaitTimeout:  # the page ends here
                if top >= 0 and bottom <= visible:
                    return self._at_rest(box, scrolled)
                raise AssertionError(f"{selector} cannot be scrolled into sight ({top}..{bottom} of {visible})") from None
        raise AssertionError(f"{selector} never came into sight")

    def _at_rest(self, box, scrolled: bool) -> QPoint:
        """The element's centre once the page's smooth scrolling has ended. After a scroll, a pause as a citizen's:
        Chromium ends a wheel scroll half a second after its last notch, and a drop-down list opened before that
        closes again at once."""
        if scrolled:
            self.qtbot.wait(WHEEL_LATCH_MS)
        last = box()
        for _ in range(30):
            self.qtbot.wait(100)
            now = box()
            if now == last:
                return now[0]
            last = now
        raise AssertionError("the page never stopped moving")

    def visible_height(self, view: QWebEngineView) -> int:
        """How much of the view the citizen sees: the part above the on-screen keyboard when it is up."""
        bottom = view.mapTo(self.window, QPoint(0, view.height())).y()
        keyboard = getattr(self.window, "keyboard", None)
        if keyboard is not None and keyboard.isVisible():
            bottom = min(bottom, keyboard.mapTo(self.window, QPoint(0, 0)).y())
        return bottom - view.mapTo(self.window, QPoint(0, 0)).y()

    def tap_web(self, view: QWebEngineView, selector: str, frame: str = "") -> None:
        """Tap an element of the page once it is in sight, and make sure the page felt it (or went on); tapped
        again, as a citizen would, when a page still settling let the tap pass."""
        doc = f"document.querySelector({json.dumps(frame)})?.contentDocument" if frame else "document"
        for _ in range(3):
            point = self.show_on_page(view, selector, frame)
            under = self.window.childAt(point)
            assert under is not None and (under is view or view.isAncestorOf(under)), f"{selector} is covered by {under}"
            js(self.qtbot, view, f"""(() => {{ const d = {doc};
                d.querySelector({json.dumps(selector)}).addEventListener("pointerdown",
                    event => {{ event.target.ownerDocument.defaultView.__felt = true; }}, {{capture: true, once: true}});
                d.defaultView.__felt = false; return true; }})()""")
            self.tap_point(point)
            try:
                wait_js(self.qtbot, view, f"!{doc} || {doc}.defaultView.__felt !== false", timeout=3000)
                return
            except WaitTimeout:
                continue
        raise AssertionError(f"three taps on {selector} never reached the page")

    def choose_option(self, view: QWebEngineView, selector: str, text: str) -> None:
        """Pick a choice of a drop-down list: tap the list, then tap the choice in the list that opens (Chromium's
        own window, one row of equal height for each choice the page shows)."""
        element = f"document.querySelector({json.dumps(selector)})"
        shown = js(self.qtbot, view, f"[...{element}.options].filter(o => !o.hidden"
                                     " && getComputedStyle(o).display !== 'none').map(o => o.text)")
        row = shown.index(text)
        before = {address(w) for w in QGuiApplication.topLevelWindows()}
        self.tap_web(view, selector)

        def opened() -> list[QWindow]:
            return [w for w in QGuiApplication.topLevelWindows()
                    if address(w) not in before and w.isVisible() and w.isExposed()]

        self.qtbot.waitUntil(lambda: bool(opened()), timeout=5000)
        (popup,) = opened()
        height = popup.height() / len(shown)
        assert height >= 24, f"the list of {selector} scrolls: {len(shown)} choices in {popup.height()} px"
        point = QPoint(popup.width() // 2, round(height * (row + 0.5)))
        self.qtbot.wait(300)  # the list is painted and takes input
        QTest.mouseMove(popup, point)
        QTest.mouseClick(popup, LEFT, NONE, point)
        wait_js(self.qtbot, view, f"{element}.options[{element}.selectedIndex].text === {json.dumps(text)}")
        self.qtbot.waitUntil(lambda: not opened(), timeout=5000)

    # --- the kiosk's on-screen keyboard ----------------------------------------------------------------------

    def type_by_taps(self, panel: KeyboardPanel, text: str) -> None:
        """Letters with any Vietnamese mark, capitals, spaces and digits, by taps on the on-screen keyboard's keys:
        a long press then a slide for an accented letter, Shift as needed."""
        self.qtbot.waitUntil(lambda: panel.isVisible() and bool(_shown(panel, "Key_")), timeout=10_000)
        for char in text:
            if char == " ":
                (space,) = _shown(panel, "SpaceKey")
                self.tap_point(self.at(panel, _centre(space)))
                continue
            if char.isalpha():
                self._set_case(panel, char.isupper())
            keys = _shown(panel, "Key_")
            plain = [key for key in keys if key.property("text") in (char.lower(), char)]
            if plain:
                self.tap_point(self.at(panel, _centre(plain[0])))
                continue
            holding = [key for key in keys if char.lower() in _alternatives(key).lower()]
            assert holding, f"no key of the keyboard on screen types {char!r}"
            self.press(self.at(panel, _centre(holding[0])))  # hold: the accented letters open above the key
            self.qtbot.waitUntil(lambda wanted=char: bool(_labels(panel, wanted)), timeout=5000)
            (choice,) = _labels(panel, char)
            assert in_band(panel, choice), f"{char!r} is drawn outside the keyboard band: a finger cannot see it"
            self.slide_and_lift(self.at(panel, _centre(choice)))

    def _set_case(self, panel: KeyboardPanel, upper: bool) -> None:
        for _ in range(3):
            if _uppercased(panel) == upper:
                return
            (shift,) = _shown(panel, "ShiftKey")
            self.tap_point(self.at(panel, _centre(shift)))
            self.qtbot.wait(50)
        assert _uppercased(panel) == upper, "the Shift key does not change the case"
