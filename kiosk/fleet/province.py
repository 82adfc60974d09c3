"""The province's side: a short-lived client of the broker that reads what the kiosks left there (retained) and
pushes signed documents. No server of its own: the broker keeps everything between two commands.

Reading retained messages has no natural end, so after subscribing the client sends itself a marker on a topic of
its own: the broker sends a client's messages in order, so once the marker is back every retained message of the
earlier subscriptions has arrived.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
import uuid
from typing import Any

import paho.mqtt.client as mqtt

from kiosk.fleet.link import Broker, client
from kiosk.fleet.topics import KioskId, parse_kiosk_topic

TIMEOUT_S = 60.0
KEEPALIVE_GRACE = 1.5  # as MQTT's own rule for a broker: a client silent this many keep-alives is gone


class BrokerUnreachable(Exception):
    """The broker did not answer in time (or refused the province's login)."""


@dataclasses.dataclass
class KioskView:
    """What the broker holds of one kiosk."""

    kiosk: KioskId
    status: dict[str, Any] = dataclasses.field(default_factory=dict)
    seen: float | None = None
    reports: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)

    @property
    def online(self) -> bool:
        """Online by its retained status (the broker's Last Will turns it offline), and heard from within 1.5
        keep-alives: Mosquitto 2.0 checks keep-alives only every few seconds, so the Will alone comes later
        (docs/fleet.md; this reading relies on the kiosk's clock, which `kiosk doctor` checks)."""
        keepalive = float(self.status.get("keepalive") or 0)
        silent = self.seen is not None and keepalive > 0 and time.time() - self.seen > KEEPALIVE_GRACE * keepalive
        return bool(self.status.get("online")) and not silent


class ProvinceClient:
    """`collect(filters)` and `push(messages)`, each over one connection opened for it."""

    def __init__(self, broker: Broker, province: str, timeout_s: float = TIMEOUT_S) -> None:
        self.broker = broker
        self.province = province
        self.timeout_s = timeout_s

    def _connected(self) -> mqtt.Client:
        made = client(self.broker, f"province-{self.province}-{uuid.uuid4().hex[:12]}", clean=True)
        ready = threading.Event()
        outcome: list[Any] = []

        def connected(_c: mqtt.Client, _u: object, _f: object, reason: Any, _p: object) -> None:
            outcome.append(reason)
            ready.set()

        made.on_connect = connected
        try:
            made.connect(self.broker.host, self.broker.port, keepalive=30)
        except OSError as error:
            raise BrokerUnreachable(str(error)) from error
        made.loop_start()
        if not ready.wait(self.timeout_s) or outcome[0].is_failure:
            made.loop_stop()
            raise BrokerUnreachable(str(outcome[0]) if outcome else "timeout")
        return made

    def collect(self, filters: list[str]) -> list[tuple[str, bytes]]:
        """Every retained message under `filters` (topic, payload), as the broker holds them now."""
        made = self._connected()
        marker = f"fleet/{self.province}/_cli/{uuid.uuid4().hex}"
        received: list[tuple[str, bytes]] = []
        done = threading.Event()

        def arrived(_c: mqtt.Client, _u: object, message: mqtt.MQTTMessage) -> None:
            if message.topic == marker:
                done.set()
            elif message.payload:  # an empty retained message is a deleted one
                received.append((message.topic, bytes(message.payload)))

        made.on_message = arrived
        try:
            # QoS 0 both ways: one ordered stream, not limited by the broker's queue of unacknowledged messages.
            made.subscribe([(topic, 0) for topic in filters])
            made.subscribe(marker, 0)
            made.publish(marker, b"1", 0)
            if not done.wait(self.timeout_s):
                raise BrokerUnreachable("timeout")
        finally:
            made.disconnect()
            made.loop_stop()
        return received

    def push(self, messages: list[tuple[str, bytes]]) -> None:
        """Publish retained documents at QoS 1 and wait until the broker has every one."""
        made = self._connected()
        try:
            infos = [made.publish(topic, payload, 1, retain=True) for topic, payload in messages]
            for info in infos:
                try:
                    info.wait_for_publish(self.timeout_s)
                except (RuntimeError, ValueError) as error:  # the connection went while publishing
                    raise BrokerUnreachable(str(error)) from error
                if not info.is_published():
                    raise BrokerUnreachable("timeout")
        finally:
            made.disconnect()
            made.loop_stop()

    def kiosks(self) -> list[KioskView]:
        """Every kiosk of the province the broker knows, with its status, last sign of life and push reports."""
        views: dict[str, KioskView] = {}
        root = f"kiosks/{self.province}/+/+"
        for topic, payload in self.collect([f"{root}/status", f"{root}/seen", f"{root}/report/+"]):
            parsed = parse_kiosk_topic(topic)
            if parsed is None:
                continue
            kiosk, what, detail = parsed
            view = views.setdefault(kiosk.path, KioskView(kiosk))
            value = json.loads(payload)
            if what == "status":
                view.status = value
            elif what == "seen":
                view.seen = float(value)
            elif what == "report":
                view.reports[detail] = value
        return sorted(views.values(), key=lambda view: view.kiosk.path)

    def daily_statistics(self) -> list[dict[str, Any]]:
        """Every day's statistics every kiosk of the province has sent."""
        return [json.loads(payload) for _topic, payload in self.collect([f"kiosks/{self.province}/+/+/stats/+"])]
