"""The benchmark session: starts the contenders, runs every scenario, writes the results.

Called by bench/run (which installs the tools and builds the binaries first); run from the load
core (`taskset -c 1`), while every server it starts is pinned to core 0.
"""

import argparse
import datetime
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path

import activations
import get_one
import list_pages
import mix
import peers
import report
import reset_state
import rss
import start
import uncached_get
import writes
from lib import ROOT, TOOLS, Engine, Postgres, Settings, emulator, rss_mb


def settings_from_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--smoke", action="store_true")
    p.add_argument("--binary", required=True, type=Path)
    p.add_argument("--ceiling", required=True, type=Path)
    p.add_argument("--mix", required=True, type=Path)
    p.add_argument("--out", required=True, type=Path)
    a = p.parse_args()
    env = os.environ.get
    smoke = a.smoke
    pg = env("BENCH_POSTGRES_URL") or (None if smoke else "postgres://postgres@127.0.0.1:5432/postgres")
    s = Settings(
        smoke=smoke,
        duration=int(env("BENCH_DURATION", "2" if smoke else "10")),
        warmup=int(env("BENCH_WARMUP", "1" if smoke else "3")),
        runs=int(env("BENCH_RUNS", "1" if smoke else "3")),
        connections=32,
        quiet_wait=float(env("BENCH_QUIET_WAIT", "0" if smoke else "20")),
        starts=int(env("BENCH_STARTS", "3" if smoke else "20")),
        list_rows=int(env("BENCH_LIST_ROWS", "2000" if smoke else "10000")),
        uncached_rows=int(env("BENCH_UNCACHED_ROWS", "2000" if smoke else "10000")),
        tenants=int(env("BENCH_TENANTS", "5" if smoke else "50")),
        tenant_requests=int(env("BENCH_TENANT_REQUESTS", "20" if smoke else "200")),
        postgres_url=pg,
        binary=a.binary.resolve(),
        ceiling=a.ceiling.resolve(),
        mix=a.mix.resolve(),
        peers=not smoke and env("BENCH_PEERS", "1") != "0",
        only=frozenset(int(n) for n in env("BENCH_ONLY", "").replace(",", " ").split()),
    )
    return s, a.out


