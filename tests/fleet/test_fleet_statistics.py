"""Status and daily statistics through a real Mosquitto: the province sees the kiosks, and a broker that was down
for a simulated day still gets every queued day exactly once, so the province's totals equal the communes' own
exports."""

from __future__ import annotations

import csv
import datetime
import json
import re
import time

from kiosk import cli
from kiosk.fleet.store import FleetStore
from kiosk.i18n import Translator
from kiosk.stats.database import open_database
from kiosk.stats.report import build_report
from tests.fleet.conftest import KIOSK_USERS, cli_args
from tests.fleet.kiosks import FIRST_DAY, record_day, wait_for


def _queued(agent) -> int:
    return agent.store.link_state().queued


def _local_totals(datas, start, end):
    totals = [build_report(open_database(data), start, end).total for data in datas]
    return {name: sum(getattr(total, name) for total in totals)
            for name in ("sessions", "submitted", "help_calls", "pages_scanned", "surveys")}


def test_status_reaches_the_province(kiosks, broker, capsys):
    kiosks("xa-a", "k1")
    kiosks("xa-b", "k2")
    wait_for(lambda: sum(1 for line in _status(broker, capsys) if " có " in f" {line} ") == 2)
    lines = _status(broker, capsys)
    assert any(line.startswith("xa-a/k1") and "0.1.0" in line for line in lines)
    assert lines[-1] == "2 máy, 2 đang trực tuyến."


def _status(broker, capsys) -> list[str]:
    capsys.readouterr()
    assert cli.main(["fleet", "status", *cli_args(broker)]) == 0
    return capsys.readouterr().out.splitlines()


def test_a_day_without_the_broker_loses_nothing_and_counts_nothing_twice(kiosks, broker, province, day, tmp_path,
                                                                         capsys):
    first, second = kiosks("xa-a", "k1"), kiosks("xa-b", "k2")
    for seed, agent in enumerate((first, second)):
        record_day(agent.data, FIRST_DAY, sessions=7 + seed, seed=seed)
    day.next()  # the first day is over: both kiosks queue it and the broker acknowledges it
    wait_for(lambda: _queued(first) == 0 and _queued(second) == 0 and first.store.last_queued_day())
    assert first.store.last_queued_day() == FIRST_DAY.isoformat()

    broker.stop()  # a simulated day without the province's broker
    wait_for(lambda: not first.store.link_state().connected and not second.store.link_state().connected)
    for seed, agent in enumerate((first, second)):
        record_day(agent.data, day.today, sessions=5 + seed, seed=10 + seed)
    day.next()
    wait_for(lambda: _queued(first) == 1 and _queued(second) == 1)  # the second day waits in each kiosk's queue

    broker.start()
    wait_for(lambda: _queued(first) == 0 and _queued(second) == 0, timeout=40)
    second_day = FIRST_DAY + datetime.timedelta(days=1)
    sent = province.daily_statistics()
    days = sorted((payload["commune"], payload["kiosk"], payload["row"]["day"]) for payload in sent)
    assert days == [("xa-a", "k1", FIRST_DAY.isoformat()), ("xa-a", "k1", second_day.isoformat()),
                    ("xa-b", "k2", FIRST_DAY.isoformat()), ("xa-b", "k2", second_day.isoformat())]
    assert not any(re.search(r"H\d{9}", json.dumps(payload)) for payload in sent)  # never a dossier code

    output = tmp_path / "province.csv"
    assert cli.main(["fleet", "stats", "--from", FIRST_DAY.isoformat(), "--to", second_day.isoformat(),
                     "--format", "csv", "-o", str(output), *cli_args(broker)]) == 0
    rows = list(csv.reader(output.open(encoding="utf-8-sig")))
    header, communes, total = rows[0], rows[1:-1], rows[-1]
    assert [row[0] for row in communes] == ["xa-a", "xa-b"]
    local = _local_totals([first.data, second.data], FIRST_DAY, second_day)
    tr = Translator("vi")
    for name in local:
        assert int(total[header.index(tr(f"stats.col.{name}"))]) == local[name], name
    assert local["sessions"] == 7 + 8 + 5 + 6
    assert "Đã ghi" in capsys.readouterr().out


def test_the_queue_outlives_the_kiosk_process(broker, province_key, tmp_path, day):
    from tests.fleet.kiosks import make_agent, settings

    data = tmp_path / "kiosk"
    record_day(data, FIRST_DAY, sessions=3)
    day.next()
    broker.stop()
    agent = make_agent(settings(broker, province_key[1], "xa-a", "k1"), data, day)
    agent.start()
    wait_for(lambda: agent.store.link_state().queued == 1)
    agent.stop()  # the kiosk computer goes off with the day unsent
    assert FleetStore(data / "fleet").link_state().queued == 1
    broker.start()
    again = make_agent(settings(broker, province_key[1], "xa-a", "k1"), data, day)
    again.start()
    try:
        wait_for(lambda: again.store.link_state().queued == 0, timeout=20)
        assert again.store.link_state().last_sync is not None
    finally:
        again.stop()


def slow_publish(agent) -> None:
    """The kiosk's publish() 20 ms late (a busy 2-core machine): time for the broker's acknowledgement of the day
    before to arrive while the next is being sent."""
    real = agent.client.publish

    def publish(*args, **kwargs):
        time.sleep(0.02)
        return real(*args, **kwargs)

    agent.client.publish = publish


def test_a_month_of_days_sent_at_once_is_all_acknowledged(kiosks, day):
    """A kiosk back after a month publishes its days back to back while the first acknowledgements arrive: the link
    once deadlocked there (the agent held its lock across publish(), paho its own across the acknowledgement)."""
    agents = []
    for number, name in enumerate(KIOSK_USERS):  # k1, k2, k3: the users on the test broker
        agent = kiosks("xa-a", name)
        slow_publish(agent)
        for offset in range(30):
            record_day(agent.data, FIRST_DAY + datetime.timedelta(days=offset), sessions=2, seed=number * 31 + offset)
        agents.append(agent)
    day.today = FIRST_DAY + datetime.timedelta(days=30)  # the next tick queues 30 finished days on each kiosk
    wait_for(lambda: all(agent.store.last_queued_day() and _queued(agent) == 0 for agent in agents), timeout=30)
    assert [len(agent.store.unacked()) for agent in agents] == [0, 0, 0]
