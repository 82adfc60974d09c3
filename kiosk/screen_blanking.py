"""Keep the kiosk's screen on: the X server's screen saver and DPMS off, from the kiosk itself, at start.

The kiosk draws through X11 (Qt's xcb platform). An X server starts with its screen saver on a 10-minute
timeout (Xorg, Xvfb; Xorg also with DPMS): an attract screen nobody touched would go black. Under cage, Xwayland
22.1 was measured starting with the timeout at 0 already (and no DPMS extension): there this is a guarantee that
does not depend on the X server's version; on Xorg (a desktop, another compositor) it keeps the screen on.
Done with libX11 and libXext through ctypes rather than `xset s off -dpms`: both libraries are already the
kiosk's (Qt's own dependencies, installer/apt-packages.txt), and there is no program to look for or wait on.
The settings belong to the X server, not to this connection: they hold after it closes, for as long as the
server runs; each kiosk process sets them again at its start.
"""

from __future__ import annotations

import ctypes
import dataclasses

LIBX11 = "libX11.so.6"  # the sonames of Debian's libx11-6 and libxext6
LIBXEXT = "libXext.so.6"
DONT_PREFER_BLANKING = 0  # X.h
DEFAULT_EXPOSURES = 2
SCREEN_SAVER_RESET = 0  # XForceScreenSaver: wake a screen that is blank already


class BlankingError(Exception):
    """The X server could not be reached (no libX11, or no display)."""


@dataclasses.dataclass(frozen=True)
class ScreenKeptOn:
    """What was switched off."""

    screen_saver: bool
    dpms: bool  # False when the server has no DPMS extension (Xwayland has none): nothing to switch off


def keep_screen_on(display: str | None = None) -> ScreenKeptOn:
    """Turn the screen saver and DPMS of the X server at `display` (default: $DISPLAY) off; raises BlankingError."""
    try:
        x11 = ctypes.CDLL(LIBX11)
        xext = ctypes.CDLL(LIBXEXT)
    except OSError as error:
        raise BlankingError(str(error)) from error
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    connection = x11.XOpenDisplay(display.encode() if display else None)
    if not connection:
        raise BlankingError(f"cannot open display {display or '$DISPLAY'}")
    handle = ctypes.c_void_p(connection)
    try:
        x11.XSetScreenSaver.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int]
        x11.XSetScreenSaver(handle, 0, 0, DONT_PREFER_BLANKING, DEFAULT_EXPOSURES)
        x11.XForceScreenSaver.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XForceScreenSaver(handle, SCREEN_SAVER_RESET)
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        xext.DPMSQueryExtension.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int),
                                            ctypes.POINTER(ctypes.c_int)]
        xext.DPMSCapable.argtypes = [ctypes.c_void_p]
        xext.DPMSDisable.argtypes = [ctypes.c_void_p]
        dpms = bool(xext.DPMSQueryExtension(handle, ctypes.byref(event_base), ctypes.byref(error_base))
                    and xext.DPMSCapable(handle))
        if dpms:
            xext.DPMSDisable(handle)
        x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XSync(handle, 0)  # the requests reach the server before the connection goes
    finally:
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x11.XCloseDisplay(handle)
    return ScreenKeptOn(screen_saver=True, dpms=dpms)
