"""`python -m kiosk` runs the same command line as the `kiosk` entry point."""

import sys

from kiosk.cli import main

# The guard matters: scanner workers are spawned processes, which import the main module again.
if __name__ == "__main__":
    sys.exit(main())
