"""Scrolling with a finger. Qt's scroll areas (a tall technician form, the guide's step list, the guide column with
the on-screen keyboard up) scroll by wheel and scroll bar only: on the kiosk's touch screen a finger dragged over
them moved nothing, and a thin scroll bar is no way in for an elderly hand. Each scroll area of a screen, when the
screen joins the window (ui/window.py), is given a QScroller for touch: a drag scrolls it, a flick glides and stops, a
tap is still a tap. (An application-wide event filter would find later ones too, but a Python one there wraps
every object Qt sends an event to, and crashed PySide 6.11 in its own property events.)

The window's own scroll area, which holds the portal's page, is left alone: Chromium scrolls the page by touch
itself, and one drag must not move both.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractScrollArea, QScroller, QScrollerProperties, QWidget

GRABBED = "kioskTouchScroll"
# No rubber band past the ends: a list that springs back looks as if it had refused the finger.
STILL = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff


def scroll_by_touch_within(widget: QWidget) -> None:
    """Every scroll area inside `widget` (a screen joining the window) follows a finger."""
    for area in widget.findChildren(QAbstractScrollArea):
        scroll_by_touch(area)


def scroll_by_touch(area: QAbstractScrollArea) -> None:
    """Let a finger drag `area`'s content (once per area)."""
    if area.property(GRABBED):
        return
    area.setProperty(GRABBED, True)
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.TouchGesture)
    scroller = QScroller.scroller(viewport)
    properties = scroller.scrollerProperties()
    for metric in (QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy,
                   QScrollerProperties.ScrollMetric.VerticalOvershootPolicy):
        properties.setScrollMetric(metric, STILL)
    scroller.setScrollerProperties(properties)