def command_output(argv):
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        return (r.stdout + r.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return None


def machine():
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    return {"nproc": os.cpu_count(), "cpu_model": model,
            "kernel": platform.release(), "memory_gb": round(mem / 1024 / 1024, 1),
            "loadavg_at_start": os.getloadavg()}


def git():
    def out(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    changed = [line for line in out("status", "--porcelain").splitlines() if "bench/results/" not in line]
    return {"commit": out("rev-parse", "HEAD"), "branch": out("rev-parse", "--abbrev-ref", "HEAD"),
            "uncommitted_changes": bool(changed)}


def tools(settings):
    versions = {"wrk": command_output(["wrk", "-v"]), "python": sys.version.split()[0]}
    if settings.peers:
        jars = sorted((TOOLS / "npm/node_modules/wiremock/build").glob("wiremock-standalone-*.jar"))
        versions["wiremock"] = jars[-1].stem.removeprefix("wiremock-standalone-") if jars else None
        versions["java"] = command_output(["java", "-version"])
        versions["node"] = command_output(["node", "--version"])
        pkg = TOOLS / "npm/node_modules/@stoplight/prism-cli/package.json"
        if pkg.exists():
            import json
            versions["prism"] = json.loads(pkg.read_text())["version"]
    return versions


class Session:
    """Runs scenarios, keeping each one's failure instead of stopping at the first."""

    def __init__(self):
        self.failures = {}

    def scenario(self, name, fn, *args):
        print(f"== {name}", flush=True)
        started = time.monotonic()
        try:
            return fn(*args)
        except Exception as e:  # noqa: BLE001 - any failure is reported, then the run goes on
            traceback.print_exc()
            self.failures[name] = f"{type(e).__name__}: {e}"
            return None
        finally:
            print(f"   ({time.monotonic() - started:.1f} s)", flush=True)


def main():
    # A SIGTERM unwinds like Ctrl-C, so the servers are stopped and the databases dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    settings, out_dir = settings_from_args()
    began = time.monotonic()
    session = Session()
    results = {
        "date": datetime.date.today().isoformat(),
        "started_at": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "mode": "smoke" if settings.smoke else "full",
        "machine": machine(),
        "git": git(),
        "settings": {k: getattr(settings, k) for k in ("duration", "warmup", "runs", "connections", "quiet_wait",
                                                        "starts", "list_rows", "uncached_rows", "tenants",
                                                        "tenant_requests")},
        "binary": str(settings.binary.relative_to(ROOT)) if settings.binary.is_relative_to(ROOT) else str(settings.binary),
        "pinning": {"servers": "core 0 (taskset -c 0)", "load": "core 1 (taskset -c 1)"},
        "only": sorted(settings.only),
    }
    results["tools"] = tools(settings)

    postgres = Postgres(settings.postgres_url) if settings.postgres_url else None
    engines = [Engine("sqlite-memory", settings), Engine("sqlite-file", settings)]
    if postgres:
        problem = postgres.available()
        if problem:
            settings.note(f"PostgreSQL left out: {problem}")
        else:
            engines.append(Engine("postgres", settings, postgres))
    else:
        settings.note("PostgreSQL left out: BENCH_POSTGRES_URL is not set")
    results["engines"] = [e.name for e in engines]

    # The ceiling serves every ratio of the session (scenarios 1, 2, 8, 9), so it runs to the end.
    servers, others, ceil = {}, [], None
    ceiling_rps = None
    try:
        for e in engines:
            servers[e.name] = emulator(settings, f"emulator-{e.name}", e.url("main")).wait_ready()
        time.sleep(1)
        results["rss"] = {name: {"idle_mb": s.rss()} for name, s in servers.items()}

        contenders = [{"name": f"emulator-{n}", "kind": "emulator", "port": s.port, "pid": s.pid}
                      for n, s in servers.items()]
        first = next(iter(servers.values()))
        headers, body, response_file = peers.record(settings, first.port)
        if any(settings.wants(n) for n in (1, 2, 8, 9)):
            ceil = session.scenario("ceiling", peers.ceiling, settings, response_file)
        if ceil and settings.wants(1):
            contenders.append({"name": "ceiling", "kind": "ceiling", "port": ceil.port, "pid": ceil.pid})
        if settings.peers and settings.wants(1):
            for name, start_peer, args, warmup in (("wiremock", peers.wiremock, (headers, body), 15),
                                                   ("prism", peers.prism, (first.port,), 5)):
                peer = session.scenario(f"start {name}", start_peer, settings, *args)
                if peer:
                    others.append(peer)
                    contenders.append({"name": name, "kind": "peer", "port": peer.port, "pid": peer.pid,
                                       "warmup": max(warmup, settings.warmup)})
        results["get_one"] = (session.scenario("1. GET one workplace", get_one.run, settings, contenders)
                              if settings.wants(1) else None)
        for c in contenders:
            if results["get_one"] and c["kind"] != "emulator":
                results["get_one"][c["name"]]["rss_idle_mb"] = rss_mb(c["pid"])
        if results["get_one"]:
            for name in servers:
                results["rss"][name]["under_load_mb"] = results["get_one"][f"emulator-{name}"]["rss_under_load_mb"]
        for s in others:
            s.stop()
        others = []
        if results["get_one"] and "ceiling" in results["get_one"]:
            ceiling_rps = results["get_one"]["ceiling"]["median"]["rps"]
        elif ceil:
            ceiling_rps = session.scenario("the ceiling's GET rate", get_one.ceiling_rps, settings, ceil.port)
        results["ceiling_rps"] = ceiling_rps

        results["writes"], results["activations"], results["list_pages"], results["reset_state"] = {}, {}, {}, {}
        for name, s in servers.items() if settings.wants(2) else ():
            results["writes"][name] = session.scenario(f"2. writes on {name}", writes.run, settings, s, ceiling_rps)
        for name, s in servers.items() if settings.wants(3) else ():
            results["activations"][name] = session.scenario(f"3. wrong activations on {name}", activations.run,
                                                            settings, name, s.port)
        for name, s in servers.items() if settings.wants(4) else ():
            if name != "sqlite-memory":
                results["list_pages"][name] = session.scenario(f"4. list pages on {name}", list_pages.run,
                                                               settings, name, s.port)
        for name, s in servers.items() if settings.wants(7) else ():
            results["reset_state"][name] = session.scenario(f"7. fixtures/state/reset on {name}", reset_state.run,
                                                            settings, name, s.port)
    finally:
        for s in [*others, *servers.values()]:
            s.stop()
        for e in engines:
            e.release("main")

    # Each on a fresh emulator per engine, against the ceiling still running.
    results["uncached_get"], results["mix"] = {}, {}
    try:
        for e in engines if settings.wants(8) else ():
            results["uncached_get"][e.name] = session.scenario(f"8. uncached GET on {e.name}", uncached_get.run,
                                                               settings, e, ceiling_rps)
        for e in engines if settings.wants(9) else ():
            results["mix"][e.name] = session.scenario(f"9. parallel suites on {e.name}", mix.run, settings, e,
                                                      ceiling_rps)
    finally:
        if ceil:
            ceil.stop()

    # On a fresh emulator per engine: the long-lived ones above hold the earlier scenarios' rows
    # (in the process itself for SQLite memory), which would be counted as the journal's memory.
    for e in engines if settings.wants(6) else ():
        fresh = emulator(settings, f"emulator-{e.name}-rss", e.url("rss")).wait_ready()
        try:
            tenants = session.scenario(f"6. RSS after tenants on {e.name}", rss.run, settings, fresh)
            if tenants:
                results.setdefault("rss", {}).setdefault(e.name, {}).update(tenants)
        finally:
            fresh.stop()
            e.release("rss")

    results["start"] = {}
    for e in engines if settings.wants(5) else ():
        results["start"][e.name] = session.scenario(f"5. start to healthy on {e.name}", start.run, settings, e)
    if postgres:
        postgres.drop_all()

    results["quiet"] = {"all_quiet": all(q["quiet"] for q in settings.quiet_log),
                        "noisy_runs": sum(not q["quiet"] for q in settings.quiet_log),
                        "checked_runs": len(settings.quiet_log), "checks": settings.quiet_log}
    results["notes"] = settings.notes
    results["failures"] = session.failures
    results["elapsed_s"] = round(time.monotonic() - began, 1)
    session.scenario("report", report.write, results, out_dir)
    if session.failures:
        print(f"FAILED scenarios: {', '.join(session.failures)}; server logs are in {settings.work}", file=sys.stderr)
        sys.exit(1)
    shutil.rmtree(settings.work, ignore_errors=True)


if __name__ == "__main__":
    main()
