"""Fixtures of the fleet tests: a real Mosquitto per test (killed after it), the province's key and client,
and kiosk agents that are stopped after the test whatever happens."""

from __future__ import annotations

import pytest

from kiosk.fleet import signing
from kiosk.fleet.link import Broker
from kiosk.fleet.province import ProvinceClient
from tests.fleet.kiosks import Day, make_agent, settings
from tests.fleet.mosquitto import PROVINCE, PROVINCE_PASSWORD, PROVINCE_USER, Mosquitto

KIOSK_USERS = ["k1", "k2", "k3"]


@pytest.fixture
def broker(tmp_path):
    mosquitto = Mosquitto(tmp_path / "broker", KIOSK_USERS)
    mosquitto.start()
    yield mosquitto
    mosquitto.close()


@pytest.fixture
def province_key(tmp_path):
    key = signing.new_key()
    path = tmp_path / "province.key"
    path.write_bytes(signing.private_pem(key))
    path.chmod(0o600)
    return path, signing.public_text(key)


@pytest.fixture
def province(broker):
    return ProvinceClient(Broker(broker.url, str(broker.ca), PROVINCE_USER, PROVINCE_PASSWORD), PROVINCE, timeout_s=10)


@pytest.fixture
def day():
    return Day()


@pytest.fixture
def kiosks(broker, province_key, tmp_path, day):
    """`kiosks(commune, kiosk, **settings)` -> a started agent on its own data folder (`agent.data`)."""
    made = []

    def start(commune: str, kiosk: str, **overrides):
        data = tmp_path / f"{commune}-{kiosk}"
        agent = make_agent(settings(broker, province_key[1], commune, kiosk, **overrides), data, day)
        agent.data = data
        made.append(agent)
        agent.start()
        return agent

    yield start
    for agent in made:
        agent.stop()


def cli_args(broker, key_path=None):
    """The broker options of `kiosk fleet …` for this test's broker."""
    args = ["--broker", broker.url, "--ca", str(broker.ca), "--user", PROVINCE_USER, "--password", PROVINCE_PASSWORD,
            "--province", PROVINCE]
    return args + (["--key", str(key_path)] if key_path is not None else [])
