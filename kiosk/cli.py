"""The `kiosk` command: start the kiosk, check or document the config, hash a staff PIN.

Qt is imported only by the command that starts the kiosk, so the config commands stay
fast and work on a machine without a screen.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import os
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from kiosk import handover, paths
from kiosk.admin_pin import PIN_FORMAT, hash_pin
from kiosk.config import check_file, load_layers
from kiosk.config.docs import settings_reference
from kiosk.first_config import write_first_config
from kiosk.i18n import Translator

EXIT_OK = 0
EXIT_PROBLEMS = 2


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError("expected WIDTHxHEIGHT, e.g. 1366x768") from None
    return width, height


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every `kiosk` command."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Commune self-service kiosk.")
    parser.add_argument("--windowed", action="store_true", help="run in a window (development)")
    parser.add_argument("--size", type=_size, default=(1366, 768), help="window size with --windowed")
    parser.add_argument(
        "--practice", action="store_true", help="use the practice portal and the SANE test scanner"
    )
    parser.add_argument("--config", type=Path, metavar="FILE", help="config file over the site file")
    parser.add_argument("--lang", choices=("vi", "en"), help="language of messages")
    parser.add_argument("--single-process", action="store_true",
                        help="serve every citizen in this one process (development; see session.process_per_citizen)")
    # For bench/startup.py: print a line and quit once the attract screen has been painted.
    parser.add_argument("--exit-after-paint", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    config = commands.add_parser("config", help="check or document the settings")
    config_commands = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    check = config_commands.add_parser("check", help="validate a config file (exit 2 on problems)")
    check.add_argument("file", nargs="?", type=Path, help="file to check (default: the site file)")
    config_commands.add_parser("docs", help="print the settings reference")

    portal = commands.add_parser("practice-portal", help="serve the practice portal for an ordinary browser")
    portal.add_argument("--host", default="127.0.0.1", help="address of the portal (default 127.0.0.1)")
    portal.add_argument("--port", type=int, help="port of the portal (default: practice.portal_port)")

    process = commands.add_parser("process", help="turn page images into a portal-ready PDF or JPEG")
    process.add_argument("images", nargs="+", type=Path, help="page images, in order")
    process.add_argument("-o", "--output", type=Path, required=True, help="OUT.pdf or OUT.jpg")
    process.add_argument("--kind", choices=("document", "idcard", "photo"), default="document")
    process.add_argument("--max-size", help="size limit, e.g. 2MB")
    process.add_argument("--dpi", type=float, help="resolution of the images (default: from the files, else 300)")
    process.add_argument("--json", action="store_true", help="print a JSON report")
    process.add_argument("--split", action="store_true",
                         help="with --kind idcard and OUT.jpg: two images at real size, OUT-front.jpg and OUT-back.jpg")
    process.add_argument("--upside-down", action="store_true",
                         help="also look for upside-down pages (tesseract OSD, ~0.7 s a page)")

    from kiosk.scanning.commands import add_parsers as add_scanner_parsers

    add_scanner_parsers(commands)
    from kiosk.stats.command import add_parser as add_stats_parser

    add_stats_parser(commands)
    from kiosk.doctor.command import add_parser as add_doctor_parser

    add_doctor_parser(commands)
    from kiosk.fleet.command import add_parser as add_fleet_parser

    add_fleet_parser(commands)

    admin = commands.add_parser("admin", help="staff PIN tools")
    admin_commands = admin.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    admin_commands.add_parser("hash-pin", help="hash a PIN for admin.*_pin_hash (reads stdin)")
    first = admin_commands.add_parser("first-config",
                                      help="make the site config with a fresh technician PIN, printed once")
    first.add_argument("file", nargs="?", type=Path, help="where (default: the site file)")
    first.add_argument("--data-dir", default="", help="set paths.data_dir in it")
    first.add_argument("--made-by", default="`kiosk admin first-config`", help=argparse.SUPPRESS)
    return parser


def _language(args: argparse.Namespace) -> str:
    if args.lang:
        return str(args.lang)
    return "en" if os.environ.get("LANG", "").startswith("en") else "vi"


def config_check(file: Path | None, tr: Translator) -> int:
    """Print `FILE:LINE: key: problem` lines on stderr; exit 2 if there are any."""
    target = file or paths.site_config_file()
    if file is None and not target.exists():
        print(tr("cli.no_site_config", path=target))
        return EXIT_OK
    problems = check_file(target)
    for problem in problems:
        print(problem.render(tr), file=sys.stderr)
    if problems:
        return EXIT_PROBLEMS
    print(tr("cli.config_ok", path=target))
    return EXIT_OK


def hash_pin_command(tr: Translator) -> int:
    """Read a PIN (twice on a terminal, one line from a pipe) and print its hash."""
    if sys.stdin.isatty():
        pin = getpass.getpass(tr("cli.pin_prompt"))
        if getpass.getpass(tr("cli.pin_again")) != pin:
            print(tr("cli.pin_mismatch"), file=sys.stderr)
            return EXIT_PROBLEMS
    else:
        pin = sys.stdin.readline().strip()
    if not PIN_FORMAT.match(pin):
        print(tr("cli.pin_format"), file=sys.stderr)
        return EXIT_PROBLEMS
    print(hash_pin(pin))
    return EXIT_OK


def first_config_command(args: argparse.Namespace, tr: Translator) -> int:
    """Make the site config with a fresh technician PIN and print the PIN once; leave an existing file alone."""
    target = args.file or paths.site_config_file()
    pin = write_first_config(target, args.made_by, args.data_dir)
    if pin is None:
        print(tr("cli.first_config_exists", path=target))
    else:
        print(tr("cli.first_config_pin", pin=pin, path=target))
        print(tr("cli.first_config_menu"))
    return EXIT_OK


def _admin_command(args: argparse.Namespace, tr: Translator) -> int:
    if args.admin_command == "first-config":
        return first_config_command(args, tr)
    return hash_pin_command(tr)


def practice_portal_command(args: argparse.Namespace, tr: Translator) -> int:
    """Serve the practice portal until Ctrl+C, with its state in a temporary folder."""
    from kiosk.practice_portal import PracticePortal  # Flask loads only for this command

    loaded = load_layers(paths.site_config_file(), args.config)
    for problem in loaded.problems:
        print(problem.render(tr), file=sys.stderr)
    settings = loaded.config.practice
    if args.port is not None:
        settings = dataclasses.replace(settings, portal_port=args.port)
    portal = PracticePortal(settings, host=args.host)
    with tempfile.TemporaryDirectory(prefix="practice-portal-") as folder:
        try:
            portal.start(Path(folder))
        except OSError as error:
            print(tr("cli.portal_bind_failed", reason=error.strerror or str(error)), file=sys.stderr)
            return EXIT_PROBLEMS
        print(tr("cli.portal_started", url=portal.home_url), flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            portal.stop()
    return EXIT_OK


def _config_command(args: argparse.Namespace, tr: Translator) -> int:
    if args.config_command == "check":
        return config_check(args.file, tr)
    print(settings_reference())
    return EXIT_OK


def _process_command(args: argparse.Namespace, tr: Translator) -> int:
    from kiosk.documents.process_command import process_command  # OpenCV loads only for this command

    return process_command(args, tr)


def _stats_command(args: argparse.Namespace, tr: Translator) -> int:
    from kiosk.stats.command import export_command

    return export_command(args, tr)


def _doctor_command(args: argparse.Namespace, tr: Translator) -> int:
    from kiosk.doctor.command import doctor_command

    return doctor_command(args, tr)


def _fleet_command(args: argparse.Namespace, tr: Translator) -> int:
    from kiosk.fleet.command import fleet_command  # paho and cryptography load only for these commands

    return fleet_command(args, tr)


def _scanner_command(args: argparse.Namespace, tr: Translator) -> int:
    from kiosk.scanning import commands  # the drivers load only for these commands

    run_scanner = {"devices": commands.devices_command, "scan": commands.scan_command,
                   "detect-page": commands.detect_page_command}[args.command]
    return run_scanner(args, tr)


COMMANDS: dict[str, Callable[[argparse.Namespace, Translator], int]] = {
    "config": _config_command,
    "admin": _admin_command,
    "practice-portal": practice_portal_command,
    "process": _process_command,
    "stats": _stats_command,
    "doctor": _doctor_command,
    "fleet": _fleet_command,
    "devices": _scanner_command,
    "scan": _scanner_command,
    "detect-page": _scanner_command,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `kiosk` console script and of `python -m kiosk`."""
    args = build_parser().parse_args(argv)
    command = COMMANDS.get(args.command)
    if command is not None:
        return command(args, Translator(_language(args)))
    if _supervised(args):
        from kiosk import supervisor

        config = load_layers(paths.site_config_file(), args.config).config
        kiosk_process = [sys.executable, "-m", "kiosk", *(sys.argv[1:] if argv is None else argv)]
        return supervisor.main(kiosk_process, paths.log_dir(config.paths.log_dir), config)
    from ui.app import run

    return run(args)


def _supervised(args: argparse.Namespace) -> bool:
    """Whether this `kiosk` start runs the supervisor, which starts a fresh kiosk process for each citizen."""
    if args.single_process or args.exit_after_paint or os.environ.get(handover.ENV):
        return False
    return load_layers(paths.site_config_file(), args.config).config.session.process_per_citizen
