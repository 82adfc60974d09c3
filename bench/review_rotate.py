"""Event-loop gaps on the page review screen while a citizen rotates the pages of a 10-page feeder batch.

Usage: `python bench/review_rotate.py [--dpi 200] [--taps 10]`. Starts its own Xvfb unless DISPLAY is set.
A 5 ms timer on the GUI thread records when it runs; the longest stretch between two of its runs is the
longest the screen could not answer a touch. Each tap is a real mouse press on the window (the platform
input path), on "Xoay" with the next page chosen. Baseline in the same run: the same taps on a screen with
no pages, so the figure shown is what the page work adds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    """Print the median and the longest event-loop gap per rotate tap, with and without pages."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dpi", type=int, default=200, help="page resolution (the feeder default is 200)")
    parser.add_argument("--taps", type=int, default=10)
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        from bench.startup import start_xvfb

        server, display = start_xvfb()
        os.environ["DISPLAY"] = display
    else:
        server = None
    try:
        with tempfile.TemporaryDirectory(prefix="bench-review-") as folder:
            loaded = measure(Path(folder), args.dpi, args.taps, pages=10)
            empty = measure(Path(folder), args.dpi, args.taps, pages=0)
    finally:
        if server is not None:
            server.terminate()
    print(f"review screen, {args.taps} rotate taps, 10 pages at {args.dpi} dpi")
    print(f"  longest gap per tap: median {statistics.median(loaded):.0f} ms, max {max(loaded):.0f} ms")
    print(f"  without pages:       median {statistics.median(empty):.0f} ms, max {max(empty):.0f} ms")
    print(f"  ratio (median):      {statistics.median(loaded) / max(1.0, statistics.median(empty)):.1f}x")
    return 0


def measure(folder: Path, dpi: int, taps: int, pages: int) -> list[float]:
    """The longest event-loop gap (ms) around each of `taps` rotate taps."""
    import cv2
    from PySide6.QtCore import QElapsedTimer, QPoint, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk.documents.review import PageSet
    from kiosk.i18n import Translator
    from tests.pages import text_page
    from ui.documents.review_screen import ReviewScreen

    _app = QApplication.instance() or QApplication([])  # kept alive while the screen is measured
    page_set = PageSet()
    for index in range(pages):
        path = folder / f"scan-{index:04d}.png"
        cv2.imwrite(str(path), text_page(dpi, seed=index))
        page_set.add(path)
    screen = ReviewScreen(1.0)
    screen.retranslate(Translator("vi"))
    screen.resize(1366, 768)
    screen.show()
    screen.windowHandle().requestActivate()
    screen.open(page_set, ["Giấy tờ"], folder, dpi)
    settle(1.0)
    clock = QElapsedTimer()
    clock.start()
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(clock.elapsed()))
    timer.start()
    gaps = []
    rotate = screen.buttons["rotate"]
    for tap in range(taps):
        if pages:
            screen.thumbs.setCurrentRow(tap % pages)
        settle(0.2)
        ticks.clear()
        ticks.append(clock.elapsed())  # the tap starts the stretch being measured
        centre = rotate.mapTo(screen, rotate.rect().center())
        QTest.mouseClick(screen.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(centre))
        settle(1.5)
        gaps.append(max((b - a for a, b in zip(ticks, ticks[1:], strict=False)), default=0))
    timer.stop()
    screen.close()
    screen.deleteLater()
    settle(0.2)
    return [float(gap) for gap in gaps]


def settle(seconds: float) -> None:
    """Run the event loop for `seconds`."""
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.002)


if __name__ == "__main__":
    sys.exit(main())
