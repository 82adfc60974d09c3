"""The kiosk's full screens, one module each."""
