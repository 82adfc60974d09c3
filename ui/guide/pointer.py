"""The guide's pointer on the live page: a pulsing outline around what the citizen taps next.

The step names its targets as CSS selectors (`point` in kiosk/guide/journey.toml). A script in the kiosk's own
script world finds the first visible match, scrolls it into view if it is not, and reports where it is; the
outline itself is a Qt widget over the web view, transparent to taps. So nothing is added to the page: its own
scripts see the same DOM, the same attributes and the same layout, and nothing is ever clicked or submitted.
The outline follows the element while the page scrolls, and goes on the next navigation or tap on the page.
"""

from __future__ import annotations

import json
import math

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, QVariantAnimation
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWebEngineCore import QWebEngineScript
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from ui.style import ACCENT

WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld  # the kiosk's world: the page's scripts never see its names
FOLLOW_MS = 250  # how often the outline asks where its element is now (the page scrolls, the keyboard comes up)
PULSE_MS = 1200
PULSE_FOR_S = 20  # then the outline stays, steady: a pulse that never stops is tiring to look at
PEN_PX = 8
MARGIN_PX = 8  # the outline stands this far off the element, so it never hides the element's own border
BOX_PARTS = 4  # left, top, width, height

# Finds the first visible match of the selectors, scrolls it into view if it is not, and keeps it (in the kiosk's
# world only) for FOLLOW; answers its box in CSS pixels of the view, or null. Unasked (`force` false), it scrolls
# only a page nobody has moved yet: at its top, with no field in use, so it never pulls away what a citizen has
# scrolled to or is typing in.
FIND = """((selectors, force) => {
  const field = document.activeElement && document.activeElement.matches('input, textarea, select, [contenteditable]');
  const untouched = scrollX === 0 && scrollY === 0 && !field;
  window.__kioskPointed = null;
  for (const selector of selectors) {
    let found = [];
    try { found = document.querySelectorAll(selector); } catch (error) { continue; }
    for (const element of found) {
      const box = element.getBoundingClientRect();
      if (box.width <= 0 || box.height <= 0 || getComputedStyle(element).visibility === 'hidden') continue;
      const outside = box.top < 0 || box.bottom > innerHeight || box.left < 0 || box.right > innerWidth;
      if (outside && (force || untouched))
        element.scrollIntoView({block: 'center', inline: 'nearest', behavior: 'instant'});
      window.__kioskPointed = element;
      const now = element.getBoundingClientRect();
      return [now.left, now.top, now.width, now.height];
    }
  }
  return null;
})(%s, %s)"""
FOLLOW = """(() => {
  const element = window.__kioskPointed;
  if (!element || !element.isConnected) return null;
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0 ? [box.left, box.top, box.width, box.height] : null;
})()"""


class PagePointer(QWidget):
    """Lies over the web view's slot; `point(view, selectors)` outlines the first match, `clear()` removes it."""

    def __init__(self, slot: QWidget, scale: float = 1.0) -> None:
        super().__init__(slot)
        self.setObjectName("PagePointer")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.hide()
        self._slot = slot
        self._pen = max(3, round(PEN_PX * scale))
        self._margin = max(4, round(MARGIN_PX * scale))
        self._view: QWebEngineView | None = None
        self._asked = 0  # answers to an older question are dropped
        self.outline = QRect()  # where the outline is drawn, in the slot's coordinates (empty: none)
        self._glow = 1.0
        self._pulse = QVariantAnimation(self, startValue=0.0, endValue=1.0, duration=PULSE_MS)
        self._pulse.setLoopCount(-1)
        self._pulse.valueChanged.connect(self._pulsed)
        self._steady = QTimer(self, singleShot=True, interval=PULSE_FOR_S * 1000)
        self._steady.timeout.connect(self._stop_pulse)
        self._follow = QTimer(self, interval=FOLLOW_MS)
        self._follow.timeout.connect(self._ask_where)
        slot.installEventFilter(self)

    # --- what the guide asks ---------------------------------------------------------------------------------

    def point(self, view: QWebEngineView, selectors: tuple[str, ...], asked: bool = True) -> None:
        """Outline the first visible element matching `selectors` on the view's page (no match: no outline).
        `asked`: the citizen asked ("Chỉ cho tôi"), so the page scrolls to it whatever they did before."""
        self.clear()
        if not selectors:
            return
        self._watch(view)
        self._asked += 1
        question = self._asked
        script = FIND % (json.dumps(list(selectors)), json.dumps(asked))
        view.page().runJavaScript(f"JSON.stringify({script})", WORLD, lambda value: self._found(question, value))

    def clear(self) -> None:
        """No outline (a navigation, a tap, another step, the session's end)."""
        self._asked += 1
        self._follow.stop()
        self._steady.stop()
        self._pulse.stop()
        self.outline = QRect()
        self.hide()

    def forget(self) -> None:
        """The view goes with its session."""
        self.clear()
        view, self._view = self._view, None
        if view is not None and shiboken6.isValid(view):
            (view.focusProxy() or view).removeEventFilter(self)
            view.page().loadStarted.disconnect(self.clear)

    # --- finding and following -------------------------------------------------------------------------------

    def _watch(self, view: QWebEngineView) -> None:
        if view is not self._view:
            self.forget()
            self._view = view
            view.page().loadStarted.connect(self.clear)
        # The widget the page's input goes to, asked each time: a page of another site may have brought a new one.
        # Installing the same filter again only moves it to the front.
        (view.focusProxy() or view).installEventFilter(self)

    def _found(self, asked: int, value: object) -> None:
        if asked != self._asked:
            return
        if not self._place(value):
            return
        self._glow = 1.0
        self.show()
        self.raise_()
        self._pulse.start()
        self._steady.start()
        self._follow.start()

    def _ask_where(self) -> None:
        view, asked = self._view, self._asked
        if view is None or not shiboken6.isValid(view):
            self.clear()
            return
        view.page().runJavaScript(f"JSON.stringify({FOLLOW})", WORLD,
                                  lambda value: self._place(value) if asked == self._asked else None)

    def _place(self, value: object) -> bool:
        """Put the outline around the element's box (CSS pixels of the view); False, and none, when it is gone."""
        box = json.loads(value) if isinstance(value, str) and value else None
        view = self._view
        if not isinstance(box, list) or len(box) != BOX_PARTS or view is None or not shiboken6.isValid(view):
            self.clear()
            return False
        zoom = view.zoomFactor()
        left, top, width, height = (float(part) * zoom for part in box)
        corner = view.mapTo(self._slot, view.rect().topLeft())
        element = QRect(corner.x() + math.floor(left), corner.y() + math.floor(top), math.ceil(width),
                        math.ceil(height))
        outline = element.adjusted(-self._margin, -self._margin, self._margin, self._margin)
        if outline != self.outline:
            self.outline = outline
            self.setGeometry(self._slot.rect())
            self.update()
        return True

    # --- drawing ---------------------------------------------------------------------------------------------

    def _pulsed(self, phase: object) -> None:
        self._glow = 0.675 + 0.325 * math.cos(2 * math.pi * float(phase))  # type: ignore[arg-type]
        self.update(self.outline.adjusted(-self._pen, -self._pen, self._pen, self._pen))

    def _stop_pulse(self) -> None:
        self._pulse.stop()
        self._glow = 1.0
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self.outline.isEmpty():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(ACCENT)
        colour.setAlphaF(self._glow)
        painter.setPen(QPen(colour, self._pen))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self.outline, self._pen * 2, self._pen * 2)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._slot and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._slot.rect())
        elif event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin) and not self.isHidden():
            self.clear()  # the citizen tapped the page: the outline has done its work
        return False
