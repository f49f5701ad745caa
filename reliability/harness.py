"""Starting the emulator as a real process and talking to it over real sockets (standard library only)."""

import http.client
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("EMULATOR_BIN", os.path.join(ROOT, "target", "debug", "vendor-emulator"))
POSTGRES = os.environ.get("RELIABILITY_POSTGRES", "postgres://postgres@127.0.0.1:5432")
LP_HEADERS = {
    "Accept-Language": "ru-RU",
    "X-LP-Client-Identifier": "reliability",
    "X-LP-Client-Type": "App",
    "Content-Type": "application/json",
}


class Failure(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Emulator:
    """One emulator process on a free port; `env` holds EMULATOR__… settings."""

    def __init__(self, database_url, env=None, port=None, workdir=None):
        self.database_url = database_url
        self.env = dict(env or {})
        self.port = port or free_port()
        self.workdir = workdir or tempfile.mkdtemp(prefix="reliability-")
        self.process = None

    def start(self, timeout=20.0):
        env = dict(os.environ)
        env.update(self.env)
        env.setdefault("EMULATOR__LOG__LEVEL", "warn")
        self.log = open(os.path.join(self.workdir, f"emulator-{self.port}.log"), "ab")
        self.process = subprocess.Popen(
            [BINARY, "--listen", f"127.0.0.1:{self.port}", "--database-url", self.database_url],
            cwd=self.workdir,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            check(self.process.poll() is None, f"emulator exited at start: {self.log_text()}")
            try:
                if request(self.port, "GET", "/_emulator/health", timeout=1)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        raise Failure("emulator did not become healthy")

    def log_text(self):
        self.log.flush()
        with open(self.log.name, "rb") as handle:
            return handle.read().decode("utf-8", "replace")[-2000:]

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def terminate(self):
        self.process.send_signal(signal.SIGTERM)

    def alive(self):
        return self.process.poll() is None

    def rss_mb(self):
        """The process's resident memory (VmRSS), in MB."""
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        raise AssertionError("no VmRSS")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


def request(port, method, path, body=None, headers=None, timeout=10.0, source=None):
    """(status, headers, parsed JSON or raw bytes); `source`: the local address to connect from."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=timeout, source_address=(source, 0) if source else None
    )
    try:
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers = {"Content-Type": "application/json", **(headers or {})}
        elif isinstance(body, str):
            body = body.encode()
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        raw = response.read()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw
        return response.status, dict(response.getheaders()), parsed
    finally:
        connection.close()


def status_of_stream(port, path, headers=None, timeout=10.0):
    """(status, content type) of an answer that streams without end (server-sent events): the
    status line and headers only, then the connection is closed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type")
    finally:
        connection.close()


def tenant_headers(tenant, extra=None):
    return {"X-Emulator-Tenant": tenant, **(extra or {})}


def cloudtips_token(port, tenant, client_id="Partner", username="partner@example.com", password="secret"):
    """A CloudTips access token: the demo partner's, or with client_id=MobilePhone a receiver's
    (the demo receiver Анна: +79990000002, receiver-secret)."""
    form = urllib.parse.urlencode(
        {"grant_type": "password", "client_id": client_id, "username": username, "password": password})
    status, _, body = request(
        port,
        "POST",
        "/cloudtips/connect/token",
        body=form,
        headers=tenant_headers(tenant, {"Content-Type": "application/x-www-form-urlencoded"}),
    )
    check(status == 200, f"CloudTips token: {status} {body}")
    return body["access_token"]


class PostgresDatabase:
    """A database of its own on the shared server, dropped afterwards."""

    def __init__(self):
        self.name = "reliability_" + uuid.uuid4().hex[:12]

    def __enter__(self):
        psql("CREATE DATABASE " + self.name)
        return f"{POSTGRES}/{self.name}"

    def __exit__(self, *exc):
        psql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


def psql(sql):
    subprocess.run(["psql", f"{POSTGRES}/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                   stdout=subprocess.DEVNULL)
