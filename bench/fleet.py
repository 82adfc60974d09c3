"""The fleet at a province's scale: N simulated kiosks (the real Qt-free `FleetAgent`, all in this one process)
against one Mosquitto on loopback (TLS, ACL, passwords, persistence: tests/fleet/mosquitto.py).

Usage: `python bench/fleet.py [--kiosks 500] [--days 30] [--rounds 3] [--baseline 20]`: a baseline of 20 kiosks
first, then the full run, and the ratios of the two (how each figure grows with the fleet). Every loop is bounded
(each wait has a deadline; the kiosks' network traffic runs on LOOPS shared threads, tests/fleet/shared_loop.py,
not one paho thread a kiosk, whose select() stops at descriptor 1023) and every address is 127.0.0.1. The
province's commands run as the province runs them, each its own process (`python -m kiosk fleet …`, start-up
included). Printed:
- upload: time from the first kiosk's start to every kiosk having sent its N finished days and had each
  acknowledged (a fleet back after a month offline);
- `kiosk fleet stats`: time to read and sum every day of every kiosk into the province report, per round, median,
  and whether its total equals the sum of the kiosks' own exports;
- config push: time from `kiosk fleet push-config --to '*'` to the last kiosk having checked and staged it, per
  round, median;
- the broker's resident memory after all that, and per kiosk.
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.fleet import signing
from kiosk.fleet.agent import FleetAgent
from kiosk.stats.database import open_database
from kiosk.stats.report import build_report
from tests.fleet.kiosks import FIRST_DAY, Day, make_agent, record_day, settings
from tests.fleet.mosquitto import PROVINCE, PROVINCE_PASSWORD, PROVINCE_USER, Mosquitto
from tests.fleet.shared_loop import Loops, allow_open_files

REPO = Path(__file__).resolve().parents[1]

TEMPLATES = 10  # distinct statistics databases, copied to the kiosks in turn (seeding each would take minutes)
KEEPALIVE_S = 60
AUTOSAVE_S = 60  # the broker's autosave_interval in docs/fleet.md
DEADLINE_S = 900
LOOPS = 8  # network threads for all the kiosks (a 2-core machine; more only adds switching)
# The kiosks' files and the broker's persistence in memory: what is measured is the link and the broker, not 500
# kiosks' fsynced SQLite writes queueing for one disk (a real kiosk writes its own disk, twice a day).
MEMORY = Path("/dev/shm")
DESCRIPTORS_A_KIOSK = 12  # about nine: two SQLite files with their WAL and shared memory, the socket; and spare


def wait_for_all(agents: list[FleetAgent], done: Callable[[FleetAgent], bool], what: str) -> float:
    """Seconds until `done(agent)` for every agent; an agent found done is not asked again (asking 500 kiosks'
    SQLite files 20 times a second would slow what is measured)."""
    start = time.monotonic()
    waiting = list(agents)
    while waiting:
        waiting = [agent for agent in waiting if not done(agent)]
        if time.monotonic() - start > DEADLINE_S:
            raise SystemExit(f"gave up waiting for {what} after {DEADLINE_S} s ({len(waiting)} kiosks left)")
        if waiting:
            time.sleep(0.05)
    return time.monotonic() - start


def province_command(argv: list[str]) -> None:
    """`kiosk …` in its own process, as the province runs it; its output is not wanted, a failure is."""
    done = subprocess.run([sys.executable, "-m", "kiosk", *argv], cwd=REPO, capture_output=True, text=True,
                          timeout=DEADLINE_S, check=False)
    if done.returncode:
        raise SystemExit(f"kiosk {argv[0]} {argv[1]} failed ({done.returncode}): {done.stderr or done.stdout}")


def enough_descriptors(kiosks: int) -> None:
    """Raise this process's open-file limit (most systems start at 1024) to what `kiosks` kiosks hold."""
    try:
        allow_open_files(256 + DESCRIPTORS_A_KIOSK * kiosks)
    except RuntimeError as error:
        raise SystemExit(f"{kiosks} kiosks: {error}") from None


class Figures(NamedTuple):
    """One run's figures (seconds, KiB)."""

    upload_s: float
    upload_cpu_s: float  # the broker's processor time for the upload
    stats_s: float  # median
    push_s: float  # median
    rss_kib: int


