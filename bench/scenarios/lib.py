"""What every scenario shares: the run's settings, HTTP clients, servers pinned to core 0, wrk
pinned to core 1, the quiet-machine check, PostgreSQL databases made and dropped for a run.

Only the standard library: the scenarios must run on a clean machine with nothing but Python.
"""

import asyncio
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
ROOT = BENCH.parent
LUA = BENCH / "lua"
TOOLS = Path(os.environ.get("BENCH_TOOLS", BENCH / ".tools"))

# Servers on core 0, load on core 1 (everything on core 0 on a one-core machine).
SERVER_CORE = "0"
LOAD_CORE = "1" if (os.cpu_count() or 1) >= 2 else "0"

# The demo fixtures' LIFE POS organization, workplace and API key (config/demo-fixtures.json).
ORG = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01"
WORKPLACE = "5e8b1d3f-7a2c-4f6e-9b4d-1c3e5a7f9b41"
LP_HEADERS = {
    "Accept-Language": "ru-RU",
    "X-LP-Client-Identifier": "bench",
    "X-LP-Client-Type": "Service",
    "Authorization": "demo-lifepos-api-key",
}
GET_PATH = f"/lifepos/v6/orgs/{ORG}/workplaces/{WORKPLACE}"


@dataclass
class Settings:
    smoke: bool
    duration: int  # seconds of each measured wrk run
    warmup: int  # seconds of wrk before the first measured run of a contender
    runs: int  # measured runs of each scenario; medians are reported
    connections: int
    quiet_wait: float  # seconds to wait for a quiet machine before a run
    starts: int  # start-to-healthy samples per engine
    list_rows: int  # workplaces loaded for the list and state scenarios
    uncached_rows: int  # workplaces read in random order by the uncached GET
    tenants: int
    tenant_requests: int  # 16 KiB journaled requests per tenant
    postgres_url: str | None  # an admin URL (a user allowed to create databases), or None
    binary: Path
    ceiling: Path
    mix: Path  # the parallel-suites client, bench/mix/
    peers: bool
    work: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="bench-")))
    quiet_log: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    # BENCH_ONLY: the numbers of the scenarios to run (empty: all of them).
    only: frozenset = frozenset()

    def wants(self, scenario):
        return not self.only or scenario in self.only

    def note(self, text):
        print(f"  note: {text}", flush=True)
        self.notes.append(text)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


# ---------------------------------------------------------------------------------------------
# The quiet-machine check


def _cpu_times():
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields), idle


def busy_fraction(seconds):
    total0, idle0 = _cpu_times()
    time.sleep(seconds)
    total1, idle1 = _cpu_times()
    total = total1 - total0
    return 1.0 - (idle1 - idle0) / total if total else 0.0


QUIET_BUSY = 0.10  # of all cores: on two cores, a fifth of one core doing something else


def wait_quiet(settings, label):
    """Waits until the machine is quiet (CPU ≤ 10 % busy over a second), at most quiet_wait
    seconds. Returns whether it was; a noisy run is measured anyway and marked."""
    sample = 0.25 if settings.smoke else 1.0
    started = time.monotonic()
    while True:
        busy = busy_fraction(sample)
        waited = time.monotonic() - started
        if busy <= QUIET_BUSY or waited >= settings.quiet_wait:
            quiet = busy <= QUIET_BUSY
            settings.quiet_log.append(
                {
                    "run": label,
                    "quiet": quiet,
                    "busy": round(busy, 3),
                    "waited_s": round(waited, 1),
                    "loadavg": os.getloadavg()[0],
                }
            )
            if not quiet and not settings.smoke:
                print(f"  noisy machine before {label}: {busy:.0%} busy after {waited:.0f} s", flush=True)
            return quiet


# ---------------------------------------------------------------------------------------------
# HTTP


def request(port, method, path, headers=None, body=None, timeout=120):
    """One request on a fresh connection → (status, headers dict lower-cased, body bytes)."""
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        headers = {"Content-Type": "application/json", **(headers or {})}
    elif isinstance(body, str):
        body = body.encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        res = conn.getresponse()
        data = res.read()
        return res.status, {k.lower(): v for k, v in res.getheaders()}, data
    finally:
        conn.close()


def request_json(port, method, path, headers=None, body=None, expect=200):
    status, _, data = request(port, method, path, headers, body)
    if expect is not None and status != expect:
        raise RuntimeError(f"{method} {path} answered {status}: {data[:300]!r}")
    return json.loads(data) if data else None


