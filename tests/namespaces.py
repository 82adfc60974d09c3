"""A private mount namespace for a test's bind mounts, so nothing it mounts reaches the machine."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path


@functools.cache
def private_mounts() -> list[str]:
    """The `unshare` command line that starts a private mount namespace.

    On a machine (and in CI) unshare makes every mount private. In a chroot (where a newcomer's check may run) the
    root is no mount point and unshare cannot change its propagation: there it keeps the propagation as it is, which
    is only safe when no mount is shared with the machine (then none of the test's mounts can reach it): checked."""
    if subprocess.run(["unshare", "--mount", "true"], capture_output=True, check=False, timeout=30).returncode == 0:
        return ["unshare", "--mount", "--propagation", "private"]
    shared = [line for line in Path("/proc/self/mountinfo").read_text(encoding="utf-8").splitlines() if " shared:" in line]
    assert not shared, f"no private mount namespace here, and these mounts would pass a test's mounts on: {shared}"
    return ["unshare", "--mount", "--propagation", "unchanged"]
