"""Many tenants on one SQLite file: resetting all of them never stalls another tenant's writes (a
tenant per transaction), and deleting all of them leaves no row behind."""

import os
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from harness import LP_HEADERS, Emulator, check, request, tenant_headers

ORDER = 3
# 5 000 take about 7 minutes on a debug build (RELIABILITY_TENANTS=5000); 2 000 keep a CI run short.
TENANTS = int(os.environ.get("RELIABILITY_TENANTS", "2000"))
CLIENTS = 16
ORG = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01"
API_KEY = "demo-lifepos-api-key"
STEADY = "reliability-steady"
# Generous for a debug build on a shared machine (a WAL checkpoint of the writer's can land in any
# write); the figure says what it was.
LONGEST_WRITE_BOUND_S = 1.0


def write_workplace(port, tenant, name):
    """One LIFE POS write in `tenant`: (status, seconds it took)."""
    began = time.monotonic()
    status, _, body = request(
        port,
        "POST",
        f"/lifepos/v6/orgs/{ORG}/workplaces",
        body={"workplace_type": "Stationary", "name": name},
        headers=tenant_headers(tenant, {**LP_HEADERS, "Authorization": API_KEY}),
        timeout=60,
    )
    return status, time.monotonic() - began, body


def database_mb(path):
    return sum(os.path.getsize(path + suffix) for suffix in ("", "-wal") if os.path.exists(path + suffix)) / 2**20


def rows_left(path, tenants):
    """Rows of any of `tenants` in every table that has them, read beside the emulator."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if any(column[1] == "tenant" for column in db.execute(f"PRAGMA table_info({name})"))
        ]
        total = db.execute("SELECT COUNT(*) FROM tenants WHERE name <> ?", (STEADY,)).fetchone()[0]
        for table in tables:
            total += db.execute(f"SELECT COUNT(*) FROM {table} WHERE tenant <> ?", (STEADY,)).fetchone()[0]
    return total


class SteadyWriter:
    """Writes to one tenant without pause, keeping each write's start, latency and status."""

    def __init__(self, port):
        self.port = port
        self.writes = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        n = 0
        while not self.stopping.is_set():
            began = time.monotonic()
            status, took, body = write_workplace(self.port, STEADY, f"steady {n % 100000}")
            self.writes.append((began, took, status, body))
            n += 1

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join()

    def during(self, start, end):
        return [write for write in self.writes if write[0] + write[1] >= start and write[0] <= end]


def test_tenants_scale_sqlite():
    emulator = Emulator("sqlite://emulator.db").start()
    database = os.path.join(emulator.workdir, "emulator.db")
    try:
        port = emulator.port
        rss_start = emulator.rss_mb()
        names = [f"scale-{n:05d}" for n in range(TENANTS)]
        began = time.monotonic()
        with ThreadPoolExecutor(CLIENTS) as pool:
            statuses = list(pool.map(lambda name: write_workplace(port, name, "one")[0], names))
        created_s = time.monotonic() - began
        check(all(status == 200 for status in statuses), f"writes: {sorted(set(statuses))}")
        status, _, body = request(port, "GET", "/_emulator/tenants")
        check(status == 200 and len(body["tenants"]) == TENANTS, f"tenants listed: {status}")
        rss_full = emulator.rss_mb()
        db_full = database_mb(database)

        with SteadyWriter(port) as steady:
            time.sleep(1.0)
            reset_began = time.monotonic()
            status, _, body = request(
                port, "POST", "/_emulator/reset?all=true", headers=tenant_headers(STEADY), timeout=600
            )
            reset_ended = time.monotonic()
            time.sleep(0.5)
        check(status == 200 and len(body["reset"]) == TENANTS + 1, f"reset: {status}")
        during = steady.during(reset_began, reset_ended)
        check(len(during) > 10, f"only {len(during)} steady writes during the reset")
        bad = [(status, body) for (_, _, status, body) in during if status != 200]
        check(not bad, f"steady writes refused during the reset: {bad[:3]}")
        latencies = sorted(took for (_, took, _, _) in during)
        longest = latencies[-1]
        median, p99 = latencies[len(latencies) // 2], latencies[len(latencies) * 99 // 100]
        check(longest <= LONGEST_WRITE_BOUND_S, f"a steady write took {longest * 1000:.0f} ms during the reset")

        began = time.monotonic()
        status, _, body = request(port, "DELETE", "/_emulator/tenants", timeout=600)
        deleted_s = time.monotonic() - began
        check(status == 200 and len(body["deleted"]) == TENANTS + 1, f"delete: {status}")
        left = rows_left(database, names)
        check(left == 0, f"{left} rows of deleted tenants left")
        status, _, body = request(port, "GET", "/_emulator/tenants")
        check(status == 200 and body["tenants"] == [], f"tenants after deleting: {body}")
        rss_after = emulator.rss_mb()
        return (
            f"{TENANTS} tenants (one write each, {CLIENTS} clients: {created_s:.1f} s; {db_full:.0f} MB of "
            f"database): reset?all {reset_ended - reset_began:.1f} s; another tenant's writes during it: "
            f"{len(during)}, none refused, median {median * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, longest "
            f"{longest * 1000:.0f} ms; after deleting all "
            f"({deleted_s:.1f} s): {left} rows, RSS {rss_start:.0f} → {rss_full:.0f} → {rss_after:.0f} MB"
        )
    finally:
        emulator.stop()
