"""Printing through CUPS, Qt-free: a PDF onto the kiosk's queue with its job followed to the end (job.py), the
CUPS command-line tools and what their answers mean (cups_tools.py), and the typed faults a citizen is told
about (faults.py)."""