def raw_get(port, path, headers):
    """The exact response of a GET, headers in wire order (for the ceiling and WireMock)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1"] + [f"{k}: {v}" for k, v in headers.items()]
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        data = b""
        while b"\r\n\r\n" not in data:
            data += s.recv(65536)
        head, body = data.split(b"\r\n\r\n", 1)
        status_line, *header_lines = head.decode().split("\r\n")
        pairs = [tuple(x.strip() for x in h.split(":", 1)) for h in header_lines]
        length = int(dict((k.lower(), v) for k, v in pairs)["content-length"])
        while len(body) < length:
            body += s.recv(65536)
        return int(status_line.split()[1]), pairs, body


class AsyncConn:
    """A keep-alive HTTP/1.1 connection for asyncio scenarios (stdlib only)."""

    def __init__(self, port):
        self.port = port

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        return self

    @staticmethod
    def encode(method, path, headers, body=b""):
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    def send(self, raw):
        self.writer.write(raw)

    async def read(self):
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines:
            if ":" in line:
                k, v = line.split(":", 1)
                headers[k.strip().lower()] = v.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            body = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                body += await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                body = body[:-2]
        else:
            body = b""
        return int(status_line.split()[1]), headers, body

    async def call(self, raw):
        self.send(raw)
        await self.writer.drain()
        return await self.read()

    def close(self):
        self.writer.close()


# ---------------------------------------------------------------------------------------------
# Servers


def rss_mb(pid):
    """Resident set of a process and its children (Prism and WireMock run behind a launcher)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return round(total / 1024, 1)


class RssSampler:
    """Samples a server's RSS every 100 ms while a load runs; keeps the largest."""

    def __init__(self, pid):
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            self._stop.wait(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._stop.set()
        self._thread.join()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process pinned to the server core, with its log in the run's work dir."""

    def __init__(self, name, argv, port, settings, env=None, health="/_emulator/health", cwd=None):
        self.name, self.port, self.health = name, port, health
        self.log_path = settings.work / f"{name}.log"
        self.log = open(self.log_path, "wb")
        full_env = {**os.environ, **(env or {})}
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            ["taskset", "-c", SERVER_CORE, *map(str, argv)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=full_env,
            cwd=cwd,
            start_new_session=True,
        )

    @property
    def pid(self):
        return self.proc.pid

    def wait_ready(self, timeout=120, ok=lambda s: s < 500):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}: {self.tail()}")
            try:
                status, _, _ = request(self.port, "GET", self.health, timeout=2)
                if ok(status):
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not answer {self.health} within {timeout} s: {self.tail()}")

    def tail(self):
        try:
            return self.log_path.read_text(errors="replace")[-1500:]
        except OSError:
            return ""

    def rss(self):
        return rss_mb(self.pid)

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            except ProcessLookupError:
                pass
        self.log.close()


EMULATOR_ENV = {"EMULATOR__LOG__LEVEL": "warn"}


def emulator(settings, name, database_url, env=None):
    port = free_port()
    argv = [settings.binary, "--listen", f"127.0.0.1:{port}", "--database-url", database_url]
    return Server(name, argv, port, settings, env={**EMULATOR_ENV, **(env or {})})


# ---------------------------------------------------------------------------------------------
# Engines: each emulator database the scenarios compare


class Postgres:
    """Fresh databases on the server behind an admin URL, made with psql and dropped after."""

    def __init__(self, admin_url):
        self.admin_url = admin_url
        self.made = []

    def available(self):
        if not shutil.which("psql"):
            return "psql is not installed"
        r = subprocess.run(["psql", self.admin_url, "-Atqc", "select 1"], capture_output=True, text=True)
        return None if r.returncode == 0 else f"PostgreSQL did not answer: {r.stderr.strip()}"

    def create(self, name):
        subprocess.run(["psql", self.admin_url, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
                       check=True, capture_output=True)
        subprocess.run(["psql", self.admin_url, "-qc", f'CREATE DATABASE "{name}"'], check=True, capture_output=True)
        self.made.append(name)
        parts = urllib.parse.urlsplit(self.admin_url)
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))

    def drop(self, name):
        subprocess.run(["psql", self.admin_url, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
                       capture_output=True)
        if name in self.made:
            self.made.remove(name)

    def drop_all(self):
        for name in list(self.made):
            self.drop(name)


class Engine:
    """One emulator storage: `url(tag)` gives a fresh database for that tag."""

    def __init__(self, name, settings, postgres=None):
        self.name, self.settings, self.postgres = name, settings, postgres

    def url(self, tag):
        if self.name == "sqlite-memory":
            return "sqlite::memory:"
        if self.name == "sqlite-file":
            path = self.settings.work / f"{tag}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return f"sqlite://{path}"
        return self.postgres.create(f"bench_{os.getpid()}_{tag}".replace("-", "_"))

    def release(self, tag):
        if self.name == "postgres":
            self.postgres.drop(f"bench_{os.getpid()}_{tag}".replace("-", "_"))


# ---------------------------------------------------------------------------------------------
# wrk


def wrk(settings, url, scripts, seconds, env=None, headers=None, connections=None):
    """Runs wrk on the load core with the given lua/ scripts joined, then lua/report.lua (which
    prints every number as one JSON line) → that JSON."""
    names = [*scripts, "report.lua"]
    combined = settings.work / ("wrk-" + "+".join(n.removesuffix(".lua") for n in names) + ".lua")
    combined.write_text("\n".join((LUA / n).read_text() for n in names))
    argv = ["taskset", "-c", LOAD_CORE, "wrk", "-t1", f"-c{connections or settings.connections}", f"-d{seconds}s",
            "-s", str(combined)]
    for k, v in (headers or {}).items():
        argv += ["-H", f"{k}: {v}"]
    argv.append(url)
    r = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, **(env or {})})
    for line in r.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON "):])
    raise RuntimeError(f"wrk gave no result (exit {r.returncode}): {r.stdout[-800:]} {r.stderr[-800:]}")
