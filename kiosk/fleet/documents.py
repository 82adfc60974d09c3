"""The province's two documents, checked before the kiosk takes them: a config (TOML, checked with the kiosk's own
schema and loader, so its problems are the `FILE:LINE: key: problem` lines of `kiosk config check`) and a content
manifest (the videos' files: path, URL, size, sha256).

    config:  {"kind": "config", "province", "serial", "issued_at", "file": "kiosk.toml", "toml": "..."}
    content: {"kind": "content", "province", "serial", "issued_at", "files": [{"path", "url", "size", "sha256"}]}

`serial` only grows (the province's clock in nanoseconds when it signed): an older document than the kiosk's is
refused, the same one again (a retained message on every reconnect) is no news.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from kiosk.config.loader import ConfigProblem, read_file
from kiosk.fleet.signing import Refused

SHA256 = re.compile(r"^[0-9a-f]{64}$")
VIDEO_MANIFEST = "manifest.toml"
# A pushed config may not touch the fleet link itself: a wrong broker or key would cut the kiosk off for good.
LOCAL_SECTION = "fleet"


@dataclasses.dataclass(frozen=True)
class ContentFile:
    """One file of the pushed videos."""

    path: str
    url: str
    size: int
    sha256: str


def check_envelope(payload: dict[str, Any], kind: str, province: str, current: int | None) -> int | None:
    """The document's serial when it is news; None when it is the one the kiosk has. Raises `Refused` for a
    document of another kind or province, or one older than the kiosk's."""
    serial = payload.get("serial")
    if payload.get("kind") != kind or not isinstance(serial, int) or isinstance(serial, bool):
        raise Refused("fleet.refused.malformed")
    if payload.get("province") != province:
        raise Refused("fleet.refused.province", province=str(payload.get("province")))
    if current is not None and serial == current:
        return None
    if current is not None and serial < current:
        raise Refused("fleet.refused.older", serial=serial, current=current)
    return serial


def check_config(payload: dict[str, Any], scratch: Path) -> list[ConfigProblem]:
    """The problems of a pushed config, named after the pushed file (`file`), as `kiosk config check` finds them;
    writes the TOML to `scratch` to read it with the kiosk's own loader."""
    text = payload.get("toml")
    name = str(payload.get("file") or "kiosk.toml")
    if not isinstance(text, str):
        return [ConfigProblem(name, 0, "-", "config.problem.empty")]
    scratch.parent.mkdir(parents=True, exist_ok=True)
    scratch.write_text(text, encoding="utf-8")
    values, problems = read_file(scratch)
    problems = [dataclasses.replace(problem, file=name) for problem in problems]
    lines = {problem.key for problem in problems}
    for key in values:
        if key.split(".", 1)[0] == LOCAL_SECTION and key not in lines:
            problems.append(ConfigProblem(name, _line_of(text, key), key, "config.problem.fleet_local"))
    return sorted(problems, key=lambda problem: problem.line)


def _line_of(text: str, key: str) -> int:
    short = key.split(".", 1)[1]
    return next((number for number, line in enumerate(text.splitlines(), 1) if line.strip().startswith(short)), 1)


def content_files(payload: dict[str, Any]) -> list[ContentFile]:
    """The files of a content manifest; raises `Refused` naming the first bad entry."""
    entries = payload.get("files")
    if not isinstance(entries, list) or not entries:
        raise Refused("fleet.refused.manifest", entry="files")
    files = []
    for number, entry in enumerate(entries):
        try:
            item = ContentFile(str(entry["path"]), str(entry["url"]), entry["size"], str(entry["sha256"]).lower())
        except (KeyError, TypeError):
            raise Refused("fleet.refused.manifest", entry=f"files[{number}]") from None
        relative = PurePosixPath(item.path)
        url = urlsplit(item.url)
        if relative.is_absolute() or ".." in relative.parts or not item.path or url.scheme not in ("http", "https") \
                or not isinstance(item.size, int) or item.size < 0 or not SHA256.match(item.sha256):
            raise Refused("fleet.refused.manifest", entry=f"files[{number}] ({item.path})")
        files.append(item)
    if VIDEO_MANIFEST not in {item.path for item in files}:
        raise Refused("fleet.refused.manifest", entry=VIDEO_MANIFEST)
    return files
