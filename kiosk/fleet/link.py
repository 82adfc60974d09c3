"""The broker connection both sides use: a paho-mqtt client from a broker URL, TLS CA and credentials."""

from __future__ import annotations

import dataclasses
import ssl
from typing import Protocol
from urllib.parse import urlsplit

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

TLS_PORT = 8883
PLAIN_PORT = 1883


@dataclasses.dataclass(frozen=True)
class Broker:
    """Where the broker is and who this client is on it."""

    url: str  # mqtts://host:port (TLS) or mqtt://host:port
    ca_file: str = ""
    username: str = ""
    password: str = ""

    @property
    def host(self) -> str:
        """The broker's host name."""
        return urlsplit(self.url).hostname or ""

    @property
    def tls(self) -> bool:
        """Whether the link is TLS (`mqtts://`)."""
        return urlsplit(self.url).scheme == "mqtts"

    @property
    def port(self) -> int:
        """The broker's port (8883 for TLS, 1883 otherwise, unless the URL names one)."""
        return urlsplit(self.url).port or (TLS_PORT if self.tls else PLAIN_PORT)


class Network(Protocol):
    """Who drives a client's network traffic when it is not the client's own thread (`loop_start()`): many
    simulated kiosks in one process share a few such loops (tests/fleet/shared_loop.py, bench/fleet.py)."""

    def attach(self, made: mqtt.Client) -> None:
        """Connect `made` (after `connect_async()`) and keep it connected."""

    def release(self, made: mqtt.Client) -> None:
        """Disconnect `made` and stop serving it; return once its DISCONNECT is written (or a few seconds on)."""


def client(broker: Broker, client_id: str, *, clean: bool) -> mqtt.Client:
    """A client for `broker`, not yet connected; `clean=False` keeps the broker-side session (the kiosk's)."""
    made = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=clean,
                       protocol=mqtt.MQTTv311)
    if broker.username:
        made.username_pw_set(broker.username, broker.password or None)
    if broker.tls:
        made.tls_set(ca_certs=broker.ca_file or None, cert_reqs=ssl.CERT_REQUIRED)
    made.reconnect_delay_set(1, 30)
    return made
