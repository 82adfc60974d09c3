"""Statistics, follow-up list, export and help calls (Qt-free)."""
