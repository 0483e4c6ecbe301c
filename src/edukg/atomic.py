"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Each file is written to a temporary file beside it (named `.NAME.PID.XXXX.tmp`), flushed
to disk, then renamed over it. `AtomicBatch` stages several files that way and renames them
all only once every one is written, so a build killed at any moment leaves the previous set
of outputs whole (and, but for the last few renames, consistent). Temporary files left by a
killed process are removed by the next batch writing into the same folder.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

_TEMP = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")


class OutputError(Exception):
    """An output file cannot be written; the message says which and why in one line."""


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def ensure_writable_dir(folder: str | Path) -> Path:
    """Create folder if needed and check a file can be created in it (before a long build)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"cannot write to {folder}: it exists and is not a directory")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=f".probe.{os.getpid()}.", suffix=".tmp", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"cannot write to {folder}: {_reason(exc)}") from exc
    return folder


def remove_stale_temps(folder: str | Path) -> list[Path]:
    """Delete temporary files in folder left by processes that no longer run."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP.match(entry.name)
        if match and entry.is_file(follow_symlinks=False) and not _alive(int(match.group(1))):
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True         # exists, owned by someone else
    return True


def stage(path: str | Path, data: bytes | str | Iterable[bytes], owner: int | None = None
          ) -> Path:
    """Write data to a synced temporary file beside path, for AtomicBatch.adopt: a worker
    process stages its own big output instead of sending it back. The file is named after
    `owner`, the process of the batch, so that clearing a dead process's temporary files
    never takes it once the worker has exited."""
    path = Path(path)
    return _stage(path, data.encode("utf-8") if isinstance(data, str) else data, owner)


def _stage(path: Path, payload: bytes | Iterable[bytes], owner: int | None = None) -> Path:
    """Write payload (bytes, or chunks of them) to a synced temporary file beside path;
    return the temporary path."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{owner or os.getpid()}.",
                                   suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write to {path.parent}: {_reason(exc)}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(payload, (bytes, bytearray, memoryview)):
                handle.write(payload)
            else:
                _write_blocks(handle, payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {_reason(exc)}") from exc
        raise
    return Path(tmp)


_BLOCK = 1 << 23        # bytes: pieces smaller than this are joined into one write


def _write_blocks(handle, pieces: Iterable[bytes]) -> None:
    """Write pieces (millions of lines, say, never joined into one buffer) a block of about
    _BLOCK bytes at a time: a write per line cost 3x as much, and joining a fixed number of
    pieces made one buffer of the whole file when the pieces were large."""
    block: list[bytes] = []
    size = 0
    for piece in pieces:
        block.append(piece)
        size += len(piece)
        if size >= _BLOCK:
            handle.write(block[0] if len(block) == 1 else b"".join(block))
            block, size = [], 0
    if block:
        handle.write(b"".join(block))


def _sync_dir(folder: Path) -> None:
    """Make renames in folder durable (best effort: not every file system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _publish(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {_reason(exc)}") from exc


def write_atomic(path: str | Path, data: bytes | str) -> Path:
    """Write to a temporary file beside path, flush it to disk, then rename it over path."""
    path = Path(path)
    _publish(stage(path, data), path)
    _sync_dir(path.parent)
    return path


class AtomicBatch:
    """Stage several files, then publish them together:

        with AtomicBatch() as batch:
            batch.write(out / "a.ttl", data)     # written to a temporary file now
            batch.write(out / "b.nt", other)
        # both renamed into place here; on an exception neither is, and the temps are gone
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []
        self.written: list[Path] = []
        self.owner = os.getpid()        # see stage()

    def __enter__(self) -> "AtomicBatch":
        return self

    def write(self, path: str | Path, data: bytes | str | Iterable[bytes]) -> Path:
        path = Path(path)
        if not self._staged or all(p.parent != path.parent for _, p in self._staged):
            remove_stale_temps(path.parent)
        return self.adopt(stage(path, data), path)

    def adopt(self, tmp: str | Path, path: str | Path) -> Path:
        """Publish tmp, a file stage() made (in any process), as path with the others."""
        self._staged.append((Path(tmp), Path(path)))
        return Path(path)

    def commit(self) -> list[Path]:
        staged, self._staged = self._staged, []
        try:
            while staged:
                tmp, path = staged[0]
                _publish(tmp, path)
                staged.pop(0)
                self.written.append(path)
        finally:
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)
        for folder in dict.fromkeys(p.parent for p in self.written):
            _sync_dir(folder)
        return self.written

    def discard(self) -> None:
        for tmp, _ in self._staged:
            tmp.unlink(missing_ok=True)
        self._staged = []

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()
