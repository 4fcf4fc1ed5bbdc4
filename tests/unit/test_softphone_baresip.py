"""The baresip adapter against a real baresip and a real far end (SIPp), all on 127.0.0.1.

Skipped when baresip or sipp is missing, unless NEXTCALL_REQUIRE_SOFTPHONE=1 (CI sets it after
installing them), so a missing install cannot pass silently there.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nextcall.io.softphone import BaresipSoftphone, CallEvent, CallState, outcome_hint

SCENARIOS = Path(__file__).parent.parent / "fixtures" / "sipp"
MISSING = [tool for tool in ("baresip", "sipp") if shutil.which(tool) is None]

if MISSING and os.environ.get("NEXTCALL_REQUIRE_SOFTPHONE") == "1":
    pytest.fail(f"NEXTCALL_REQUIRE_SOFTPHONE=1 but {', '.join(MISSING)} missing", pytrace=False)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(MISSING), reason=f"needs {', '.join(MISSING)} installed"),
]


def free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def start_far_end(port: int, scenario: str | None) -> subprocess.Popen[bytes]:
    which = ["-sn", "uas"] if scenario is None else ["-sf", str(SCENARIOS / scenario)]
    args = ["sipp", *which, "-i", "127.0.0.1", "-p", str(port), "-mp", str(free_port(2))]
    args += ["-m", "1", "-nostdin", "-timeout", "20s"]
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture
def phone_line(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """A running baresip whose account sends bare numbers to the far end's port; yields its
    ctrl_tcp address and that port."""
    ctrl, sip, far = free_port(1), free_port(2), free_port(2)
    folder = tmp_path / "baresip"
    folder.mkdir()
    (folder / "config").write_text(
        f"sip_listen 127.0.0.1:{sip}\nnet_interface 127.0.0.1\n"
        "module_path /usr/lib/baresip/modules\nmodule g711.so\nmodule_tmp account.so\n"
        f"module_app menu.so\nmodule_app ctrl_tcp.so\nctrl_tcp_listen 127.0.0.1:{ctrl}\n"
    )
    (folder / "accounts").write_text(f"<sip:rep@127.0.0.1:{far}>;regint=0\n")
    proc = subprocess.Popen(
        ["baresip", "-f", str(folder), "-t", "120"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 5
        while True:
            try:
                socket.create_connection(("127.0.0.1", ctrl), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("baresip's ctrl_tcp did not open within 5 s")
                time.sleep(0.05)
        time.sleep(0.2)  # the probe connection above was baresip's one client; let it go
        yield f"127.0.0.1:{ctrl}", far
    finally:
        stop(proc)


async def call(address: str, hang_up_after: float | None = None) -> list[CallEvent]:
    """Dial, optionally hang up a while after the far end answers (or after the call ends, if
    it ends first), and return the events up to the end. Waiting for the answer, not for a
    fixed time after the dial, keeps a slow machine's late answer from racing the hang-up."""
    events: list[CallEvent] = []
    answered, ended = asyncio.Event(), asyncio.Event()

    def record(event: CallEvent) -> None:
        events.append(event)
        if event.state is CallState.ANSWERED:
            answered.set()
        if event.state is CallState.ENDED:
            answered.set()
            ended.set()

    phone = BaresipSoftphone(address, record)
    await phone.dial("+12025550143")
    if hang_up_after is not None:
        async with asyncio.timeout(15):
            await answered.wait()
        await asyncio.sleep(hang_up_after)
        await phone.hangup()
    async with asyncio.timeout(15):
        await ended.wait()
    await phone.close()
    return events


async def test_answered_call_the_rep_hangs_up(phone_line: tuple[str, int]) -> None:
    address, far = phone_line
    sipp = start_far_end(far, None)
    try:
        events = await call(address, hang_up_after=1.0)
    finally:
        stop(sipp)
    states = [e.state for e in events]
    assert CallState.ANSWERED in states and states[-1] is CallState.ENDED
    assert events[-1].duration_s is not None and 0.2 < events[-1].duration_s < 3
    assert outcome_hint(events[-1]) is None


async def test_the_prospect_hangs_up(phone_line: tuple[str, int]) -> None:
    address, far = phone_line
    sipp = start_far_end(far, "uas_bye.xml")
    try:
        events = await call(address)
    finally:
        stop(sipp)
    assert [e.state for e in events][-2:] == [CallState.ANSWERED, CallState.ENDED]
    assert "peer" in events[-1].reason
    assert events[-1].duration_s is not None and 0.5 < events[-1].duration_s < 3


async def test_busy_suggests_no_answer(phone_line: tuple[str, int]) -> None:
    address, far = phone_line
    sipp = start_far_end(far, "uas_busy.xml")
    try:
        events = await call(address)
    finally:
        stop(sipp)
    assert CallState.ANSWERED not in [e.state for e in events]
    assert events[-1].sip_code == 486
    assert outcome_hint(events[-1]) == "no_answer"
