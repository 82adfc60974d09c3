"""`kiosk doctor`: print one line per check, OK or what to do; exit 0 only when every check passed."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kiosk import paths
from kiosk.config import load_layers
from kiosk.doctor.check import Check, Context, Translate
from kiosk.doctor.runner import run_checks

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_PROBLEM = 2


def add_parser(commands: Any) -> None:
    """`doctor` on the `kiosk` parser."""
    commands.add_parser("doctor", help="check the kiosk computer: one line per check, exit 0 when all pass")


def render(check: Check, tr: Translate) -> str:
    """One line: the verdict, the check, what was found and, when it failed, what to do."""
    verdict = tr("doctor.pass" if check.ok else "doctor.fail")
    line = f"{verdict}  {check.title(tr)}: {check.finding(tr)}"
    return line if check.ok else f"{line} — {tr('doctor.fix_prefix')} {check.advice(tr)}"


def doctor_command(args: argparse.Namespace, tr: Translate) -> int:
    """Run every check on this computer's config (the site file under `--config`)."""
    loaded = load_layers(paths.site_config_file(), args.config)
    for problem in loaded.problems:
        print(problem.render(tr), file=sys.stderr)
    config = loaded.config
    context = Context(config, practice=bool(args.practice or config.portal.practice))
    print(tr("doctor.heading"), flush=True)
    checks = run_checks(context)
    for check in checks:
        print(render(check, tr))
    failed = sum(not check.ok for check in checks)
    print(tr("doctor.summary.failed", count=failed) if failed else tr("doctor.summary.ok"))
    return EXIT_FAILED if failed or loaded.problems else EXIT_OK
