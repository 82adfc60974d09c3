"""Printing through a real, private CUPS: the kiosk/printing module and the portal screen's "In"."""
