"""The kiosk's portal browser: a locked-down QtWebEngine view (imported only when a citizen first needs it)."""
