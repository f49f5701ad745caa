"""Scenario 5: start to healthy, `starts` times on each engine, each on a fresh database.

The clock starts just before the process is spawned (pinned to the server core) and stops at the
first 200 of /_emulator/health, polled in a tight loop of raw sockets from this process (on the
load core), so no client start-up is counted. Migrations of the fresh database are part of it.
"""

import os
import signal
import socket
import subprocess
import time

from lib import EMULATOR_ENV, SERVER_CORE, free_port, median

HEALTH = b"GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


def healthy(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(HEALTH)
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def one_start(settings, database_url, timeout=30):
    port = free_port()
    env = {**os.environ, **EMULATOR_ENV}
    argv = ["taskset", "-c", SERVER_CORE, str(settings.binary), "--listen", f"127.0.0.1:{port}",
            "--database-url", database_url]
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not healthy(port):
            if proc.poll() is not None:
                raise RuntimeError(f"the emulator exited with {proc.returncode} on {database_url}")
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"not healthy within {timeout} s on {database_url}")
        return (time.perf_counter() - started) * 1000
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run(settings, engine):
    samples = []
    for i in range(settings.starts):
        tag = f"start{i}"
        url = engine.url(tag)
        try:
            samples.append(round(one_start(settings, url), 2))
        finally:
            engine.release(tag)
    print(f"  start to healthy {engine.name}: median {median(samples):.1f} ms, max {max(samples):.1f} ms "
          f"({len(samples)} starts)", flush=True)
    return {"samples_ms": samples, "median_ms": round(median(samples), 2), "max_ms": max(samples)}
