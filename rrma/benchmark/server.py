"""The portal served as in production, and requests to it over HTTP.

Rules:
- gunicorn (`rrma.wsgi`, sync workers, its default 30 s timeout) with DEBUG off and the
  settings production requires (SECRET_KEY, ALLOWED_HOSTS, EMAIL_URL, MFA_ENCRYPTION_KEY):
  the same secret and two-factor keys as this process, so that the sessions made here are
  valid there; the benchmark database; its own database cache (a shared Redis could hold
  another database's answers); a mail server that is never reached; static files from the
  sources (no `collectstatic` needed);
- every request says it came through the TLS proxy (`X-Forwarded-Proto: https`), accepts
  gzip and brotli, and is timed to its first byte and to its last;
- a request the server does not answer (a worker killed at the timeout, the connection
  closed) counts as the 502 the proxy would send.
"""

import gzip
import os
import socket
import subprocess
import sys
import threading
import time
import zlib
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPException
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

TIMEOUT = 30  # gunicorn's default: a page slower than this is a failure for its users
CLIENT_TIMEOUT = TIMEOUT + 30
BAD_GATEWAY = 502


@dataclass
class Fetch:
    status: int
    ms: float
    ttfb_ms: float
    wire_bytes: int
    raw_bytes: int | None  # None when the encoding cannot be decoded here (brotli)
    encoding: str = ""
    location: str = ""
    error: str = ""


def _decoded_size(body: bytes, encoding: str) -> int | None:
    if encoding in ("", "identity"):
        return len(body)
    if encoding == "gzip":
        return len(gzip.decompress(body))
    if encoding == "deflate":
        return len(zlib.decompress(body))
    try:
        import brotli  # optional: not a dependency of the portal
    except ImportError:
        return None
    return len(brotli.decompress(body))


def fetch(address: str, path: str, cookie: str = "") -> Fetch:
    host, port = address.rsplit(":", 1)
    headers = {
        "Host": host,
        "Accept": "text/html,application/json,*/*",
        "Accept-Encoding": "gzip, br",
        "X-Forwarded-Proto": "https",
        "User-Agent": "rrma-benchmark",
    }
    if cookie:
        headers["Cookie"] = cookie
    start = time.perf_counter()
    ttfb = 0.0
    conn = HTTPConnection(host, int(port), timeout=CLIENT_TIMEOUT)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        ttfb = time.perf_counter() - start
        status = response.status
        encoding = response.getheader("Content-Encoding", "")
        location = response.getheader("Location", "")
        body = response.read()
    except (HTTPException, OSError) as error:
        ms = (time.perf_counter() - start) * 1000
        # Headers received and the body cut: a stream the worker's timeout interrupted.
        cut = "cut after the headers: " if ttfb else ""
        return Fetch(BAD_GATEWAY, ms, ttfb * 1000 or ms, 0, 0, error=f"{cut}{error!r}")
    finally:
        conn.close()
    ms = (time.perf_counter() - start) * 1000
    return Fetch(
        status, ms, ttfb * 1000, len(body), _decoded_size(body, encoding), encoding, location
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(database_url: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key != "RRMA_DEMO"}
    environment.update(
        DEBUG="false",
        SECRET_KEY=settings.SECRET_KEY,
        MFA_ENCRYPTION_KEY=",".join(settings.MFA_ENCRYPTION_KEYS),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL="",
        EMAIL_URL="smtp://127.0.0.1:9",  # a closed port: nothing is sent while measuring
        TASKS_BACKEND="database",
        STATIC_MANIFEST="false",
        LOG_LEVEL="WARNING",
    )
    return environment


class Server:
    """gunicorn on a free local port, started and stopped with the scale's measurements."""

    def __init__(self, database_url: str, workers: int, log: Path):
        self.database_url, self.workers, self.log_path = database_url, workers, log
        self.address = f"127.0.0.1:{_free_port()}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        command = [sys.executable, "-m", "gunicorn", "rrma.wsgi", "--bind", self.address]
        command += ["--workers", str(self.workers), "--timeout", str(TIMEOUT)]
        self.log = self.log_path.open("w")
        try:
            self.process = subprocess.Popen(  # noqa: S603  (our own interpreter and arguments)
                command,
                cwd=settings.BASE_DIR,
                env=server_environment(self.database_url),
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
        except OSError:
            self.log.close()
            raise
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if fetch(self.address, "/healthz").status in (200, 503):
                return self
            time.sleep(0.2)
        self.__exit__(None, None, None)
        tail = self.log_path.read_text()[-2000:]
        raise CommandError(f"gunicorn did not start (log {self.log_path}):\n{tail}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def throughput(address: str, path: str, *, clients: int, seconds: float) -> dict:
    """Requests per second answered by `clients` concurrent clients during `seconds`."""
    deadline = time.perf_counter() + seconds
    done, failed, lock = [0], [0], threading.Lock()

    def client() -> None:
        while time.perf_counter() < deadline:
            ok = fetch(address, path).status < 400
            with lock:
                (done if ok else failed)[0] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    return {
        "path": path,
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": done[0],
        "errors": failed[0],
        "per_second": round(done[0] / elapsed, 1),
    }
