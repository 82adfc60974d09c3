"""The journey file and the guide that follows the portal (Qt-free)."""
