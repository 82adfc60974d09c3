"""The guide panel beside the portal."""
