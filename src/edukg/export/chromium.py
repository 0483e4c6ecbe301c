"""Headless Chromium for the HTML view: find it, run it with the network closed, and drive a
page through the DevTools protocol.

Two ways in. ``dump_dom`` and ``screenshot`` run Chromium once with ``--virtual-time-budget``
(no interaction). ``BrowserPage`` keeps one Chromium open and speaks the DevTools protocol
over ``--remote-debugging-pipe`` (JSON messages ending in NUL on file descriptors 3 and 4):
no websocket library and no port, so the real-browser tests can click, read the URL and
time how long the page takes to settle.
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable

__all__ = ["find_chromium", "chromium_command", "dump_dom", "screenshot", "BrowserPage"]

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome",
                       "google-chrome-stable")


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary (``$EDUKG_CHROMIUM`` first), or None."""
    env = os.environ.get("EDUKG_CHROMIUM")
    for cand in ((env,) if env else ()) + CHROMIUM_CANDIDATES:
        found = cand if os.path.isabs(cand) and os.access(cand, os.X_OK) else shutil.which(cand)
        if found:
            return found
    return None


def chromium_command(chromium: str, user_data_dir: str | os.PathLike[str],
                     extra: Iterable[str] = ()) -> list[str]:
    """Headless Chromium with every network path closed: proxy to a dead port, every host
    name unresolvable, no background/component/sync traffic, no QUIC."""
    return [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-dev-shm-usage",
        "--metrics-recording-only",
        "--mute-audio",
        f"--user-data-dir={os.fspath(user_data_dir)}",
        "--proxy-server=127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--allow-file-access-from-files",
        *extra,
    ]


def _run_chromium(html_path: str | os.PathLike[str], extra: list[str], *, chromium: str | None,
                  timeout: float, fragment: str = "") -> subprocess.CompletedProcess[str]:
    chromium = chromium or find_chromium()
    if not chromium:
        raise FileNotFoundError("no chromium found (run scripts/ensure_chromium.sh)")
    url = Path(html_path).resolve().as_uri() + fragment
    with tempfile.TemporaryDirectory(prefix="edukg-chromium-") as profile:
        cmd = chromium_command(chromium, profile, extra) + [url]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "HOME": profile})


