"""``handbook serve`` as a user runs it: a real process on 127.0.0.1 that stops cleanly on Ctrl+C (SIGINT).

The live reload in a browser is tested in tests/browser/test_serve_browser.py; what each page shows after
a rebuild, in tests/unit/test_preview.py.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import MINI

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")


def start(root: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    """Start ``handbook serve`` and return the process and the URL it prints."""
    command = [sys.executable, "-m", "cuishou", "serve", str(root), *args]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", cwd=root.parent
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"http://[0-9.]+:[0-9]+/", line)
    url = found.group(0) if found else ""
    if not url:
        process.kill()
        raise AssertionError(f"no URL in {line!r}: {process.communicate()}")
    return process, url


def get(url: str, path: str, host: str | None = None) -> tuple[int, str]:
    address = url.removeprefix("http://").rstrip("/")
    connection = http.client.HTTPConnection(address, timeout=10)
    connection.request("GET", path, headers={"Host": host} if host else {})
    response = connection.getresponse()
    body = response.read().decode("utf-8")
    connection.close()
    return response.status, body


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    root = tmp_path / "handbook"
    shutil.copytree(MINI, root)
    process, url = start(root, "--port", "0")
    try:
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_serves_on_loopback_and_stops_cleanly_on_ctrl_c(served: tuple[subprocess.Popen[str], str]) -> None:
    process, url = served
    assert url.startswith("http://127.0.0.1:")
    status, page = get(url, "/courses/collection-basics-2h.html")
    assert status == 200 and "催收培训教案（两小时）" in page and "preview.js" in page
    assert get(url, "/courses/collection-basics-2h.html", host="attacker.example")[0] == 403
    # an open live-reload stream must not keep the server from stopping
    with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1].strip("/"))), timeout=10) as stream:
        stream.sendall(b"GET /_preview/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        received = b""
        while b"data: " not in received:  # headers and the first event may come in separate packets
            chunk = stream.recv(4096)
            assert chunk, received
            received += chunk
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    assert process.returncode == 0, (out, err)
    assert time.monotonic() - started < 10
    assert "Traceback" not in err and "预览已停止" in err, err


def test_sigterm_stops_it_too(served: tuple[subprocess.Popen[str], str]) -> None:
    process, _ = served
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=15)
    assert process.returncode == 0 and "Traceback" not in err, (out, err)


def test_a_busy_port_is_a_plain_error(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    shutil.copytree(MINI, root)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "cuishou", "serve", str(root), "--port", str(port)],
            capture_output=True, text=True, encoding="utf-8", timeout=60, env={**os.environ, "LANG": "C"},
        )  # fmt: skip
    assert done.returncode == 2, done
    assert "--port" in done.stderr and "Traceback" not in done.stderr, done.stderr
