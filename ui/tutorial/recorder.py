"""Recording the practice portal for the tutorial videos: a QtWebEngine view at the video's size, off the
record, on a practice portal of its own; it goes page to page by script, and grabs a page with the box of what
the step says to tap (its `point` selectors, the first visible match, as the guide's pointer finds it).

This is a recording, not a test of input: forms are filled and buttons pressed by script.
"""

from __future__ import annotations

import io
import json
import tempfile
import time
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QEventLoop, QIODevice, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
from PySide6.QtWebEngineWidgets import QWebEngineView

from kiosk.config.schema import PracticeSettings
from kiosk.guide.screencast import SIZE, Box, Shot
from kiosk.practice_portal.server import PracticePortal

SETTLE_MS = 450  # a grab right after a scroll can still show the frame before it: let a few frames pass
LOAD_S = 20.0
ASK_S = 2.0  # one question to the page; a navigation drops its answer, so it is asked again

# The first visible match of the selectors, scrolled to the middle of the view when it is not in sight; its box,
# the selector that matched, and what the page shows (for the side-car file and the page's recognition).
FIND = """((selectors) => {
  for (const selector of selectors) {
    let found = [];
    try { found = document.querySelectorAll(selector); } catch (error) { continue; }
    for (const element of found) {
      const box = element.getBoundingClientRect();
      if (box.width <= 0 || box.height <= 0 || getComputedStyle(element).visibility === 'hidden') continue;
      if (box.top < 0 || box.bottom > innerHeight || box.left < 0 || box.right > innerWidth)
        element.scrollIntoView({block: 'center', inline: 'nearest', behavior: 'instant'});
      return {selector};
    }
  }
  return null;
})(%s)"""
WHERE = """((selector) => {
  const element = [...document.querySelectorAll(selector)].find(e => e.getBoundingClientRect().width > 0);
  // A box around a picture (the QR's frame) is tapped on the picture itself, not on the empty space beside it.
  const picture = element.matches('div, section, figure') && element.querySelector('svg, img, canvas');
  const box = (picture || element).getBoundingClientRect();
  const headings = [...document.querySelectorAll('h1, h2')].filter(h => { const r = h.getBoundingClientRect();
    return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight; });
  return {box: [box.left, box.top, box.width, box.height], url: location.href, title: document.title,
          heading: headings.length ? headings[0].innerText.trim() : '', text: document.body.innerText};
})(%s)"""


class RecordingError(RuntimeError):
    """The practice portal did not show what the recording expected (names the page and what was missing)."""


class Recorder:
    """A view on a practice portal of its own; `shot()` grabs the page with the box of what to tap."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="kiosk-recording-")
        self.portal = PracticePortal(PracticeSettings())
        self.portal.start(Path(self._folder.name))
        self._profile = QWebEngineProfile()  # off the record: nothing of the recording stays on disk
        self._page = QWebEnginePage(self._profile)
        self.view = QWebEngineView()
        self.view.setPage(self._page)
        self.view.resize(*SIZE)
        self.view.show()

    def close(self) -> None:
        """The view, its page, then its profile (in that order, or Qt warns and may crash at exit), the portal."""
        self.view.close()
        self.view.setPage(None)  # type: ignore[arg-type]
        self.view.deleteLater()
        self._page.deleteLater()
        self.wait_ms(50)
        self._profile.deleteLater()
        self.portal.stop()
        self._folder.cleanup()

    # --- talking to the page -----------------------------------------------------------------------------------

    def wait_ms(self, milliseconds: int) -> None:
        """Let Qt work for a while (pages load and paint meanwhile)."""
        loop = QEventLoop()
        QTimer.singleShot(milliseconds, loop.quit)
        loop.exec()

    def ask(self, script: str) -> object:
        """The JSON value of an expression in the page's main world; None when no answer came (a navigation)."""
        answer: list[object] = []
        loop = QEventLoop()

        def answered(value: object) -> None:
            answer.append(value)
            loop.quit()

        self._page.runJavaScript(f"JSON.stringify({script})", 0, answered)
        QTimer.singleShot(round(ASK_S * 1000), loop.quit)
        loop.exec()
        return json.loads(answer[0]) if answer and isinstance(answer[0], str) and answer[0] else None

    def wait_for(self, script: str, timeout_s: float = 20.0) -> None:
        """Until the expression is true on the page shown (asked again after each navigation)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.ask(f"(() => {{ try {{ return !!({script}) && document.readyState === 'complete'; }}"
                        " catch (e) { return false; } })()") is True:
                return
            self.wait_ms(100)
        raise RecordingError(f"{self._page.url().toString()}: never showed {script}")

    def load(self, url: str, until: str = "document.body") -> None:
        """Open `url` and wait for it to load and show `until` (the page before may show it too)."""
        loop = QEventLoop()
        self._page.loadFinished.connect(loop.quit)
        QTimer.singleShot(round(LOAD_S * 1000), loop.quit)
        self.view.load(url)
        loop.exec()
        self._page.loadFinished.disconnect(loop.quit)
        self.wait_for(until)

    def press(self, selector: str, until: str, frame: str = "") -> None:
        """Press the element (in the iframe `frame` when given) and wait for `until` on the main page."""
        document = f"document.querySelector({json.dumps(frame)}).contentDocument" if frame else "document"
        self.wait_for(f"{document}.querySelector({json.dumps(selector)})")
        self.ask(f"{document}.querySelector({json.dumps(selector)}).click()")
        self.wait_for(until)

    def run(self, script: str) -> object:
        """Run a script on the page (filling a form) and give its value."""
        return self.ask(script)

    # --- recording -----------------------------------------------------------------------------------------------

    def shot(self, selectors: tuple[str, ...]) -> Shot:
        """The page as shown, with the box of the first visible element matching `selectors`."""
        self.wait_ms(SETTLE_MS)
        found = self.ask(FIND % json.dumps(list(selectors)))
        if not isinstance(found, dict):
            raise RecordingError(f"{self._page.url().toString()}: nothing matches {list(selectors)}")
        self.wait_ms(SETTLE_MS)
        facts = self.ask(WHERE % json.dumps(found["selector"]))
        if not isinstance(facts, dict):
            raise RecordingError(f"{self._page.url().toString()}: the page went away while recorded")
        zoom = self.view.zoomFactor()
        left, top, width, height = (float(part) * zoom for part in facts.pop("box"))
        return Shot(self.grab(), Box(left, top, width, height),
                    {"kind": "page", "selector": found["selector"], **facts})

    def grab(self) -> Image.Image:
        """The view's picture now."""
        return qimage_to_pil(self.view.grab().toImage())


def qimage_to_pil(image: QImage) -> Image.Image:
    """A Qt picture as a PIL one (through an in-memory BMP: no pixel-format guesswork)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "BMP")
    with Image.open(io.BytesIO(bytes(buffer.data().data()))) as picture:
        return picture.convert("RGB")
