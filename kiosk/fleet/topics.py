"""The fleet's topic tree: what each kiosk writes under `kiosks/…` and what the province writes under `fleet/…`.

    kiosks/<province>/<commune>/<kiosk>/status          retained: online or offline (the Last Will), version, ...
    kiosks/<province>/<commune>/<kiosk>/seen            retained: when the kiosk last spoke
    kiosks/<province>/<commune>/<kiosk>/stats/<day>     retained, QoS 1: one day's anonymous aggregates
    kiosks/<province>/<commune>/<kiosk>/report/<kind>   retained: what became of the last config or content push
    fleet/<province>/<commune>/<kiosk>/<kind>           retained: the province's signed config or content document

The broker's ACL (docs/fleet.md) lets a kiosk, whose user name on the broker is its kiosk id, write only
`kiosks/<province>/+/<kiosk>/#` and read only `fleet/<province>/+/<kiosk>/#`. A statistics day has its own
retained topic, so a day published again after a lost acknowledgement replaces itself: the province counts it once.
"""

from __future__ import annotations

import dataclasses
import fnmatch

KINDS = ("config", "content")


@dataclasses.dataclass(frozen=True)
class KioskId:
    """Where a kiosk sits in the tree."""

    province: str
    commune: str
    kiosk: str

    @property
    def path(self) -> str:
        """`province/commune/kiosk`: the kiosk's MQTT client id and its place under both roots."""
        return f"{self.province}/{self.commune}/{self.kiosk}"

    @property
    def status(self) -> str:
        """The retained status topic."""
        return f"kiosks/{self.path}/status"

    @property
    def seen(self) -> str:
        """The retained topic of when the kiosk last spoke (the Last Will replaces the status, not this)."""
        return f"kiosks/{self.path}/seen"

    def stats(self, day: str) -> str:
        """The retained topic of one day's statistics (`day` as YYYY-MM-DD)."""
        return f"kiosks/{self.path}/stats/{day}"

    def report(self, kind: str) -> str:
        """The retained topic of what became of the last push of `kind`."""
        return f"kiosks/{self.path}/report/{kind}"

    def document(self, kind: str) -> str:
        """The retained topic of the province's document of `kind` for this kiosk."""
        return f"fleet/{self.path}/{kind}"

    def matches(self, pattern: str) -> bool:
        """Whether `--to PATTERN` names this kiosk: a shell pattern on `commune/kiosk` (`*` is every kiosk,
        `xa-an-binh/*` one commune's)."""
        return fnmatch.fnmatchcase(f"{self.commune}/{self.kiosk}", pattern if "/" in pattern else f"{pattern}/*")


def parse_kiosk_topic(topic: str) -> tuple[KioskId, str, str] | None:
    """`kiosks/p/c/k/what[/detail]` as (kiosk, what, detail); None for any other topic."""
    parts = topic.split("/")
    if len(parts) < 5 or parts[0] != "kiosks":  # noqa: PLR2004 - root, three ids, what
        return None
    return KioskId(parts[1], parts[2], parts[3]), parts[4], "/".join(parts[5:])
