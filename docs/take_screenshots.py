"""Render the kiosk's screens to docs/screenshots/ at 1920x1080 and 1366x768, in Vietnamese.

Run: `make screenshots` (needs Xvfb). Each size runs in its own Xvfb of that size, with the
real window and real screens, driven through the shell as a citizen would move.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "screenshots"
SIZES = ((1920, 1080), (1366, 768))


def shoot(width: int, height: int, lang: str) -> None:
    """Inside an Xvfb of the given size: show each screen and save it."""
    from PySide6.QtWidgets import QApplication

    from kiosk.cli import build_parser
    from kiosk.config import load_layers
    from ui.app import application, build_shell

    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "kiosk.toml"
        config.write_text(f'[session]\nroot_dir = "{tmp}/sessions"\n', encoding="utf-8")
        args = build_parser().parse_args(
            ["--windowed", "--size", f"{width}x{height}", "--lang", lang, "--config", str(config)]
        )
        app = application()
        shell = build_shell(app, args, load_layers(None, config))
        shell.window.restore()
        suffix = f"{width}x{height}" + ("" if lang == "vi" else f"-{lang}")

        def save(name: str) -> None:
            for _ in range(5):
                app.processEvents()
            shell.window.grab().save(str(OUT / f"{name}-{suffix}.png"))

        save("attract")
        shell.begin_session()
        save("start")
        shell.open_choice("scan")
        save("placeholder")
        now = shell._clock()
        shell.lifecycle.tick(now + shell.lifecycle.idle_timeout_s)
        shell.idle_warning.set_seconds(shell.lifecycle.seconds_left(now + shell.lifecycle.idle_timeout_s + 2))
        save("idle-warning")
        shell.lifecycle.keep_alive(now)
        shell.open_pin_pad()
        save("pin-pad")
        shell.shutdown()
        shell.window.exit_allowed = True
        shell.window.close()
        QApplication.quit()


def main() -> int:
    """Run one Xvfb per size (or, with --one, shoot inside the current display)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", help="WIDTHxHEIGHT: shoot in the current display")
    parser.add_argument("--lang", default="vi", choices=("vi", "en"))
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    if args.one:
        width, height = (int(part) for part in args.one.split("x"))
        shoot(width, height, args.lang)
        return 0
    for width, height in SIZES:
        command = [
            "xvfb-run", "-a", "-s", f"-screen 0 {width}x{height}x24",
            sys.executable, __file__, "--one", f"{width}x{height}", "--lang", args.lang,
        ]
        subprocess.run(command, check=True)
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
