"""`kiosk doctor`: one line per check of the kiosk computer, each OK or a plain Vietnamese fix.

Every check is a function of a `Context` that returns a `Check` (catalogue keys and values, so the technician
screen can show it in either language: kiosk/doctor/check.py). `run_checks` (kiosk/doctor/runner.py) runs them
side by side, each on its own thread with its own time limit: a portal or a scanner that does not answer becomes
a failed line, never a hung doctor. The checks: system.py (screen, fonts, clock, watchdog, version), devices.py
(scanner, portal, printer), storage.py (free space); command.py is `kiosk doctor`.
"""
