"""PySide6 screens and widgets of the kiosk: they display state from `kiosk/` and forward input."""
