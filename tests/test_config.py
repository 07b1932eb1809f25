"""Settings from ARCHIVE_* variables (archive/config.py), through the command as a person runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_a_bad_setting_is_a_one_line_error(tmp_path: Path) -> None:
    env = {**os.environ, "ARCHIVE_WORKERS": "two", "ARCHIVE_INDEX": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "archive", "stats"], capture_output=True, text=True, env=env)
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: ARCHIVE_WORKERS must be a whole number of processes (0: one per core), not 'two'."
