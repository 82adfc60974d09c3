"""Looking up a dossier by its code ("Tra cứu hồ sơ" on the start screen): the code as a citizen types it, checked
as typed, and the portal's tracking page for it.

The real portal's code format is unverified here, so a code is checked only for what no dossier code has: letters
other than A-Z, spaces inside, fewer than 6 or more than 40 characters. The practice portal's own codes have a
known shape (TH-YYMMDD-NNNNNN) and are checked in full while practising. Nothing here is Qt.
"""

from __future__ import annotations

import re
from urllib.parse import quote

CODE = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{5,39}$")
CODE_CHARACTERS = re.compile(r"^[A-Z0-9.\-]*$")
PRACTICE_CODE = re.compile(r"^TH-\d{6}-\d{6}$")
PRACTICE_EXAMPLE = "TH-261204-012345"
PLACEHOLDER = "{code}"


def normalise(typed: str) -> str:
    """The code as the portal writes it: upper case, no spaces (a citizen copies it in groups from the slip)."""
    return re.sub(r"\s+", "", typed).upper()


def problem(code: str, practising: bool) -> str | None:
    """What is wrong with a (normalised) code, as a catalogue key; None when it may be looked up. An empty code
    is not a problem yet: nothing was typed."""
    if not code:
        return "tracking.problem.empty"
    if not CODE_CHARACTERS.match(code):
        return "tracking.problem.characters"
    if practising:
        return None if PRACTICE_CODE.match(code) else "tracking.problem.practice_shape"
    return None if CODE.match(code) else "tracking.problem.length"


def tracking_address(template: str, code: str) -> str:
    """The tracking page for `code`: the template's `{code}` replaced by the code, quoted for a URL."""
    return template.replace(PLACEHOLDER, quote(code, safe=""))
