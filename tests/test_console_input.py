"""The console survives whatever arrives on standard input, under a strict UTF-8 locale."""
from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_console(tmp_path, stdin: bytes) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KMBOT_", "SLACK_",
                                                                       "MICROSOFT_", "PYTHON"))}
    env |= {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONUTF8": "0",
            "KMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'console.db'}"}
    return subprocess.run([sys.executable, "-m", "bot.cli", "console", "--user", "sam"],
                          input=stdin, capture_output=True, cwd=tmp_path, env=env | {
                              "PYTHONPATH": str(ROOT)}, timeout=120)


def test_random_bytes_on_stdin_never_end_in_a_traceback(tmp_path):
    noise = random.Random(24).randbytes(4000)
    result = run_console(tmp_path, b"coffee join\n" + noise + b"\n\xff\xfe coffee status\n"
                         + b"\x1b[2J\x00\n" + b"quit\n")
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    assert b"Traceback" not in result.stderr
    out = result.stdout.decode("utf-8")
    assert "You're in" in out and "Bye for now" in out
    assert "\x1b" not in out
