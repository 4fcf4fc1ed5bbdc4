"""How `d` reaches a phone: `none` (the rep dials by hand), `command` (an argv template run without a
shell) or `baresip` (its ctrl_tcp interface: dial, hang up, and events for answered and ended).

Plain asyncio, no Textual: the dial screen runs these in its own tasks and gets `CallEvent`s back
through a callback. Every number is checked as E.164 right before it reaches an adapter.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

from nextcall.domain.e164 import is_e164
from nextcall.domain.outcomes import OutcomeName
from nextcall.io.inert import inert

RING_TIMEOUT_S = 45.0
"""Hang up a call nobody answered after this long (baresip itself gives up only after 32 s of a
silent network, and never on a phone that just rings)."""
COMMAND_TIMEOUT_S = 10.0
REPLY_TIMEOUT_S = 5.0


class DialError(Exception):
    """The adapter could not start the call; the message says why, in the rep's words. It may
    quote the softphone (its stderr, baresip's reply) or the config: it is kept inert."""

    def __init__(self, message: str) -> None:
        super().__init__(inert(message))


class CallState(Enum):
    RINGING = "ringing"
    ANSWERED = "answered"
    ENDED = "ended"


@dataclass(frozen=True)
class CallEvent:
    """Something the softphone told us about the current call."""

    state: CallState
    at: float
    """Monotonic seconds."""
    reason: str = ""
    """For ENDED: the softphone's words, e.g. '486 Busy Here' or 'Connection reset by peer'."""
    answered_at: float | None = None
    """For ENDED: when the call was answered, if it was."""

    @property
    def duration_s(self) -> float | None:
        """Seconds from answer to hang-up, for an ENDED call that was answered."""
        if self.state is not CallState.ENDED or self.answered_at is None:
            return None
        return max(0.0, self.at - self.answered_at)

    @property
    def sip_code(self) -> int | None:
        head = self.reason.split(" ", 1)[0]
        return int(head) if head.isdigit() and len(head) == 3 else None


def outcome_hint(ended: CallEvent) -> OutcomeName | None:
    """The outcome an ended call suggests, or None when only the rep can tell (it was answered)."""
    if ended.answered_at is not None:
        return None
    code = ended.sip_code
    if code in (404, 410, 484, 604) or "timed out" in ended.reason.lower():
        return OutcomeName.BAD_NUMBER
    return OutcomeName.NO_ANSWER  # busy, declined, cancelled by the rep, rang out


EventSink = Callable[[CallEvent], None]


class Softphone(Protocol):
    """What the dial screen needs from an adapter."""

    name: str
    has_events: bool
    """True when the adapter reports ringing, answered and ended (only baresip)."""

    @property
    def label(self) -> str:
        """What the call screen says the call went through ("baresip", "linphonecsh")."""
        ...

    async def dial(self, e164: str) -> None:
        """Start a call; raises DialError when it could not."""

    async def hangup(self) -> None:
        """End the current call (nothing where the adapter can't)."""

    async def close(self) -> None:
        """Let go of any connection."""


def checked(e164: str) -> str:
    """The number, if it is strict E.164; DialError otherwise."""
    if not is_e164(e164):
        raise DialError(f"{e164!r} is not an E.164 number; not dialing it.")
    return e164


class NoSoftphone:
    """The rep dials by hand: the screen shows the number big and copies it."""

    name = "none"
    has_events = False
    label = "none"

    async def dial(self, e164: str) -> None:
        checked(e164)

    async def hangup(self) -> None:
        return None

    async def close(self) -> None:
        return None


def fill(template: Sequence[str], e164: str) -> list[str]:
    """The argv for one number: {e164} and {digits} replaced inside each element (plain
    replacement, never str.format, and never a shell)."""
    digits = e164.removeprefix("+")
    return [part.replace("{e164}", e164).replace("{digits}", digits) for part in template]


class CommandSoftphone:
    """Runs a command such as `xdg-open tel:{e164}`; a non-zero exit means 'not dialed'."""

    name = "command"
    has_events = False

    def __init__(self, template: Sequence[str], timeout: float = COMMAND_TIMEOUT_S) -> None:
        if not template:
            raise ValueError("the softphone command is empty")
        self.template = tuple(template)
        self.timeout = timeout

    @property
    def label(self) -> str:
        """The program the command runs, without its folder."""
        return self.template[0].rsplit("/", 1)[-1]

    async def dial(self, e164: str) -> None:
        argv = fill(self.template, checked(e164))
        try:
            proc = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
                start_new_session=True,
            )
        except OSError as exc:
            raise DialError(f"Could not run {argv[0]}: {exc.strerror or exc}.") from None
        try:
            _, err = await asyncio.wait_for(proc.communicate(), self.timeout)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            raise DialError(f"{argv[0]} did not finish within {self.timeout:.0f} s.") from None
        if proc.returncode != 0:
            said = err.decode(errors="replace").strip().splitlines()
            detail = f": {said[-1][:120]}" if said else ""
            raise DialError(f"{argv[0]} exited with status {proc.returncode}{detail}.")

    async def hangup(self) -> None:
        return None

    async def close(self) -> None:
        return None


def netstring(payload: dict[str, Any]) -> bytes:
    body = json.dumps(payload, separators=(",", ":")).encode()
    return b"%d:%s," % (len(body), body)


