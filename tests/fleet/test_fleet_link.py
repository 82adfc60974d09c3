"""The link itself: a kiosk cut off (its traffic silently gone, as with a cut cable) is offline in
`kiosk fleet status` within 1.5 keep-alives, by the broker's Last Will; the ACL keeps a kiosk to its own topics."""

from __future__ import annotations

import json
import time

import pytest

from kiosk.fleet.link import Broker, client
from kiosk.fleet.topics import KioskId
from tests.fleet.kiosks import wait_for
from tests.fleet.mosquitto import KIOSK_PASSWORD, PROVINCE
from tests.fleet.servers import SilentRelay

KEEPALIVE_S = 2


@pytest.fixture
def relay(broker):
    made = SilentRelay(broker.port)
    yield made
    made.close()


@pytest.mark.expected_log_warnings  # paho's reconnects through the silent relay may time out
def test_a_cut_off_kiosk_is_offline_within_one_and_a_half_keepalives(kiosks, province, relay):
    kiosks("xa-a", "k1", keepalive_s=KEEPALIVE_S, url=f"mqtts://127.0.0.1:{relay.port}")

    def online():
        return {view.kiosk.kiosk: view.online for view in province.kiosks()}.get("k1")

    wait_for(online)
    relay.go_silent()
    cut = time.monotonic()
    wait_for(lambda: online() is False, timeout=3 * KEEPALIVE_S, step=0.02)
    elapsed = time.monotonic() - cut
    assert elapsed <= 1.5 * KEEPALIVE_S + 0.3, elapsed  # 0.3 s: one round trip of the province's client
    # The broker's Last Will follows (Mosquitto 2.0 checks keep-alives every 6 s): offline in the status itself.
    wait_for(lambda: not next(view for view in province.kiosks() if view.kiosk.kiosk == "k1").status["online"],
             timeout=1.5 * KEEPALIVE_S + 8)


def test_a_kiosk_writes_only_its_own_topics(broker, province):
    other = KioskId(PROVINCE, "xa-b", "k2")
    intruder = client(Broker(broker.url, str(broker.ca), "k1", KIOSK_PASSWORD), "intruder", clean=True)
    intruder.connect("127.0.0.1", broker.port)
    intruder.loop_start()
    try:
        wait_for(intruder.is_connected, timeout=10)  # accepted (CONNACK): paho's waits below end silently at timeout
        own = intruder.publish(KioskId(PROVINCE, "xa-a", "k1").status, json.dumps({"online": True}), 1, retain=True)
        own.wait_for_publish(10)
        assert own.is_published(), broker.log()
        # Its own topic first: Mosquitto 2.0 answers a denied publish with a PUBACK (reason 135) and then drops an
        # MQTT 3.1.1 client's connection, which MQTT-3.3.5-2 allows. The kiosk's own link never writes elsewhere.
        forged = intruder.publish(other.status, json.dumps({"online": True, "version": "forged"}), 1, retain=True)
        forged.wait_for_publish(10)
        assert forged.is_published(), broker.log()
    finally:
        intruder.disconnect()
        intruder.loop_stop()
    seen = {view.kiosk.path for view in province.kiosks()}
    assert seen == {f"{PROVINCE}/xa-a/k1"}  # the broker dropped the forged status of k2
