"""The softphone adapters, against a fake baresip ctrl_tcp server and real child processes."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from fake_baresip import FakeBaresip, call_event
from nextcall.io.softphone import (
    BaresipSoftphone,
    CallEvent,
    CallState,
    CommandSoftphone,
    DialError,
    NoSoftphone,
    fill,
    outcome_hint,
    read_netstring,
)

NUMBER = "+12025550143"


@pytest.fixture
async def fake() -> AsyncIterator[FakeBaresip]:
    server = FakeBaresip()
    yield server
    await server.stop()


class Recorder:
    def __init__(self) -> None:
        self.events: list[CallEvent] = []
        self.changed = asyncio.Event()

    def __call__(self, event: CallEvent) -> None:
        self.events.append(event)
        self.changed.set()

    async def until(self, state: CallState) -> CallEvent:
        async with asyncio.timeout(3):
            while not any(e.state is state for e in self.events):
                self.changed.clear()
                await self.changed.wait()
        return next(e for e in self.events if e.state is state)


async def test_baresip_dials_and_reports_ringing_answer_and_hang_up(fake: FakeBaresip) -> None:
    fake.after_dial = [{"event": True, "class": "other", "type": "CALL_LOCAL_SDP"}]
    fake.after_dial.append(call_event("CALL_RINGING"))
    recorder = Recorder()
    ticks = iter([10.0, 12.0, 19.5])
    phone = BaresipSoftphone(await fake.start(), recorder, monotonic=lambda: next(ticks))
    await phone.dial(NUMBER)
    assert fake.commands[0]["command"] == "dial"
    assert fake.commands[0]["params"] == NUMBER
    await recorder.until(CallState.RINGING)
    await fake.push(call_event("CALL_ESTABLISHED"))
    await recorder.until(CallState.ANSWERED)
    await fake.push(call_event("CALL_CLOSED", "Connection reset by peer"))
    ended = await recorder.until(CallState.ENDED)
    assert ended.duration_s == pytest.approx(7.5)
    assert outcome_hint(ended) is None  # answered: only the rep knows how it went
    assert not phone.in_call
    await phone.close()


async def test_baresip_ignores_events_of_other_calls(fake: FakeBaresip) -> None:
    fake.after_dial = [call_event("CALL_RINGING", call_id="ours")]
    recorder = Recorder()
    phone = BaresipSoftphone(await fake.start(), recorder)
    await phone.dial(NUMBER)
    await recorder.until(CallState.RINGING)
    await fake.push(call_event("CALL_CLOSED", "486 Busy Here", call_id="someone-else"))
    await fake.push(call_event("CALL_CLOSED", "486 Busy Here", call_id="ours"))
    ended = await recorder.until(CallState.ENDED)
    assert [e.state for e in recorder.events] == [CallState.RINGING, CallState.ENDED]
    assert ended.sip_code == 486
    assert outcome_hint(ended) == "no_answer"
    await phone.close()


async def test_baresip_hangs_up_a_call_nobody_answers(fake: FakeBaresip) -> None:
    fake.after_dial = [call_event("CALL_RINGING")]
    recorder = Recorder()
    phone = BaresipSoftphone(await fake.start(), recorder, ring_timeout=0.05)
    await phone.dial(NUMBER)
    ended = await recorder.until(CallState.ENDED)
    assert [c["command"] for c in fake.commands] == ["dial", "hangup"]
    assert outcome_hint(ended) == "no_answer"
    await phone.close()


async def test_baresip_refusal_and_absence_are_dial_errors(fake: FakeBaresip) -> None:
    address = await fake.start()
    fake.refuse = "command not found (dial)\n"
    phone = BaresipSoftphone(address, Recorder())
    with pytest.raises(DialError, match="refused to dial: command not found"):
        await phone.dial(NUMBER)
    assert not phone.in_call
    await phone.close()
    await fake.stop()
    with pytest.raises(DialError, match="not answering"):
        await BaresipSoftphone(address, Recorder()).dial(NUMBER)


async def test_baresip_connection_lost_mid_call_ends_it_and_reconnects(fake: FakeBaresip) -> None:
    fake.after_dial = [call_event("CALL_RINGING")]
    recorder = Recorder()
    phone = BaresipSoftphone(await fake.start(), recorder)
    await phone.dial(NUMBER)
    await recorder.until(CallState.RINGING)
    await fake.drop()
    ended = await recorder.until(CallState.ENDED)
    assert "lost the connection" in ended.reason
    recorder.events.clear()
    await phone.dial(NUMBER)  # a new connection
    await recorder.until(CallState.RINGING)
    assert len(fake.writers) == 2
    await phone.close()


async def test_baresip_refuses_a_second_call_while_one_is_open(fake: FakeBaresip) -> None:
    fake.after_dial = [call_event("CALL_RINGING")]
    phone = BaresipSoftphone(await fake.start(), Recorder())
    await phone.dial(NUMBER)
    with pytest.raises(DialError, match="still open"):
        await phone.dial(NUMBER)
    await phone.close()


@pytest.mark.parametrize(
    "number", ["", "12025550143", "+1 202 555 0143", "+12025550143\n", "+1202; touch /tmp/x", "-h"]
)
async def test_only_e164_reaches_any_adapter(fake: FakeBaresip, number: str) -> None:
    phone = BaresipSoftphone(await fake.start(), Recorder())
    for adapter in (NoSoftphone(), CommandSoftphone(["true"]), phone):
        with pytest.raises(DialError, match="not an E.164 number"):
            await adapter.dial(number)
    assert fake.commands == []  # an empty dial would make baresip redial the last number
    await phone.close()


def test_fill_replaces_inside_each_element_without_formatting() -> None:
    assert fill(["xdg-open", "tel:{e164}", "{digits}", "{e164.__class__}"], NUMBER) == [
        "xdg-open",
        "tel:+12025550143",
        "12025550143",
        "{e164.__class__}",
    ]


async def test_command_runs_without_a_shell(tmp_path: Path) -> None:
    out = tmp_path / "argv.json"
    script = f"import json, sys; open({str(out)!r}, 'w').write(json.dumps(sys.argv[1:]))"
    await CommandSoftphone([sys.executable, "-c", script, "tel:{e164}"]).dial(NUMBER)
    assert json.loads(out.read_text()) == [f"tel:{NUMBER}"]


async def test_command_failures_say_what_happened(tmp_path: Path) -> None:
    fail = [sys.executable, "-c", "import sys; sys.exit('xdg-open: no method available')"]
    with pytest.raises(DialError, match="exited with status 1: xdg-open: no method available"):
        await CommandSoftphone(fail).dial(NUMBER)
    with pytest.raises(DialError, match="Could not run"):
        await CommandSoftphone([str(tmp_path / "no-such-program")]).dial(NUMBER)
    slow = CommandSoftphone([sys.executable, "-c", "import time; time.sleep(5)"], timeout=0.1)
    with pytest.raises(DialError, match="did not finish"):
        await slow.dial(NUMBER)


@pytest.mark.parametrize(
    ("reason", "hint"),
    [
        ("486 Busy Here", "no_answer"),
        ("603 Decline", "no_answer"),
        ("Connection reset by user", "no_answer"),
        ("404 Not Found", "bad_number"),
        ("Connection timed out", "bad_number"),
    ],
)
def test_outcome_hints_for_calls_never_answered(reason: str, hint: str) -> None:
    assert outcome_hint(CallEvent(CallState.ENDED, 5.0, reason)) == hint


async def test_junk_from_the_socket_is_not_a_crash() -> None:
    for junk in (b"abc:", b"5:hello,", b"3:[1],", b"2:{}X"):
        reader = asyncio.StreamReader()
        reader.feed_data(junk)
        reader.feed_eof()
        with pytest.raises((ValueError, EOFError)):
            await read_netstring(reader)
