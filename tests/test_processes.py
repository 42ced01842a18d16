"""The real programs: ``kmbot run`` serves /healthz in local mode, ``kmbot console`` can be
scripted, and a bad setting stops start-up with a clear message."""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp

KMBOT = [sys.executable, "-m", "bot.cli"]
ROOT = Path(__file__).resolve().parent.parent


def _env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MICROSOFT_", "KMBOT_"))}
    env.update(KMBOT_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'kmbot.db'}",
               PYTHONPATH=str(ROOT), **extra)     # this checkout's code, not an installed one
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _console(tmp_path, user, lines, *flags):
    done = subprocess.run(KMBOT + ["console", "--user", user, *flags], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, env=_env(tmp_path), cwd=tmp_path,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


async def test_run_serves_healthz_in_local_mode(tmp_path):
    port = _free_port()
    proc = await asyncio.create_subprocess_exec(
        *KMBOT, "run", env=_env(tmp_path, KMBOT_PORT=str(port), KMBOT_HOST="127.0.0.1"),
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        body = None
        async with aiohttp.ClientSession() as session:
            for _ in range(100):
                try:
                    async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                        body = await response.json()
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
        assert body == {"status": "ok"}       # nothing counted, nothing revealed
    finally:
        proc.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(proc.communicate(), 20)
    text = output.decode()
    assert "local mode" in text and "kmbot console" in text
    assert proc.returncode == 0


def test_bad_setting_stops_start_up_with_its_name(tmp_path):
    done = subprocess.run(KMBOT + ["run"], capture_output=True, text=True, cwd=tmp_path,
                          env=_env(tmp_path, KMBOT_PORT="eighty"), timeout=30)
    assert done.returncode == 2
    assert "KMBOT_PORT" in done.stderr and "Traceback" not in done.stderr


def test_scripted_console_sessions_share_one_database(tmp_path):
    for user in ("bob", "cat"):
        _console(tmp_path, user, ["coffee join", "quit"])
    out = _console(tmp_path, "ann", ["coffee join", "coffee run-now", "1", "quit"], "--librarian")
    assert "3 people in *Coffee Connect* matched into 1 group." in out
    assert "[1] We met   [2] Couldn't make it" in out        # ann's own introduction
    assert "Lovely, thanks" in out                             # she pressed 1
    out = _console(tmp_path, "bob", ["quit"])
    assert "Messages for you:" in out and "This round's group: @" in out       # waiting for bob
    assert "@ann" in out and "@cat" in out


def test_console_forms_prompt_field_by_field(tmp_path):
    out = _console(tmp_path, "ann", ["coffee profile", "Pharmacy", "", "QI, sepsis",
                                     "", "coffee status", "quit"])
    assert "Department:" in out and "profile is saved" in out
    assert "Department: Pharmacy" in out and "Interests: QI, sepsis" in out


def test_console_channels_show_what_was_posted_there_numbered(tmp_path):
    _console(tmp_path, "ann", ['coffee create Ward7 every=weekly day=mon time=10:00 '
                               'channel=here', "coffee join ward7", "quit"],
             "--librarian", "--channel", "ward-7")
    _console(tmp_path, "bob", ["coffee join ward7", "quit"])
    out = _console(tmp_path, "ann", ["coffee run-now ward7", "quit"], "--librarian",
                   "--channel", "ward-7")
    assert "You are in #ward-7." in out and "#1 kmbot: ☕ A new Ward7 round" in out
    out = _console(tmp_path, "cat", ["thread 1 See you there", "quit"], "--channel", "#Ward-7")
    assert "#1 kmbot: ☕ A new Ward7 round has started" in out
    assert "↳" not in out             # nobody answers a thread no feature owns
    out = _console(tmp_path, "ann", ["quit"], "--channel", "ward-7")
    assert "↳ #2 cat: See you there" in out
    done = subprocess.run(KMBOT + ["console", "--user", "ann", "--channel", "no such"],
                          capture_output=True, text=True, env=_env(tmp_path), cwd=tmp_path,
                          timeout=60)
    assert done.returncode == 2 and "can't be a channel name" in done.stderr


def test_a_second_kmbot_on_a_taken_port_says_so_without_a_traceback(tmp_path):
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(KMBOT + ["run"], capture_output=True, text=True, cwd=tmp_path,
                              env=_env(tmp_path, KMBOT_PORT=str(port)), timeout=60)
    assert done.returncode == 1
    assert f"kmbot can't listen on 0.0.0.0:{port}" in done.stderr
    assert "Is kmbot already running?" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