def scenario(args: argparse.Namespace) -> Figures:  # noqa: PLR0915 - one measured scenario, step by step
    """Start `args.kiosks` kiosks with `args.days` finished days each, then measure; prints as it goes."""
    root = Path(tempfile.mkdtemp(prefix="bench-fleet-", dir=MEMORY if MEMORY.is_dir() else None))
    names = [f"k{number:03d}" for number in range(args.kiosks)]
    broker = Mosquitto(root / "broker", names, autosave_s=AUTOSAVE_S)
    broker.start()
    agents: list[FleetAgent] = []
    loops = Loops(LOOPS)
    try:
        key = signing.new_key()
        key_file = root / "province.key"
        key_file.write_bytes(signing.private_pem(key))
        templates = []
        for number in range(TEMPLATES):
            folder = root / f"template-{number}"
            for offset in range(args.days):
                record_day(folder, FIRST_DAY + datetime.timedelta(days=offset), sessions=3 + number % 4, seed=number)
            templates.append(folder)
        day = Day(FIRST_DAY + datetime.timedelta(days=args.days))
        started, broker_cpu, own_cpu = time.monotonic(), broker.cpu_s(), time.process_time()
        for index, name in enumerate(names):
            data = root / "kiosks" / name
            data.mkdir(parents=True)
            shutil.copy(templates[index % TEMPLATES] / "statistics.sqlite3", data / "statistics.sqlite3")
            commune = f"xa-{index // 10:02d}"  # ten kiosks a commune
            agent = make_agent(settings(broker, signing.public_text(key), commune, name, keepalive_s=KEEPALIVE_S),
                               data, day, tick_s=30.0, network=loops)  # a real kiosk's tick
            agent.start()
            agents.append(agent)
        wait_for_all(agents, lambda agent: agent.store.link_state().queued == 0
                     and agent.store.last_queued_day() is not None, "every day acknowledged")
        upload, upload_cpu = time.monotonic() - started, broker.cpu_s() - broker_cpu
        print(f"{args.kiosks} kiosks started and {args.kiosks * args.days} days acknowledged in {upload:.1f} s "
              f"(the first kiosks send while the last start); processor time: broker {upload_cpu:.2f} s, "
              f"the simulated kiosks {time.process_time() - own_cpu:.1f} s")

        end = FIRST_DAY + datetime.timedelta(days=args.days - 1)
        expected = sum(build_report(open_database(templates[index % TEMPLATES]), FIRST_DAY, end).total.sessions
                       for index in range(args.kiosks))
        options = ["--broker", broker.url, "--ca", str(broker.ca), "--user", PROVINCE_USER, "--password",
                   PROVINCE_PASSWORD, "--province", PROVINCE]
        stats_times = []
        broker_cpu = broker.cpu_s()
        for round_ in range(args.rounds):
            output = root / f"province-{round_}.csv"
            start = time.monotonic()
            province_command(["fleet", "stats", "--from", FIRST_DAY.isoformat(), "--to", end.isoformat(),
                              "--format", "csv", "-o", str(output)] + options)
            stats_times.append(time.monotonic() - start)
        total_row = output.read_text(encoding="utf-8-sig").splitlines()[-1].split(",")
        sessions = int(total_row[3])  # commune, kiosks, days, then the sums: sessions first
        print(f"kiosk fleet stats ({args.days} days x {args.kiosks} kiosks = {args.kiosks * args.days} days): "
              f"{', '.join(f'{t:.2f}' for t in stats_times)} s, median {statistics.median(stats_times):.2f} s; "
              f"total sessions {sessions} {'==' if sessions == expected else '!='} kiosks' own {expected}; "
              f"broker processor time {(broker.cpu_s() - broker_cpu) / args.rounds:.2f} s a round")

        pushed = root / "kiosk.toml"
        push_times = []
        broker_cpu = broker.cpu_s()
        for round_ in range(args.rounds):
            pushed.write_text(f"[session]\nidle_timeout_s = {150 + round_}\n", encoding="utf-8")
            before = {id(agent): getattr(agent.store.document("config"), "serial", None) for agent in agents}
            start = time.monotonic()
            province_command(["fleet", "push-config", str(pushed), "--to", "*", "--key", str(key_file)] + options)
            command = time.monotonic() - start
            wait_for_all(agents, lambda agent, before=before: getattr(agent.store.document("config"), "serial", None)
                         != before[id(agent)], "every kiosk staging the config")
            push_times.append(time.monotonic() - start)
            print(f"  config push round {round_ + 1}: command {command:.2f} s, all {args.kiosks} staged "
                  f"{push_times[-1]:.2f} s")
        print(f"config push to {args.kiosks} kiosks: median {statistics.median(push_times):.2f} s; "
              f"broker processor time {(broker.cpu_s() - broker_cpu) / args.rounds:.2f} s a round")
        rss = broker.rss_kib()
        print(f"broker RSS: {rss / 1024:.1f} MiB ({rss / args.kiosks:.0f} KiB a kiosk, "
              f"{args.kiosks * args.days} retained days)")
        if sessions != expected:
            raise SystemExit("the province's total differs from the kiosks' own exports")
        return Figures(upload, upload_cpu, statistics.median(stats_times), statistics.median(push_times), rss)
    finally:
        for agent in agents:
            agent.stop()
        loops.close()
        broker.close()
        shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kiosks", type=int, default=500)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", type=int, default=20, help="kiosks in the baseline run first (0: none)")
    args = parser.parse_args()
    enough_descriptors(max(args.kiosks, args.baseline))
    base = None
    if args.baseline:
        print(f"--- baseline: {args.baseline} kiosks")
        base = scenario(argparse.Namespace(kiosks=args.baseline, days=args.days, rounds=args.rounds))
        print(f"--- {args.kiosks} kiosks")
    full = scenario(args)
    if base is not None:
        scale = args.kiosks / args.baseline
        print(f"{args.kiosks} kiosks vs {args.baseline} ({scale:.0f}x the kiosks): "
              f"stats {full.stats_s / base.stats_s:.1f}x, config push {full.push_s / base.push_s:.1f}x, "
              f"upload {full.upload_s / max(base.upload_s, 0.01):.1f}x (broker processor time "
              f"{full.upload_cpu_s / max(base.upload_cpu_s, 0.01):.1f}x), "
              f"broker RSS {full.rss_kib / base.rss_kib:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
