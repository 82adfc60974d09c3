"""The pinned Qt binding must keep Python's reference counts straight: a kiosk runs for days.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every call that returns nothing (and to
True/False on every signal emit): after some thousands of calls the interpreter aborts with
"none_dealloc". 6.11.3 is pinned because it does not; this test catches a bump that brings it back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

CALLS = 5000


class _Emitter(QObject):
    changed = Signal(object)


def test_void_calls_and_emits_leave_none_and_bools_alone(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    counts = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for index in range(CALLS):
        label.setText(str(index % 7))
        emitter.changed.emit(None)
    drift = [after - before for before, after in
             zip(counts, (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)), strict=True)]
    assert all(abs(change) < CALLS // 10 for change in drift), drift
