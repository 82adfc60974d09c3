"""`python -m ui.screen_probe`: print the primary screen's size as JSON, for `kiosk doctor` on the command line.

The doctor runs it as a process of its own because Qt ends the whole process when it cannot open the display:
the doctor then reports that, instead of dying with it.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtGui import QGuiApplication


def main() -> int:
    """Print {"width": …, "height": …} of the primary screen in device pixels."""
    app = QGuiApplication(sys.argv[:1])
    screen = app.primaryScreen()
    if screen is None:
        return 1
    size = screen.size() * screen.devicePixelRatio()
    print(json.dumps({"width": size.width(), "height": size.height()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
