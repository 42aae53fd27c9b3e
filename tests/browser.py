"""Headless Chromium for the tests that look at a page as a reader would.

Chromium is Debian's package (`apt-get install chromium`). Where it is missing
the tests that need it are skipped, except in CI (``CI`` set), where they
fail: CI installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from websockets.sync.client import connect as websocket

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    """The chromium executable; skips the test where it is missing, fails in CI."""
    found = shutil.which("chromium")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed; CI must install it (apt-get install chromium)")
    pytest.skip("chromium is not installed (apt-get install chromium)")


def run(profile: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """One headless Chromium run with a fresh profile directory."""
    return subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


@contextmanager
def devtools(profile: Path, timeout: float = 30) -> Iterator[str]:
    """A headless Chromium with its DevTools port open; yields the browser's websocket URL."""
    process = subprocess.Popen(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not port_file.exists() or len(port_file.read_text().splitlines()) < 2:
            if time.monotonic() > deadline or process.poll() is not None:
                raise TimeoutError("chromium did not open its DevTools port")
            time.sleep(0.1)
        port, path = port_file.read_text().splitlines()[:2]
        yield f"ws://127.0.0.1:{port}{path}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def page_text(url: str, profile: Path, expected: list[str], timeout: float = 60) -> str:
    """The rendered text of ``url`` once it shows every ``expected`` string (or at timeout).

    For pages drawn by script after load (a Streamlit app), where ``--dump-dom``
    would only see the empty shell.
    """
    with devtools(profile) as browser, websocket(browser, max_size=None) as ws:
        ids = iter(range(1, 1_000_000))

        def call(method: str, session: str | None = None, **params) -> dict:
            message = {"id": next(ids), "method": method, "params": params}
            if session:
                message["sessionId"] = session
            ws.send(json.dumps(message))
            while True:
                reply = json.loads(ws.recv(timeout=timeout))
                if reply.get("id") == message["id"]:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return reply["result"]

        target = call("Target.createTarget", url=url)["targetId"]
        session = call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            result = call(
                "Runtime.evaluate",
                session,
                expression="document.body ? document.body.innerText : ''",
                returnByValue=True,
            )
            text = result["result"].get("value", "")
            if all(s in text for s in expected):
                break
            time.sleep(0.5)
        return text


def wait_for_http(url: str, timeout: float = 60) -> str:
    """The body of ``url`` once it answers 200, or TimeoutError."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not answer within {timeout} s") from None
            time.sleep(0.3)


class Tab:
    """One page of a headless Chromium, driven over DevTools: go to an address, evaluate
    JavaScript in it (``tab(profile)``)."""

    def __init__(self, ws, timeout: float) -> None:
        self._ws, self._timeout, self._ids = ws, timeout, iter(range(1, 1_000_000))
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        attached = self.call("Target.attachToTarget", targetId=target, flatten=True)
        self._session = attached["sessionId"]

    def call(self, method: str, session: str | None = None, **params) -> dict:
        message = {"id": next(self._ids), "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self._ws.send(json.dumps(message))
        while True:
            reply = json.loads(self._ws.recv(timeout=self._timeout))
            if reply.get("id") == message["id"]:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def go(self, url: str) -> None:
        self.call("Page.navigate", self._session, url=url)

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page."""
        result = self.call(
            "Runtime.evaluate", self._session, expression=expression, returnByValue=True
        )
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 60, every: float = 0.05):
        """The expression's value once it is truthy; TimeoutError after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(every)
        raise TimeoutError(f"not true within {timeout} s: {expression}")


@contextmanager
def tab(profile: Path, timeout: float = 60) -> Iterator[Tab]:
    """A headless Chromium with one page to drive (:class:`Tab`)."""
    with devtools(profile) as browser, websocket(browser, max_size=None) as ws:
        yield Tab(ws, timeout)


# Records every text a page draws on a canvas (Streamlit's tables are drawn so: their cells
# are not in the DOM), with its width and the clip it was drawn in: ``window.drawnTexts``.
CANVAS_TEXTS = """
(() => {
  const P = CanvasRenderingContext2D.prototype;
  const states = new WeakMap();
  const state = (c) => {
    if (!states.has(c)) states.set(c, {rect: null, clip: null, saved: []});
    return states.get(c);
  };
  const before = (name, what) => {
    const original = P[name];
    P[name] = function (...args) { what(this, args); return original.apply(this, args); };
  };
  window.drawnTexts = [];
  before("beginPath", (c) => { state(c).rect = null; });
  before("rect", (c, [x, y, w, h]) => {
    const t = c.getTransform();
    state(c).rect = {left: x + t.e, right: x + t.e + w};
  });
  before("clip", (c) => { state(c).clip = state(c).rect; });
  before("save", (c) => { state(c).saved.push(state(c).clip); });
  before("restore", (c) => { state(c).clip = state(c).saved.pop() || null; });
  before("fillText", (c, [text, x]) => {
    const left = x + c.getTransform().e, width = c.measureText(String(text)).width;
    window.drawnTexts.push({text: String(text), left, right: left + width, clip: state(c).clip});
  });
})();
"""


def record_canvas_texts(tab: Tab, width: int = 2400, height: int = 1400) -> None:
    """Make ``tab`` record what its pages draw on canvases (``CANVAS_TEXTS``), in a window
    ``width`` pixels wide (a table draws only the columns in view)."""
    tab.call("Page.enable", tab._session)
    tab.call("Page.addScriptToEvaluateOnNewDocument", tab._session, source=CANVAS_TEXTS)
    tab.call(
        "Emulation.setDeviceMetricsOverride",
        tab._session,
        width=width,
        height=height,
        deviceScaleFactor=1,
        mobile=False,
    )


def cut_off(drawn: list[dict]) -> list[str]:
    """The texts drawn wider than the cell (clip) they are drawn in: shown cut off."""
    return [
        text["text"]
        for text in drawn
        if text["clip"] and text["right"] > text["clip"]["right"] + 0.5
    ]
