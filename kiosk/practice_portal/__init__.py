"""The practice portal: a local, labelled stand-in of the national public-service portal and its VNeID SSO.

Two Flask apps on loopback (portal and SSO, on different hosts so cookies really are
separate), a procedure catalogue as data, validation and upload checks like a real server,
and state in SQLite inside the current citizen's session folder.
"""

from kiosk.practice_portal.server import PracticePortal

__all__ = ["PracticePortal"]
