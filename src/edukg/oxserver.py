"""Oxigraph's own SPARQL server (`oxigraph serve-read-only`) as child processes of `edukg serve`.

The server comes from the `oxigraph` wheel (a dependency of edukg): the same engine as
pyoxigraph, with streamed results, HTTP/1.1 keep-alive and many threads. It listens on a
private loopback port; only `edukg serve`'s front (edukg.endpoint) talks to it.

A query that runs past its deadline is not always stopped by the server itself (a sort or a
group over a cartesian product keeps a core and gigabytes after its client left), so the front
replaces the process that ran it: `Backends.retire` starts a fresh server on the same store
at once and ends the old one when the queries still running on it are done, or at their
deadline. Read-only servers may share one store, so the two overlap safely.
"""
from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ServerError", "oxigraph_binary", "Backend", "Backends"]

START_TIMEOUT = 30.0        # seconds for a server to open its store and listen


class ServerError(Exception):
    """The Oxigraph server cannot be found or started (one line)."""


def oxigraph_binary() -> str:
    """The `oxigraph` program installed beside this Python (the wheel's script), else on PATH."""
    here = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if here.is_file() and os.access(here, os.X_OK):
        return str(here)
    found = shutil.which("oxigraph")
    if not found:
        raise ServerError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(eq=False)
class Backend:
    """One `oxigraph serve-read-only` process and its idle keep-alive connections."""
    process: subprocess.Popen
    port: int
    log: object                                   # its stderr, kept for the error message
    inflight: int = 0
    retired: bool = False
    over_memory: bool = False                     # killed for holding too much memory
    idle: list = field(default_factory=list)      # (reader, writer) ready for a request

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, kill: bool = False) -> None:
        """End the process: at once (kill: a read-only server has nothing to save), or
        with SIGTERM and a short wait."""
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()
        if self.alive:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.process.wait(2)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def rss_bytes(self) -> int:
        """Resident memory of the process (0 where /proc is missing)."""
        try:
            with open(f"/proc/{self.process.pid}/statm") as statm:
                return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return 0


def start_backend(store: Path, timeout: float, cors: bool) -> Backend:
    """Start a read-only server on STORE and wait until it listens."""
    port = _free_port()
    command = [oxigraph_binary(), "serve-read-only", "--location", str(store),
               "--bind", f"127.0.0.1:{port}", "--timeout-s", str(max(1, round(timeout)))]
    if cors:
        command.append("--cors")
    log = tempfile.TemporaryFile()
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    except OSError as exc:
        log.close()
        raise ServerError(f"cannot start {command[0]}: {exc}") from None
    backend = Backend(process, port, log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if not backend.alive:
            log.seek(0)
            said = " ".join(log.read().decode("utf-8", "replace").split())[-300:]
            log.close()
            raise ServerError(f"the oxigraph server stopped at start: {said or 'no message'}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return backend
        except OSError:
            time.sleep(0.02)
    backend.stop()
    raise ServerError(f"the oxigraph server did not listen within {START_TIMEOUT:.0f} s")


class Backends:
    """The current server and the retired ones still finishing their queries."""

    def __init__(self, store: Path, timeout: float, cors: bool, memory_limit: int | None = None) -> None:
        self.store, self.timeout, self.cors = store, timeout, cors
        self.memory_limit = memory_limit            # bytes one server process may hold
        self.current = start_backend(store, timeout, cors)
        self.retiring: set[Backend] = set()
        self.restarts = 0
        self._starting: asyncio.Task | None = None

    async def connect(self) -> tuple[Backend, asyncio.StreamReader, asyncio.StreamWriter]:
        """A connection to the current server: an idle keep-alive one, or a new one."""
        backend = self.current
        if backend.retired or not backend.alive:    # replaced, died, or its replacement failed
            await self.retire(backend)
            backend = self.current
        backend.inflight += 1
        while backend.idle:
            reader, writer = backend.idle.pop()
            if not reader.at_eof() and not writer.is_closing():
                return backend, reader, writer
            writer.close()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", backend.port, limit=1 << 16)
        except OSError:
            backend.inflight -= 1
            raise
        return backend, reader, writer

    def release(self, backend: Backend, conn, reusable: bool) -> None:
        """Give a connection back after its response (reusable: read to its end)."""
        backend.inflight -= 1
        reader, writer = conn
        if reusable and not backend.retired and len(backend.idle) < 128:
            backend.idle.append((reader, writer))
        else:
            writer.close()
        if backend.retired and backend.inflight <= 0:
            self._end(backend)

    async def watch_memory(self, every: float = 0.05) -> None:
        """Replace at once a server that holds more than memory_limit (a query building a
        huge answer in memory grows by hundreds of MB a second); runs until cancelled."""
        while self.memory_limit:
            await asyncio.sleep(every)
            for backend in (self.current, *self.retiring):
                if backend.alive and backend.rss_bytes() > self.memory_limit:
                    backend.over_memory = True
                    await self.retire(backend, at_once=True)

    async def retire(self, backend: Backend, at_once: bool = False) -> None:
        """Replace BACKEND (a query overran its deadline on it) with a fresh server; the old
        one ends when its other queries are done (at_once: now, cutting them)."""
        if at_once and backend.alive:
            backend.process.kill()
        if not backend.retired:
            backend.retired = True
            self.restarts += 1
            for _, writer in backend.idle:
                writer.close()
            backend.idle.clear()
            if backend.inflight <= 0:
                self._end(backend)
            else:                      # the others' queries end by their own deadlines
                self.retiring.add(backend)
                asyncio.get_running_loop().call_later(self.timeout + 1, self._end, backend)
        if backend is self.current:
            await self._replace()

    async def _replace(self) -> None:
        """Start the next server (once, however many requests wait for it)."""
        if self._starting is None:
            self._starting = asyncio.get_running_loop().create_task(
                asyncio.to_thread(start_backend, self.store, self.timeout, self.cors))
        starting = self._starting
        try:
            self.current = await asyncio.shield(starting)
        finally:
            if self._starting is starting and starting.done():
                self._starting = None

    def _end(self, backend: Backend) -> None:
        self.retiring.discard(backend)
        backend.stop(kill=True)

    def rss_bytes(self) -> int:
        return sum(b.rss_bytes() for b in (self.current, *self.retiring))

    def close(self) -> None:
        for backend in (*self.retiring, self.current):
            backend.stop()
        self.retiring.clear()
