"""Scanning as the kiosk uses it: which driver and device from the config, what each kind of paper
needs, and the scan job's states (Qt-free; the scan screen binds to them)."""
