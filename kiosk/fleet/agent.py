"""The kiosk's side of the fleet: one kept MQTT connection to the province's broker, and a thread that queues
finished days, fetches pushed videos and keeps the status fresh.

- status: retained, online while connected; the broker publishes the Last Will (offline) when the kiosk is gone
  for 1.5 keep-alives. `seen` (retained, every half keep-alive) says when the kiosk last spoke.
- statistics: each finished day queued in the fleet store, published retained at QoS 1 on its own topic and
  marked sent only when the broker acknowledges it (PUBACK), so a week offline loses nothing and a day sent
  twice is still one day.
- documents: the province's signed config and content, checked (kiosk/fleet/documents.py) and staged for the next
  attract screen, or refused; either way a retained report says so.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import requests

from kiosk import __version__, log, paths
from kiosk.config.schema import FleetSettings
from kiosk.fleet import content, daily, documents
from kiosk.fleet.apply import stage_config
from kiosk.fleet.link import Broker, Network, client
from kiosk.fleet.signing import Refused, verify
from kiosk.fleet.store import FleetStore
from kiosk.fleet.topics import KINDS, KioskId
from kiosk.stats.database import open_database

QOS = 1
DOCTOR_EVERY_S = 6 * 3600


class FleetAgent:
    """Start with `start()`, end with `stop()`; everything else happens on its own threads."""

    def __init__(  # noqa: PLR0913 - the clocks, the doctor and the network are for tests and the bench
        self, settings: FleetSettings, data: Path, *, tick_s: float = 30.0,
        today: Callable[[], datetime.date] = datetime.date.today, clock: Callable[[], float] = time.time,
        doctor: Callable[[], list[str]] | None = None, network: Network | None = None,
    ) -> None:
        self.settings = settings
        self.kiosk = KioskId(settings.province, settings.commune, settings.kiosk_id)
        self.folder = paths.fleet_dir(data)
        self.store = FleetStore(self.folder)
        self._stats = open_database(data)
        self._tick_s, self._today, self._clock, self._doctor = tick_s, today, clock, doctor
        self._network = network  # None: the client's own thread (a real kiosk holds one link)
        self._doctor_problems: list[str] = []
        self._doctor_at: float | None = None
        self._inflight: dict[int, str] = {}  # message id -> day, until the broker acknowledges it
        self._publishing = 0  # days being published just now (their message ids not yet in _inflight)
        self._early: set[int] = set()  # message ids acknowledged meanwhile, before their day was known
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._http = requests.Session()
        self._thread = threading.Thread(target=self._run, name=f"fleet {self.kiosk.path}", daemon=True)
        broker = Broker(settings.broker_url, settings.ca_file, settings.username, settings.password)
        self._broker = broker
        self.client = client(broker, self.kiosk.path, clean=False)
        self.client.will_set(self.kiosk.status, json.dumps({"online": False}), QOS, retain=True)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_publish = self._on_publish
        self.client.on_message = self._on_message

    def start(self) -> None:
        """Connect (and keep reconnecting) and start the agent's thread."""
        self.store.put("connected", "0")
        self.client.connect_async(self._broker.host, self._broker.port, self.settings.keepalive_s)
        if self._network is None:
            self.client.loop_start()
        else:
            self._network.attach(self.client)
        self._thread.start()

    def stop(self) -> None:
        """Say offline, disconnect and end the threads."""
        self._stopping.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)
        if self.client.is_connected():
            # If the link goes just now, the broker's Last Will says it instead.
            with contextlib.suppress(RuntimeError, ValueError):
                self.client.publish(self.kiosk.status, json.dumps({"online": False}), QOS,
                                    retain=True).wait_for_publish(2)
        if self._network is None:
            self.client.disconnect()
            self.client.loop_stop()
        else:
            self._network.release(self.client)
        self.store.put("connected", "0")
        self.store.close()
        self._stats.close()

    # --- the MQTT thread ---

    def _on_connect(self, made: mqtt.Client, _userdata: object, _flags: object, reason: Any, _props: object) -> None:
        if reason.is_failure:
            log.fleet.warning("the broker refused the connection: %s", reason)
            return
        log.fleet.info("connected to %s as %s", self._broker.host, self.kiosk.path)
        self.store.put("connected", "1")
        made.subscribe([(self.kiosk.document(kind), QOS) for kind in KINDS])
        self._wake.set()  # the agent's thread says online and sends what waits

    def _on_disconnect(self, _made: mqtt.Client, _userdata: object, _flags: object, reason: Any,
                       _props: object) -> None:
        self.store.put("connected", "0")
        if not self._stopping.is_set():
            log.fleet.info("lost the broker (%s): reconnecting", reason)

    def _on_publish(self, _made: mqtt.Client, _userdata: object, mid: int, _reason: object, _props: object) -> None:
        with self._lock:
            day = self._inflight.pop(mid, None)
            if day is None and self._publishing:
                self._early.add(mid)
        if day is not None:
            self.store.acked(day, self._clock())
        else:
            self.store.put("last_sync", str(self._clock()))

    def _on_message(self, _made: mqtt.Client, _userdata: object, message: mqtt.MQTTMessage) -> None:
        kind = message.topic.rsplit("/", 1)[-1]
        if kind in KINDS and message.payload:
            self._take(kind, bytes(message.payload))

    def _take(self, kind: str, data: bytes) -> None:
        serial = None
        try:
            payload = verify(self.settings.province_key, data)
            serial = payload.get("serial")
            current = self.store.document(kind)
            serial_now = current.serial if current is not None else None
            if documents.check_envelope(payload, kind, self.kiosk.province, serial_now) is None:
                return
            if kind == "config":
                problems = documents.check_config(payload, self.folder / "incoming-config.toml")
                if problems:
                    log.fleet.warning("refused a config push: %d problem(s)", len(problems))
                    self._report(kind, serial, False, "fleet.refused.config",
                                 problems=[{"file": p.file, "line": p.line, "key": p.key, "code": p.code,
                                            "params": p.params} for p in problems])
                    return
                stage_config(self.folder, payload["toml"])
                self.store.keep_document(kind, payload["serial"], payload, "staged")
                self._report(kind, serial, True, "fleet.state.staged")
            else:
                documents.content_files(payload)
                self.store.keep_document(kind, payload["serial"], payload, "downloading")
                self._report(kind, serial, True, "fleet.state.downloading")
                self._wake.set()
        except Refused as refused:
            log.fleet.warning("refused a %s push: %s %s", kind, refused.code, refused.params)
            self._report(kind, serial, False, refused.code, params=refused.params)

    def _report(self, kind: str, serial: object, accepted: bool, reason: str, *,  # noqa: PLR0913 - one report
                problems: list[Any] | None = None, params: dict[str, object] | None = None) -> None:
        report = {"kind": kind, "serial": serial, "accepted": accepted, "reason": reason, "params": params or {},
                  "problems": problems or [], "at": self._clock()}
        self.store.keep_report(kind, report)
        self.client.publish(self.kiosk.report(kind), json.dumps(report, ensure_ascii=False), QOS, retain=True)

    def _publish_status(self) -> None:
        row = self._stats.execute(
            "SELECT detail FROM events WHERE kind = 'device_error' ORDER BY at DESC LIMIT 1").fetchone()
        status = {"online": True, "version": __version__, "doctor": self._doctor_problems,
                  "device_error": row[0] if row else "", "at": self._clock(), "keepalive": self.settings.keepalive_s}
        self.client.publish(self.kiosk.status, json.dumps(status), QOS, retain=True)

    # --- the agent's thread ---

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.tick()
            except Exception:  # noqa: BLE001 - the link must outlive any one bad tick; the next one tries again
                log.fleet.exception("fleet tick failed")
            # At least twice a keep-alive: the province reads a kiosk silent for 1.5 keep-alives as offline.
            self._wake.wait(min(self._tick_s, self.settings.keepalive_s / 2))
            self._wake.clear()

    def tick(self) -> None:
        """Queue finished days, send what waits, fetch pushed videos, report applied pushes, refresh status."""
        self._queue_days()
        if self._doctor is not None and (self._doctor_at is None or self._clock() - self._doctor_at > DOCTOR_EVERY_S):
            self._doctor_at = self._clock()
            self._doctor_problems = self._doctor()
        if self.client.is_connected():
            self._send_days()
            self._publish_status()
            self.client.publish(self.kiosk.seen, json.dumps(self._clock()), 0, retain=True)
            self._report_applied()
        self._fetch_content()

    def _queue_days(self) -> None:
        last = self.store.last_queued_day()
        for day in daily.days_to_queue(last, self._today(), daily.first_day(self._stats)):
            self.store.queue_day(day.isoformat(), daily.day_payload(self._stats, self.kiosk, day))

    def _send_days(self) -> None:
        with self._lock:
            sending = set(self._inflight.values())
        for day, payload in self.store.unacked():
            if day in sending:
                continue
            # Never hold the lock across publish(): paho calls _on_publish holding its own message lock, which
            # publish() takes too, so an acknowledgement of one day while the next is sent deadlocked both threads
            # (a kiosk back with a week of days froze its link). An acknowledgement that comes before this day's
            # message id is known is kept in _early instead.
            with self._lock:
                self._publishing += 1
            info = self.client.publish(self.kiosk.stats(day), payload, QOS, retain=True)
            with self._lock:
                self._publishing -= 1
                acked_already = info.mid in self._early
                if acked_already:
                    self._early.discard(info.mid)
                else:
                    self._inflight[info.mid] = day
                if not self._publishing:
                    self._early.clear()
            if acked_already:
                self.store.acked(day, self._clock())

    def _report_applied(self) -> None:
        reports = self.store.reports()
        for kind in KINDS:
            document = self.store.document(kind)
            report = reports.get(kind)
            if document is not None and document.state == "applied" and report is not None \
                    and report["reason"] != "fleet.state.applied":
                self._report(kind, document.serial, True, "fleet.state.applied")

    def _fetch_content(self) -> None:
        document = self.store.document("content")
        if document is None or document.state != "downloading":
            return
        folder = content.push_folder(self.folder, document.serial)
        try:
            for item in documents.content_files(document.payload):
                content.fetch(item, folder / item.path, self._http, self._stopping.is_set)
                if self._stopping.is_set():
                    return
        except requests.RequestException as error:
            log.fleet.info("video download interrupted (%s): resumes at the next try", type(error).__name__)
            return
        except Refused as refused:
            self.store.set_state("content", document.serial, "failed")
            self._report("content", document.serial, False, refused.code, params=refused.params)
            return
        content.mark_ready(self.folder, document.serial)
        self.store.set_state("content", document.serial, "ready")
        self._report("content", document.serial, True, "fleet.state.ready")
