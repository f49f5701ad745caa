"""``Emulator`` (one process) and ``Tenant`` (one isolated state inside it)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from types import TracebackType
from typing import Any, Dict, List, Mapping, Optional, Sequence, Type, Union

#: The vendors' names, as every base URL, journal filter and fault rule spells them.
VENDORS = ("lifepos", "sup", "edin", "cloudtips")
#: The header naming a tenant, for clients that can add one.
TENANT_HEADER = "X-Emulator-Tenant"
#: The emulator's own rule for tenant names (the header's and the path's alike).
_TENANT_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

StrPath = Union[str, "os.PathLike[str]"]


class EmulatorError(RuntimeError):
    """The emulator could not be started, or stopped answering."""


class ControlError(EmulatorError):
    """A control-plane call was refused: ``status`` and the emulator's ``{"error": …}`` text."""

    def __init__(self, method: str, path: str, status: int, message: str) -> None:
        super().__init__(f"{method} {path}: {status} {message}")
        self.status = status
        self.message = message


def binary_path() -> str:
    """The ``vendor-emulator`` binary to start: ``$VENDOR_EMULATOR_BIN``, else the one the wheel
    installed beside this interpreter, else the first on ``PATH``."""
    given = os.environ.get("VENDOR_EMULATOR_BIN")
    if given:
        return given
    name = "vendor-emulator.exe" if sys.platform == "win32" else "vendor-emulator"
    scripts = sysconfig.get_path("scripts")
    beside = Path(scripts, name) if scripts else None
    if beside is not None and beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise EmulatorError(
            "no vendor-emulator binary: install the vendor-emulator wheel, put the binary on PATH "
            "or name it in VENDOR_EMULATOR_BIN"
        )
    return found