def dump_dom(html_path: str | os.PathLike[str], *, budget_ms: int = 20000,
             chromium: str | None = None, timeout: float = 120, fragment: str = "") -> str:
    """The DOM after ``budget_ms`` of virtual time, as headless Chromium serialises it."""
    proc = _run_chromium(html_path, [f"--virtual-time-budget={budget_ms}", "--dump-dom"],
                         chromium=chromium, timeout=timeout, fragment=fragment)
    if proc.returncode != 0 or "<html" not in proc.stdout:
        raise RuntimeError(f"chromium --dump-dom failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return proc.stdout


def screenshot(html_path: str | os.PathLike[str], png_path: str | os.PathLike[str], *,
               size: tuple[int, int] = (1400, 900), budget_ms: int = 20000,
               chromium: str | None = None, timeout: float = 120, fragment: str = "") -> Path:
    """Save a PNG of the page after ``budget_ms`` of virtual time."""
    png_path = Path(png_path).resolve()
    png_path.parent.mkdir(parents=True, exist_ok=True)
    proc = _run_chromium(html_path, [f"--virtual-time-budget={budget_ms}",
                                     f"--window-size={size[0]},{size[1]}",
                                     "--hide-scrollbars", f"--screenshot={png_path}"],
                         chromium=chromium, timeout=timeout, fragment=fragment)
    if proc.returncode != 0 or not png_path.exists():
        raise RuntimeError(f"chromium --screenshot failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return png_path


class BrowserPage:
    """One headless Chromium tab, driven over the DevTools pipe. Use as a context manager::

        with BrowserPage() as page:
            page.open("/tmp/graph.html", fragment="#q=淄博")
            page.wait("document.getElementById('edukg-status').dataset.stabilized === 'true'")
            page.eval("location.hash")

    The network is closed twice over: by the command line (see ``chromium_command``) and by
    the protocol (``Network.emulateNetworkConditions`` offline)."""

    def __init__(self, chromium: str | None = None, size: tuple[int, int] = (1400, 900),
                 timeout: float = 60) -> None:
        self.chromium = chromium or find_chromium()
        if not self.chromium:
            raise FileNotFoundError("no chromium found (run scripts/ensure_chromium.sh)")
        self.size = size
        self.timeout = timeout
        self._next = 0
        self._buf = b""
        self.events: list[dict[str, Any]] = []
        self._proc: subprocess.Popen[bytes] | None = None
        self._profile: tempfile.TemporaryDirectory[str] | None = None
        self.session: str | None = None

    # -- process
    def __enter__(self) -> "BrowserPage":
        self._profile = tempfile.TemporaryDirectory(prefix="edukg-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire() -> None:                       # in the child: the pipe on fds 3 and 4
            r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
            w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(r, 3)
            os.dup2(w, 4)

        cmd = chromium_command(self.chromium, self._profile.name,
                               ["--remote-debugging-pipe", f"--window-size={self.size[0]},{self.size[1]}",
                                "--hide-scrollbars"]) + ["about:blank"]
        self._proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, preexec_fn=wire, pass_fds=(3, 4),
                                      env={**os.environ, "HOME": self._profile.name})
        os.close(to_child_r)
        os.close(from_child_w)
        targets = self.send("Target.getTargets", session=False)["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", {"targetId": page["targetId"],
                                                            "flatten": True}, session=False)["sessionId"]
        for method in ("Page.enable", "Runtime.enable", "Network.enable"):
            self.send(method)
        self.send("Network.emulateNetworkConditions", {"offline": True, "latency": 0,
                                                       "downloadThroughput": -1,
                                                       "uploadThroughput": -1})
        return self

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None:
            try:
                self.send("Browser.close", session=False, timeout=5)
            except Exception:  # noqa: BLE001 - closing a broken browser: kill it below
                pass
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            for fd in (self._to_child, self._from_child):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._proc = None
        if self._profile is not None:
            self._profile.cleanup()
            self._profile = None

    # -- protocol
    def send(self, method: str, params: dict[str, Any] | None = None, *, session: bool = True,
             timeout: float | None = None) -> dict[str, Any]:
        """Send one command and wait for its answer (events that arrive meanwhile are kept)."""
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("chromium did not answer in time")
            ready, _w, _x = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    # -- page
    def open(self, html_path: str | os.PathLike[str], fragment: str = "") -> None:
        """Load a local file (and wait for its load event)."""
        url = Path(html_path).resolve().as_uri() + fragment
        self.events.clear()
        self.send("Page.navigate", {"url": url})
        self.wait("document.readyState === 'complete'")

    def eval(self, expression: str, *, timeout: float | None = None) -> Any:
        """The value of a JavaScript expression in the page (promises are awaited)."""
        res = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                             "awaitPromise": True}, timeout=timeout)
        if "exceptionDetails" in res:
            detail = res["exceptionDetails"]
            raise RuntimeError(detail.get("exception", {}).get("description") or detail.get("text"))
        return res.get("result", {}).get("value")

    def wait(self, condition: str, *, timeout: float | None = None, poll: float = 0.05) -> Any:
        """Wait until a JavaScript expression is truthy; return its value."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            value = self.eval(condition)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"still false after {timeout or self.timeout}s: {condition}")
            time.sleep(poll)

    def click(self, x: float, y: float) -> None:
        """A real mouse click (press and release) at page coordinates."""
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y,
                                                   "button": "left", "clickCount": 1})

    def screenshot(self, png_path: str | os.PathLike[str]) -> Path:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path = Path(png_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path
