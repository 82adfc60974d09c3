"""`kiosk fleet …`: the province's commands, clients of its broker (docs/fleet.md).

    kiosk fleet keygen -o province.key                     the signing key; prints the kiosks' `fleet.province_key`
    kiosk fleet status                                     one line per kiosk, then every refused push and why
    kiosk fleet push-config FILE --to PATTERN --key KEY    a signed config for the kiosks PATTERN names
    kiosk fleet push-videos MANIFEST|FOLDER --to PATTERN --key KEY [--base-url URL]
    kiosk fleet stats --from DATE --to DATE --format csv|xlsx -o FILE

The broker, CA, user and province come from the options, else from the config's `fleet.*` settings; the password
from `--password`, else `$KIOSK_FLEET_PASSWORD`, else `fleet.password`.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import paths
from kiosk.config import load_layers
from kiosk.config.loader import ConfigProblem

if TYPE_CHECKING:  # paho-mqtt and cryptography load only when a fleet command runs, not for every `kiosk` start
    from kiosk.fleet.province import KioskView, ProvinceClient
    from kiosk.fleet.topics import KioskId

Translate = Callable[..., str]
EXIT_OK = 0
EXIT_PROBLEM = 2
PASSWORD_ENV = "KIOSK_FLEET_PASSWORD"


def add_parser(commands: Any) -> None:
    """`fleet` and its actions on the `kiosk` parser."""
    fleet = commands.add_parser("fleet", help="the province's kiosks, through its MQTT broker")
    actions = fleet.add_subparsers(dest="fleet_command", metavar="ACTION", required=True)
    keygen = actions.add_parser("keygen", help="make the province's signing key")
    keygen.add_argument("-o", "--output", type=Path, required=True, help="private key file to write (PEM)")
    status = actions.add_parser("status", help="every kiosk: online, version, last seen, doctor problems")
    push_config = actions.add_parser("push-config", help="push a signed config file")
    push_config.add_argument("file", type=Path)
    push_videos = actions.add_parser("push-videos", help="push a signed content manifest (the tutorial videos)")
    push_videos.add_argument("manifest", type=Path, help="TOML with [[files]] path/url/size/sha256, or a folder")
    push_videos.add_argument("--base-url", default="", help="with a folder: the HTTP address it is served at")
    for push in (push_config, push_videos):
        push.add_argument("--to", dest="pattern", required=True, help="commune/kiosk pattern, e.g. '*' or 'xa-a/*'")
        push.add_argument("--key", type=Path, required=True, help="the province's private key (keygen)")
    stats = actions.add_parser("stats", help="the province report: daily statistics summed per commune")
    stats.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    stats.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD (included)")
    stats.add_argument("--format", choices=("csv", "xlsx"), default="xlsx")
    stats.add_argument("-o", "--output", type=Path, required=True)
    for action in (status, push_config, push_videos, stats):
        action.add_argument("--broker", help="mqtts://host:8883 (default: fleet.broker_url)")
        action.add_argument("--ca", help="CA certificate of the broker (default: fleet.ca_file)")
        action.add_argument("--user", help="the province's user on the broker (default: fleet.username)")
        action.add_argument("--password", help=f"its password (default: ${PASSWORD_ENV}, else fleet.password)")
        action.add_argument("--province", help="province id (default: fleet.province)")


def _client(args: argparse.Namespace) -> ProvinceClient:
    from kiosk.fleet.link import Broker
    from kiosk.fleet.province import ProvinceClient

    fleet = load_layers(paths.site_config_file(), args.config).config.fleet
    password = args.password or os.environ.get(PASSWORD_ENV) or fleet.password
    broker = Broker(args.broker or fleet.broker_url, args.ca or fleet.ca_file, args.user or fleet.username, password)
    return ProvinceClient(broker, args.province or fleet.province)


def fleet_command(args: argparse.Namespace, tr: Translate) -> int:
    """Run one `kiosk fleet` action; an unreachable broker is one clear line and exit 2."""
    from kiosk.fleet.province import BrokerUnreachable

    if args.fleet_command == "keygen":
        return keygen(args.output, tr)
    action = {"status": status, "push-config": push_config, "push-videos": push_videos,
              "stats": stats}[args.fleet_command]
    try:
        return action(args, _client(args), tr)
    except BrokerUnreachable as error:
        print(tr("fleet.cli.unreachable", reason=str(error)), file=sys.stderr)
        return EXIT_PROBLEM


def keygen(output: Path, tr: Translate) -> int:
    """Write a new private key (never over an existing one) and print its public half."""
    from kiosk.fleet import signing

    if output.exists():
        print(tr("fleet.cli.key_exists", path=output), file=sys.stderr)
        return EXIT_PROBLEM
    key = signing.new_key()
    descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(signing.private_pem(key))
    print(tr("fleet.cli.key_written", path=output))
    print(f"province_key = \"{signing.public_text(key)}\"")
    return EXIT_OK


def _when(at: float | None) -> str:
    return datetime.datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M:%S") if at else "-"


def refusal_lines(view: KioskView, tr: Translate) -> list[str]:
    """Each refused push of a kiosk: what, and why (a config's `FILE:LINE: key: problem` lines)."""
    lines = []
    for kind, found in sorted(view.reports.items()):
        if found.get("accepted"):
            continue
        reason = tr(found["reason"], **found.get("params", {}))
        lines.append(tr("fleet.cli.refused", kiosk=view.kiosk.path, kind=kind, serial=found.get("serial"),
                        reason=reason))
        for problem in found.get("problems", []):
            lines.append("    " + ConfigProblem(**problem).render(tr))
    return lines


def status(_args: argparse.Namespace, province: ProvinceClient, tr: Translate) -> int:
    """The table, then the refused pushes."""
    views = province.kiosks()
    header = (tr("fleet.col.kiosk"), tr("fleet.col.online"), tr("fleet.col.version"), tr("fleet.col.seen"),
              tr("fleet.col.doctor"))
    rows = [(f"{view.kiosk.commune}/{view.kiosk.kiosk}", tr("fleet.online" if view.online else "fleet.offline"),
             str(view.status.get("version", "-")), _when(view.seen), ", ".join(view.status.get("doctor", [])) or "-")
            for view in views]
    widths = [max(len(str(row[column])) for row in (header, *rows)) for column in range(len(header))]
    for row in (header, *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    for view in views:
        for line in refusal_lines(view, tr):
            print(line)
    print(tr("fleet.cli.summary", kiosks=len(views), online=sum(view.online for view in views)))
    return EXIT_OK


def _targets(province: ProvinceClient, pattern: str) -> list[KioskId]:
    return [view.kiosk for view in province.kiosks() if view.kiosk.matches(pattern)]


def _push(args: argparse.Namespace, province: ProvinceClient, kind: str, body: dict[str, Any], tr: Translate) -> int:
    targets = _targets(province, args.pattern)
    if not targets:
        print(tr("fleet.cli.no_kiosks", pattern=args.pattern), file=sys.stderr)
        return EXIT_PROBLEM
    from kiosk.fleet import signing

    payload = {"kind": kind, "province": province.province, "serial": time.time_ns(),
               "issued_at": datetime.datetime.now().isoformat(timespec="seconds"), **body}
    document = signing.sign(signing.load_private(args.key), payload)
    province.push([(kiosk.document(kind), document) for kiosk in targets])
    print(tr("fleet.cli.pushed", kind=kind, serial=payload["serial"], count=len(targets)))
    return EXIT_OK


def push_config(args: argparse.Namespace, province: ProvinceClient, tr: Translate) -> int:
    """Sign the file's TOML and leave it, retained, for every kiosk the pattern names."""
    text = args.file.read_text(encoding="utf-8")
    return _push(args, province, "config", {"file": args.file.name, "toml": text}, tr)


def folder_files(folder: Path, base_url: str) -> list[dict[str, Any]]:
    """A folder of videos as manifest entries: every file, its URL under `base_url`, size and sha256."""
    entries = []
    for path in sorted(item for item in folder.rglob("*") if item.is_file()):
        relative = path.relative_to(folder).as_posix()
        entries.append({"path": relative, "url": f"{base_url.rstrip('/')}/{relative}", "size": path.stat().st_size,
                        "sha256": hashlib.sha256(path.read_bytes()).hexdigest()})
    return entries


def push_videos(args: argparse.Namespace, province: ProvinceClient, tr: Translate) -> int:
    """Sign the content manifest (or one made from a folder) and leave it for the kiosks the pattern names."""
    if args.manifest.is_dir():
        if not args.base_url:
            print(tr("fleet.cli.base_url"), file=sys.stderr)
            return EXIT_PROBLEM
        files = folder_files(args.manifest, args.base_url)
    else:
        files = tomllib.loads(args.manifest.read_text(encoding="utf-8")).get("files", [])
    return _push(args, province, "content", {"files": files}, tr)


def stats(args: argparse.Namespace, province: ProvinceClient, tr: Translate) -> int:
    """The province report of a date range."""
    try:
        start, end = sorted(datetime.date.fromisoformat(text) for text in (args.start, args.end))
    except ValueError:
        print(tr("cli.bad_date", text=f"{args.start} / {args.end}"), file=sys.stderr)
        return EXIT_PROBLEM
    from kiosk.fleet import report

    rows, total = report.province_rows(province.daily_statistics(), start, end)
    report.write(report.table(rows, total, tr), args.output, args.format, tr)
    print(tr("fleet.cli.stats_written", path=args.output, communes=len(rows), kiosks=total["kiosks"],
             sessions=total["sessions"]))
    return EXIT_OK