async def read_netstring(reader: asyncio.StreamReader) -> dict[str, Any]:
    """One netstring-framed JSON object; raises EOFError at the end, ValueError on junk."""
    try:
        head = await reader.readuntil(b":")
        size = int(head[:-1])
        if not 0 <= size <= 1_000_000:
            raise ValueError(f"netstring length {size}")
        body = await reader.readexactly(size + 1)
    except (asyncio.IncompleteReadError, ConnectionError):
        raise EOFError from None
    except asyncio.LimitOverrunError:
        raise ValueError("netstring header too long") from None
    if body[-1:] != b",":
        raise ValueError("netstring without its comma")
    value = json.loads(body[:-1])
    if not isinstance(value, dict):
        raise ValueError("netstring payload is not an object")
    return value


class BaresipSoftphone:
    """A client of baresip's ctrl_tcp module (netstring JSON). baresip takes one client at a time;
    the connection is made on the first dial and made again after it drops."""

    name = "baresip"
    has_events = True
    label = "baresip"

    def __init__(
        self,
        address: str,
        on_event: EventSink,
        *,
        ring_timeout: float = RING_TIMEOUT_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        host, _, port = address.rpartition(":")
        self.host, self.port = host or "127.0.0.1", int(port)
        self.on_event = on_event
        self.ring_timeout = ring_timeout
        self.monotonic = monotonic
        self._tokens = (f"nextcall-{n}" for n in itertools.count(1))
        self._replies: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._writer: asyncio.StreamWriter | None = None
        self._reader_task: asyncio.Task[None] | None = None
        self._ring_task: asyncio.Task[None] | None = None
        self._call_id: str | None = None
        self._awaiting_call = False
        self._answered_at: float | None = None

    @property
    def in_call(self) -> bool:
        return self._awaiting_call or self._call_id is not None

    async def dial(self, e164: str) -> None:
        number = checked(e164)
        if self.in_call:
            raise DialError("A call is still open in baresip; hang up first.")
        await self._connect()
        self._awaiting_call, self._answered_at = True, None
        try:
            await self._command("dial", number)
        except DialError:
            self._awaiting_call = False
            raise
        self._ring_task = asyncio.create_task(self._ring_out())

    async def hangup(self) -> None:
        if self._writer is not None and self.in_call:
            with contextlib.suppress(DialError):
                await self._command("hangup", "")

    async def close(self) -> None:
        for task in (self._ring_task, self._reader_task):
            if task is not None:
                task.cancel()
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
        self._writer = None

    async def _connect(self) -> None:
        if self._writer is not None and not self._writer.is_closing():
            return
        try:
            reader, self._writer = await asyncio.wait_for(
                asyncio.open_connection(self.host, self.port), REPLY_TIMEOUT_S
            )
        except (OSError, TimeoutError):
            raise DialError(
                f"baresip is not answering on {self.host}:{self.port}. Is it running with ctrl_tcp?"
            ) from None
        self._reader_task = asyncio.create_task(self._read(reader))

    async def _command(self, command: str, params: str) -> dict[str, Any]:
        assert self._writer is not None
        token = next(self._tokens)
        reply: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._replies[token] = reply
        self._writer.write(netstring({"command": command, "params": params, "token": token}))
        try:
            await self._writer.drain()
            answer = await asyncio.wait_for(reply, REPLY_TIMEOUT_S)
        except (OSError, TimeoutError, EOFError):
            raise DialError(f"baresip did not answer the {command} command.") from None
        finally:
            self._replies.pop(token, None)
        if not answer.get("ok"):
            said = str(answer.get("data", "")).strip()
            raise DialError(f"baresip refused to {command}: {said or 'no reason given'}.")
        return answer

    async def _read(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                message = await read_netstring(reader)
                if message.get("response"):
                    reply = self._replies.get(str(message.get("token")))
                    if reply is not None and not reply.done():
                        reply.set_result(message)
                elif message.get("event") and message.get("class") == "call":
                    self._on_call_event(message)
        except (EOFError, ValueError):
            pass
        finally:
            self._lost()

    def _lost(self) -> None:
        """The connection dropped: fail waiting commands; an open call is over as far as we know."""
        for reply in self._replies.values():
            if not reply.done():
                reply.set_exception(EOFError())
        self._writer = None
        if self.in_call:
            self._end("lost the connection to baresip")

    def _on_call_event(self, event: dict[str, Any]) -> None:
        call_id = str(event.get("id", ""))
        if self._call_id is None and self._awaiting_call and call_id:
            self._call_id, self._awaiting_call = call_id, False
        if not call_id or call_id != self._call_id:
            return  # another call (incoming, or one this app didn't start)
        kind, now = event.get("type"), self.monotonic()
        if kind in ("CALL_RINGING", "CALL_PROGRESS"):
            self.on_event(CallEvent(CallState.RINGING, now))
        elif kind == "CALL_ESTABLISHED":
            self._answered_at = now
            if self._ring_task is not None:
                self._ring_task.cancel()
            self.on_event(CallEvent(CallState.ANSWERED, now))
        elif kind == "CALL_CLOSED":
            self._end(inert(str(event.get("param", ""))), now)

    def _end(self, reason: str, now: float | None = None) -> None:
        if self._ring_task is not None:
            self._ring_task.cancel()
        answered, self._answered_at = self._answered_at, None
        self._call_id, self._awaiting_call = None, False
        at = self.monotonic() if now is None else now
        self.on_event(CallEvent(CallState.ENDED, at, reason, answered))

    async def _ring_out(self) -> None:
        await asyncio.sleep(self.ring_timeout)
        if self._answered_at is None and self.in_call:
            await self.hangup()


def make_softphone(
    adapter: str, command: Sequence[str], address: str, on_event: EventSink
) -> Softphone:
    """The adapter the config names."""
    if adapter == "command":
        return CommandSoftphone(command)
    if adapter == "baresip":
        return BaresipSoftphone(address, on_event)
    return NoSoftphone()