def _call(
    url: str,
    method: str = "GET",
    body: Any = None,
    headers: Optional[Mapping[str, str]] = None,
    timeout: float = 30.0,
) -> "tuple[int, Any]":
    """One HTTP call with a JSON body (or none): the status and the decoded JSON answer."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as err:
        status, raw = err.code, err.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode("utf-8", "replace")


class Emulator:
    """One emulator process, or one already running (``url=``).

    ``Emulator()`` starts the bundled binary on ``127.0.0.1`` with a port the system picks and a
    fresh in-memory database; ``database_url`` keeps the state elsewhere (``sqlite://file.db``,
    ``postgres://…``), ``fixtures`` names the document every tenant starts from (the bundled demo
    fixtures when absent). ``Emulator(url="http://host:8080")`` drives one already running
    (docker compose, a shared staging instance) and starts nothing. ``control_token`` is sent to
    the control plane when the instance requires one. Use it as a context manager, or call
    ``start()`` and ``stop()``.
    """

    def __init__(
        self,
        database_url: Optional[str] = None,
        *,
        url: Optional[str] = None,
        fixtures: Optional[StrPath] = None,
        binary: Optional[StrPath] = None,
        args: Sequence[str] = (),
        env: Optional[Mapping[str, str]] = None,
        control_token: Optional[str] = None,
        startup_timeout: float = 30.0,
    ) -> None:
        if url is not None and (database_url or fixtures or binary or args):
            raise ValueError("url= drives a running emulator: it takes no database, fixtures, binary or args")
        self.database_url = database_url
        self.fixtures = fixtures
        self.binary = binary
        self.args = list(args)
        self.env = dict(env or {})
        self.control_token = control_token
        self.startup_timeout = startup_timeout
        self._url = url.rstrip("/") if url else None
        self._external = url is not None
        self._process: Optional["subprocess.Popen[bytes]"] = None
        self._workdir: Optional[tempfile.TemporaryDirectory[str]] = None

    @property
    def url(self) -> str:
        """The root URL (``http://127.0.0.1:PORT``); vendors are under ``/<vendor>``."""
        if self._url is None:
            raise EmulatorError("the emulator is not started")
        return self._url

    @property
    def log(self) -> str:
        """What the started process has logged so far (empty for a running one)."""
        if self._workdir is None:
            return ""
        path = Path(self._workdir.name, "emulator.log")
        return path.read_text("utf-8", "replace") if path.exists() else ""

    def start(self) -> "Emulator":
        """Starts the process (unless driving a running one) and waits until it is healthy."""
        if self._external:
            self._wait_healthy(time.monotonic() + self.startup_timeout)
            return self
        if self._process is not None:
            return self
        self._workdir = tempfile.TemporaryDirectory(prefix="vendor-emulator-")
        ready = Path(self._workdir.name, "ready.json")
        argv = [
            str(self.binary or binary_path()),
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--ready-file",
            str(ready),
            "--database-url",
            self.database_url or "sqlite::memory:",
        ]
        if self.fixtures is not None:
            argv += ["--fixtures", str(self.fixtures)]
        argv += self.args
        env = {**os.environ, "EMULATOR__LOG__LEVEL": "warn", **self.env}
        with open(Path(self._workdir.name, "emulator.log"), "wb") as log:
            self._process = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                cwd=self._workdir.name, env=env,
            )
        deadline = time.monotonic() + self.startup_timeout
        while not ready.exists():
            code = self._process.poll()
            if code is not None:
                log_text = self.log
                self.stop()
                raise EmulatorError(f"vendor-emulator exited with {code}:\n{log_text}")
            if time.monotonic() > deadline:
                log_text = self.log
                self.stop()
                raise EmulatorError(f"vendor-emulator did not start in {self.startup_timeout} s:\n{log_text}")
            time.sleep(0.02)
        self._url = json.loads(ready.read_text("utf-8"))["url"]
        self._wait_healthy(deadline)
        return self

    def _wait_healthy(self, deadline: float) -> None:
        last = ""
        while time.monotonic() < deadline:
            try:
                status, body = _call(self.url + "/_emulator/health", timeout=2)
                if status == 200:
                    return
                last = f"{status} {body}"
            except OSError as err:
                last = str(err)
            time.sleep(0.05)
        raise EmulatorError(f"{self.url}/_emulator/health is not healthy: {last}")

    def stop(self) -> None:
        """Stops the process (SIGTERM, then SIGKILL after 10 s) and removes its files; a running
        emulator (``url=``) is left running."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None
        if not self._external:
            self._url = None

    def __enter__(self) -> "Emulator":
        return self.start()

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.stop()

    def tenant(self, name: Optional[str] = None) -> "Tenant":
        """A tenant by name, or a new one with a unique name (created on its first use)."""
        return Tenant(self, name or new_tenant_name())

    @property
    def control_headers(self) -> Dict[str, str]:
        """The control token's header, when one is set."""
        return {"Authorization": f"Bearer {self.control_token}"} if self.control_token else {}

    def health(self) -> Dict[str, Any]:
        """``GET /_emulator/health``: status, version and storage engine."""
        status, body = _call(self.url + "/_emulator/health")
        if status != 200:
            raise ControlError("GET", "/health", status, str(body))
        return body  # type: ignore[no-any-return]


