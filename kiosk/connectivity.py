"""Is the portal reachable? A short HTTP check, run off the GUI thread by the browser screen."""

from __future__ import annotations

import requests


def reachable(url: str, timeout_s: float) -> bool:
    """True when the server behind `url` answers HTTP at all (any status); False on any network error."""
    try:
        requests.head(url, timeout=timeout_s, allow_redirects=False)
    except requests.RequestException:
        return False
    return True
