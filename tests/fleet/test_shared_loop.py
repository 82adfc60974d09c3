"""The shared network loops bench/fleet.py runs hundreds of simulated kiosks on: kiosks whose sockets are numbered
past 1023 (where paho's own select() loop cannot go) still upload every day once, take a config push, come back
after the broker was away, and say offline when they stop."""

from __future__ import annotations

import contextlib
import os
import resource

import pytest

from kiosk import cli
from tests.fleet.conftest import KIOSK_USERS, cli_args
from tests.fleet.kiosks import FIRST_DAY, make_agent, record_day, settings, wait_for
from tests.fleet.shared_loop import Loops, allow_open_files

SELECT_LIMIT = 1024  # FD_SETSIZE: select() cannot watch a descriptor this high


@pytest.fixture
def high_descriptors():
    """Every descriptor below SELECT_LIMIT taken while the kiosks connect; `free()` gives them back (the province's
    own client in this process uses paho's select() loop)."""
    before = allow_open_files(SELECT_LIMIT + 200)
    taken: list[int] = []
    while not taken or taken[-1] < SELECT_LIMIT:
        taken.append(os.open(os.devnull, os.O_RDONLY))

    def free() -> None:
        for descriptor in taken:
            with contextlib.suppress(OSError):
                os.close(descriptor)
        taken.clear()

    yield free
    free()
    resource.setrlimit(resource.RLIMIT_NOFILE, before)


def test_kiosks_on_shared_loops_past_descriptor_1023(broker, province_key, province, tmp_path, day, capsys,
                                                     high_descriptors):
    loops = Loops(2)
    agents = []
    try:
        for number, name in enumerate(KIOSK_USERS):
            data = tmp_path / name
            record_day(data, FIRST_DAY, sessions=4 + number, seed=number)
            agent = make_agent(settings(broker, province_key[1], f"xa-{number}", name), data, day, network=loops)
            agent.start()
            agents.append(agent)
        wait_for(lambda: all(agent.store.link_state().connected for agent in agents))
        assert all(agent.client.socket().fileno() >= SELECT_LIMIT for agent in agents)

        day.next()
        wait_for(lambda: all(agent.store.last_queued_day() and not agent.store.link_state().queued
                             for agent in agents))
        high_descriptors()
        sent = sorted((payload["kiosk"], payload["row"]["sessions"]) for payload in province.daily_statistics())
        assert sent == [("k1", 4), ("k2", 5), ("k3", 6)]

        pushed = tmp_path / "kiosk.toml"
        pushed.write_text("[session]\nidle_timeout_s = 150\n", encoding="utf-8")
        assert cli.main(["fleet", "push-config", str(pushed), "--to", "*", *cli_args(broker, province_key[0])]) == 0
        wait_for(lambda: all(getattr(agent.store.document("config"), "state", None) == "staged" for agent in agents))
        assert all(agent.client.socket().fileno() >= SELECT_LIMIT for agent in agents)  # still the same links

        broker.stop()
        wait_for(lambda: not any(agent.store.link_state().connected for agent in agents))
        for number, name in enumerate(KIOSK_USERS):
            record_day(tmp_path / name, day.today, sessions=1, seed=number)
        day.next()
        broker.start()
        wait_for(lambda: all(agent.store.link_state().connected and not agent.store.link_state().queued
                             for agent in agents), timeout=30)
        assert len(province.daily_statistics()) == 2 * len(agents)  # each day once
    finally:
        for agent in agents:
            agent.stop()
        loops.close()
    capsys.readouterr()
    assert cli.main(["fleet", "status", *cli_args(broker)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "3 máy, 0 đang trực tuyến."
