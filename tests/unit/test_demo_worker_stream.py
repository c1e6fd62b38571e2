"""The demo worker's frames stay whole when something in its process prints to standard output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from api.demo.worker import FRAME

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
from api.demo import worker
sink = worker._private_stdout()
print("a library's notice")
worker._frame(sink, b"rows")
print("another one", flush=True)
worker._frame(sink, b"")
"""


def test_printing_in_the_worker_goes_to_stderr_not_between_frames() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, check=True, timeout=60)  # noqa: S603 (this interpreter, a fixed script)
    assert done.stdout == FRAME.pack(4) + b"rows" + FRAME.pack(0)
    assert b"a library's notice" in done.stderr and b"another one" in done.stderr
