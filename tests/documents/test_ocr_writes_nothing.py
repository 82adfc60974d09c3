"""Text recognition and orientation never put a citizen's page on disk: the page goes to tesseract in memory."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import numpy as np
from kiosk.documents import orientation
from kiosk.documents.pipeline import build, with_text_layer
from tests.pages import text_page
page = text_page(300)
result = build([page], 300)
assert with_text_layer(result) is not None  # tesseract really ran and laid its text over the page
sideways = np.ascontiguousarray(np.rot90(page))
_, turn = orientation.upright(sideways, check_upside_down=True)
assert turn in (90, 270), turn
"""


def test_ocr_and_orientation_create_no_file_anywhere(tmp_path):
    """strace follows the Python process and every tesseract it starts: no file may be created at all."""
    trace = tmp_path / "trace.txt"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    run = subprocess.run(["strace", "-f", "-qq", "-e", "trace=open,openat,creat,mkdir,mkdirat,rename,renameat2",
                          "-o", str(trace), sys.executable, "-c", SCRIPT],
                         check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    created = [line for line in trace.read_text().splitlines()
               if re.search(r"O_CREAT|O_WRONLY|O_RDWR|mkdir|rename", line) and "= -1" not in line
               and "/dev/" not in line]
    assert created == []
    assert list((tmp_path / "tmp").iterdir()) == []