def new_tenant_name(prefix: str = "t") -> str:
    """A tenant name no other test uses: the prefix, the pytest-xdist worker, a random part."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    name = "-".join(part for part in (prefix, worker, uuid.uuid4().hex[:16]) if part).lower()
    if not _TENANT_NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not a tenant name: it must match {_TENANT_NAME.pattern}")
    return name


class Tenant:
    """One tenant of an emulator: its own entities, tokens, outbox, journal, clock and faults.

    ``base_url(vendor)`` is where a client configured with nothing but a base URL reaches the
    vendor inside this tenant; ``headers`` is the header alternative for clients that can add
    one. The other methods are the control plane (``/_emulator``) for this tenant.
    """

    def __init__(self, emulator: Emulator, name: str) -> None:
        if not _TENANT_NAME.fullmatch(name):
            raise ValueError(f"{name!r} is not a tenant name: it must match {_TENANT_NAME.pattern}")
        self.emulator = emulator
        self.name = name

    def __repr__(self) -> str:
        return f"Tenant({self.name!r} at {self.emulator.url})"

    @property
    def url(self) -> str:
        """The tenant's root: ``http://HOST:PORT/_t/{tenant}``."""
        return f"{self.emulator.url}/_t/{self.name}"

    def base_url(self, vendor: str) -> str:
        """The vendor's base URL inside this tenant, e.g. ``http://127.0.0.1:PORT/_t/t-1a2b/lifepos``."""
        if vendor not in VENDORS:
            raise ValueError(f"unknown vendor {vendor!r}: one of {', '.join(VENDORS)}")
        return f"{self.url}/{vendor}"

    @property
    def headers(self) -> Dict[str, str]:
        """``{"X-Emulator-Tenant": name}``, for a client that adds headers to the root base URL."""
        return {TENANT_HEADER: self.name}

    def control(
        self,
        method: str,
        path: str,
        body: Any = None,
        query: Optional[Mapping[str, Any]] = None,
    ) -> Any:
        """Any control-plane call for this tenant (``path`` after ``/_emulator``); the decoded
        answer, or ``ControlError`` for a refusal."""
        url = f"{self.url}/_emulator{path}"
        params = {key: value for key, value in (query or {}).items() if value is not None}
        if params:
            url += "?" + urllib.parse.urlencode(
                {key: str(value).lower() if isinstance(value, bool) else value for key, value in params.items()}
            )
        status, answer = _call(url, method, body, self.emulator.control_headers)
        if not 200 <= status < 300:
            message = answer.get("error", answer) if isinstance(answer, dict) else answer
            raise ControlError(method, path, status, str(message))
        return answer

    def outbox(self, phone: Optional[str] = None, vendor: Optional[str] = None) -> List[Dict[str, Any]]:
        """Every SMS a vendor sent in this tenant, oldest first (``id, vendor, phone, text, code,
        created_at``), optionally for one phone number or vendor."""
        answer = self.control("GET", "/outbox", query={"phone": phone, "vendor": vendor})
        return answer["messages"]  # type: ignore[no-any-return]

    def clock(self) -> Dict[str, Any]:
        """The tenant's clock: ``now`` (RFC 3339), ``offset_seconds``, ``frozen``."""
        return self.control("GET", "/clock")  # type: ignore[no-any-return]

    def advance(self, seconds: int) -> Dict[str, Any]:
        """Moves the tenant's clock forward (token lifetimes, bans, resend intervals follow)."""
        return self.control("POST", "/clock", {"advance_seconds": seconds})  # type: ignore[no-any-return]

    def set_clock(self, iso: str) -> Dict[str, Any]:
        """Sets the tenant's clock to an RFC 3339 instant, not before its now."""
        return self.control("POST", "/clock", {"set": iso})  # type: ignore[no-any-return]

    def freeze(self, frozen: bool = True) -> Dict[str, Any]:
        """Stops (or restarts) the tenant's clock."""
        return self.control("POST", "/clock", {"freeze": frozen})  # type: ignore[no-any-return]

    def load(self, document: Mapping[str, Any], replace: bool = False) -> Dict[str, Any]:
        """Loads a fixture document, all or nothing: counts of what was added. ``replace=True``
        empties the tenant first, so the document becomes its whole state."""
        query = {"mode": "replace"} if replace else None
        return self.control("POST", "/fixtures", dict(document), query)  # type: ignore[no-any-return]

    def state(self) -> Dict[str, Any]:
        """The tenant's whole state, as a fixture document."""
        return self.control("GET", "/state")  # type: ignore[no-any-return]

    def journal(self, **filters: Any) -> List[Dict[str, Any]]:
        """The tenant's vendor calls, newest last; filters ``vendor``, ``method``, ``status``,
        ``limit``."""
        return self.control("GET", "/journal", query=filters)["entries"]  # type: ignore[no-any-return]

    def fault(self, **rule: Any) -> str:
        """Adds a fault rule (``vendor``, ``method``, ``path`` glob, ``status``, ``body``,
        ``delay_ms``, ``probability``, ``times``); its id."""
        return self.control("POST", "/faults", rule)["id"]  # type: ignore[no-any-return]

    def faults(self) -> List[Dict[str, Any]]:
        """The tenant's fault rules."""
        return self.control("GET", "/faults")["faults"]  # type: ignore[no-any-return]

    def reset(self) -> None:
        """Back to the startup fixtures: entities, outbox, journal, bans, faults and clock."""
        self.control("POST", "/reset")

    def delete(self) -> None:
        """Deletes the tenant with everything it holds; its next use starts it afresh."""
        url = f"{self.emulator.url}/_emulator/tenants/{self.name}"
        status, answer = _call(url, "DELETE", None, self.emulator.control_headers)
        # 404: never used, so there is nothing to delete.
        if not 200 <= status < 300 and status != 404:
            raise ControlError("DELETE", f"/tenants/{self.name}", status, str(answer))
