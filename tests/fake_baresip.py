"""A stand-in for baresip's ctrl_tcp server, for tests that must not need baresip itself."""

from __future__ import annotations

import asyncio
from typing import Any

from nextcall.io.softphone import netstring, read_netstring


class FakeBaresip:
    """Answers commands like baresip 1.0.0 and plays scripted call events after a dial."""

    def __init__(self) -> None:
        self.commands: list[dict[str, Any]] = []
        self.after_dial: list[dict[str, Any]] = []
        self.refuse: str | None = None
        self.writers: list[asyncio.StreamWriter] = []
        self.server: asyncio.Server | None = None

    async def start(self) -> str:
        self.server = await asyncio.start_server(self._client, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return f"127.0.0.1:{port}"

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.writers.append(writer)
        try:
            while True:
                command = await read_netstring(reader)
                self.commands.append(command)
                ok = self.refuse is None
                writer.write(
                    netstring(
                        {
                            "response": True,
                            "ok": ok,
                            "data": "" if ok else self.refuse,
                            "token": command["token"],
                        }
                    )
                )
                if command["command"] == "dial" and ok:
                    for event in self.after_dial:
                        writer.write(netstring(event))
                if command["command"] == "hangup":
                    writer.write(netstring(call_event("CALL_CLOSED", "Connection reset by user")))
                await writer.drain()
        except (EOFError, ValueError, ConnectionError):
            writer.close()

    async def push(self, event: dict[str, Any]) -> None:
        self.writers[-1].write(netstring(event))
        await self.writers[-1].drain()

    async def drop(self) -> None:
        for writer in self.writers:
            writer.close()

    async def stop(self) -> None:
        await self.drop()
        assert self.server is not None
        self.server.close()


def call_event(kind: str, param: str = "", call_id: str = "d19be9cd551877ef") -> dict[str, Any]:
    return {"event": True, "class": "call", "type": kind, "id": call_id, "param": param}
